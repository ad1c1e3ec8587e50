// HTTP-level behaviour of the API beyond who-may-call-what: range requests on recordings,
// the break-glass flow, the error shape and security headers, the OpenAPI document, and
// audit proofs an auditor checks offline with only the verifier key.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { AuditEntry } from '../../../src/audit/entry.js';
import { verifyProofFile, type InclusionProofFile } from '../../../src/audit/proof-file/index.js';
import { isSottoError } from '../../../src/errors/index.js';
import { SECURITY_HEADERS } from '../../../src/server/security-headers.js';
import { startApiFixture, type ApiAnswer, type ApiRequest } from '../../support/api-fixture.js';
import { assertErrorAnswer, assertNoSecrets } from './assertions.js';

const fx = await startApiFixture();
after(() => fx.close());
const acme = fx.tenants.acme;
const recordingUrl = `/v1/calls/${acme.call.id}/recording`;
const unredactedUrl = `/v1/calls/${acme.call.id}/transcript?view=unredacted`;

/** One request and the audit entries it produced (matched by its x-request-id). */
async function audited(path: string, options: ApiRequest = {}): Promise<{ answer: ApiAnswer; entries: { index: number; entry: AuditEntry }[] }> {
  const mark = await fx.auditMark();
  const answer = await fx.request(path, options);
  const entries = (await fx.auditSince(mark)).filter(({ entry }) => entry.requestId === answer.headers['x-request-id']);
  for (const { entry } of entries) assertNoSecrets(JSON.stringify(entry), fx, options.token, { allowEmails: false });
  return { answer, entries };
}

describe('when a supervisor asks for a range of a recording', () => {
  const size = acme.call.recording.length;
  const cases: [string, number, number][] = [
    ['bytes=0-99', 0, 99],
    ['bytes=-100', size - 100, size - 1],
    ['bytes=50000-', 50_000, size - 1],
    // Across the 16 KiB vault segments: 16384 and 32768 are boundaries.
    ['bytes=16380-32780', 16_380, 32_780],
    ['bytes=100000-999999', 100_000, size - 1],
  ];
  for (const [range, start, end] of cases) {
    it(`answers ${range} with 206, its Content-Range and exactly those stored bytes`, async () => {
      const answer = await fx.request(recordingUrl, { token: acme.users.supervisor.session, headers: { range } });
      assert.equal(answer.status, 206);
      assert.equal(answer.headers['content-range'], `bytes ${start}-${end}/${size}`);
      assert.equal(answer.headers['content-length'], String(end - start + 1));
      assert.equal(answer.headers['accept-ranges'], 'bytes');
      assert.ok(answer.body.equals(acme.call.recording.subarray(start, end + 1)));
    });
  }

  for (const range of ['bytes=200000-', 'bytes=-0', `bytes=${size}-`]) {
    it(`answers the unsatisfiable ${range} with 416 VAULT_RANGE_INVALID and bytes */size`, async () => {
      const answer = await fx.request(recordingUrl, { token: acme.users.supervisor.session, headers: { range } });
      assert.equal(answer.status, 416);
      assertErrorAnswer(answer, 'VAULT_RANGE_INVALID');
      assert.equal(answer.headers['content-range'], `bytes */${size}`);
    });
  }

  it('serves the whole recording for a multi-range header it does not support (RFC 9110 allows ignoring Range)', async () => {
    const answer = await fx.request(recordingUrl, { token: acme.users.supervisor.session, headers: { range: 'bytes=0-1,5-6' } });
    assert.equal(answer.status, 200);
    assert.ok(answer.body.equals(acme.call.recording));
  });

  it('records the listen before answering: who, which call, the subject as a keyed hash only', async () => {
    const { answer, entries } = await audited(recordingUrl, { token: acme.users.supervisor.session, headers: { range: 'bytes=-100' } });
    assert.equal(answer.status, 206);
    assert.equal(entries.length, 1);
    const entry = entries[0]?.entry;
    assert.ok(entry);
    assert.equal(entry.action, 'recording.listen');
    assert.equal(entry.outcome, 'allowed');
    assert.deepEqual(entry.principal, { id: acme.users.supervisor.id, kind: 'user', tenantId: 'acme', roles: ['supervisor'] });
    assert.deepEqual(entry.resource, {
      type: 'call',
      id: acme.call.id,
      tenantId: 'acme',
      subjectRef: await fx.runtime.vault.subjects.subjectRef('acme', acme.call.subjectId),
    });
    assert.equal(entry.breakGlass, undefined);
  });
});

describe('when a compliance officer needs the unredacted transcript', () => {
  const officer = acme.users.compliance_officer;
  let grantId = '';

  it('is refused with 403 BREAK_GLASS_REQUIRED while no grant is open, and the refusal is audited', async () => {
    const { answer, entries } = await audited(unredactedUrl, { token: officer.session });
    assert.equal(answer.status, 403);
    assertErrorAnswer(answer, 'BREAK_GLASS_REQUIRED');
    assert.ok(entries.some(({ entry }) => entry.action === 'transcript.view_unredacted' && entry.outcome === 'denied'));
  });

  it('cannot open break-glass with a reason under 10 characters (400), and the attempt is audited', async () => {
    const { answer, entries } = await audited('/v1/break-glass', { method: 'POST', token: officer.session, json: { reason: ' too short ', callId: acme.call.id } });
    assert.equal(answer.status, 400);
    assertErrorAnswer(answer, 'BREAK_GLASS_REASON_REQUIRED');
    assert.ok(entries.some(({ entry }) => entry.action === 'break_glass.open' && entry.outcome === 'denied' && entry.reason === 'BREAK_GLASS_REASON_REQUIRED'));
  });

  it('opens a grant for the call with a stated reason (201); the audit entry has its id, never the reason', async () => {
    const reason = 'Disputed payment, ticket 4711: the cardholder says the amount was wrong';
    const { answer, entries } = await audited('/v1/break-glass', { method: 'POST', token: officer.session, json: { reason, callId: acme.call.id, minutes: 5 } });
    assert.equal(answer.status, 201, answer.text);
    const grant = JSON.parse(answer.text) as { id: string; permission: string; callId: string; expiresAt: string };
    assert.equal(grant.permission, 'transcript.view_unredacted');
    assert.equal(grant.callId, acme.call.id);
    const minutes = (Date.parse(grant.expiresAt) - Date.now()) / 60_000;
    assert.ok(minutes > 4 && minutes <= 5, `expires in ${minutes} min`);
    grantId = grant.id;
    const open = entries.find(({ entry }) => entry.action === 'break_glass.open' && entry.outcome === 'allowed');
    assert.equal(open?.entry.resource.id, grant.id);
    assert.ok(!JSON.stringify(entries).includes('ticket 4711'));
  });

  it('then reads the unredacted transcript (200), flagged with the grant in the audit entry', async () => {
    const { answer, entries } = await audited(unredactedUrl, { token: officer.session });
    assert.equal(answer.status, 200, answer.text);
    assert.ok(answer.body.equals(acme.call.unredactedTranscript));
    assert.ok(answer.headers['x-sotto-break-glass-expires']);
    const read = entries.find(({ entry }) => entry.action === 'transcript.view_unredacted' && entry.outcome === 'allowed');
    assert.equal(read?.entry.breakGlass?.grantId, grantId);
  });

  it('does not let an analyst open break-glass (403 ACCESS_DENIED) or read the unredacted transcript', async () => {
    const analyst = acme.users.analyst;
    const opened = await audited('/v1/break-glass', { method: 'POST', token: analyst.session, json: { reason: 'I would like to read the card number' } });
    assert.equal(opened.answer.status, 403);
    assertErrorAnswer(opened.answer, 'ACCESS_DENIED');
    assert.ok(opened.entries.some(({ entry }) => entry.action === 'break_glass.open' && entry.outcome === 'denied'));
    const read = await audited(unredactedUrl, { token: analyst.session });
    assert.equal(read.answer.status, 403);
    assertErrorAnswer(read.answer, 'ACCESS_DENIED');
  });

  for (const query of ['view=UNREDACTED', 'view=redacted&view=unredacted', 'view=unredacted&view=unredacted', 'view[]=unredacted', 'VIEW=unredacted', 'view=unredacted%00']) {
    it(`gives an analyst no unredacted content for the crafted query ?${query}`, async () => {
      const answer = await fx.request(`/v1/calls/${acme.call.id}/transcript?${query}`, { token: acme.users.analyst.session });
      assert.ok([200, 400, 403].includes(answer.status), `${answer.status} ${answer.text}`);
      assert.ok(!answer.text.includes('4111'), answer.text);
      if (answer.status === 200) assert.ok(answer.body.equals(acme.call.transcript));
    });
  }

  it('is refused again (403) once the grant is revoked (204)', async () => {
    const { answer, entries } = await audited(`/v1/break-glass/${grantId}`, { method: 'DELETE', token: officer.session });
    assert.equal(answer.status, 204);
    assert.ok(entries.some(({ entry }) => entry.action === 'break_glass.close' && entry.outcome === 'allowed' && entry.resource.id === grantId));
    const again = await fx.request(unredactedUrl, { token: officer.session });
    assert.equal(again.status, 403);
    assertErrorAnswer(again, 'BREAK_GLASS_REQUIRED');
  });

  it('is refused (403) once a grant has expired', async () => {
    const opened = await fx.request('/v1/break-glass', { method: 'POST', token: officer.session, json: { reason: 'Regulator inquiry about this call', callId: acme.call.id, minutes: 1 } });
    assert.equal(opened.status, 201);
    const { id } = JSON.parse(opened.text) as { id: string };
    assert.equal((await fx.request(unredactedUrl, { token: officer.session })).status, 200);
    // An expiry in the past, as an hour later would have it.
    const ago = (ms: number): string => new Date(Date.now() - ms).toISOString();
    await fx.runtime.store.sql.run('UPDATE break_glass_grants SET created_at = ?, expires_at = ? WHERE id = ?', [ago(120_000), ago(60_000), id]);
    const after = await fx.request(unredactedUrl, { token: officer.session });
    assert.equal(after.status, 403);
    assertErrorAnswer(after, 'BREAK_GLASS_REQUIRED');
  });

  it('does not let a globex officer’s tenant-wide grant reach acme’s transcript (404)', async () => {
    const globexOfficer = fx.tenants.globex.users.compliance_officer;
    const opened = await fx.request('/v1/break-glass', { method: 'POST', token: globexOfficer.session, json: { reason: 'Investigating a globex payment dispute' } });
    assert.equal(opened.status, 201);
    const own = await fx.request(`/v1/calls/${fx.tenants.globex.call.id}/transcript?view=unredacted`, { token: globexOfficer.session });
    assert.equal(own.status, 200);
    const other = await fx.request(unredactedUrl, { token: globexOfficer.session });
    assert.equal(other.status, 404);
    assertErrorAnswer(other, 'NOT_FOUND');
  });
});

describe('when answers are errors', () => {
  it('answers an unknown /v1 route, a bad body and a missing token in the one error shape, with every security header', async () => {
    const answers: [ApiAnswer, Parameters<typeof assertErrorAnswer>[1]][] = [
      [await fx.request('/v1/nothing-here', { token: acme.users.owner.session }), 'NOT_FOUND'],
      [await fx.request('/v1/sessions', { method: 'POST', headers: { 'content-type': 'application/json' } }), 'USAGE'],
      [await fx.request('/v1/sessions', { method: 'POST', json: { tenant: 'acme', email: 'a@b.c' } }), 'USAGE'],
      [await fx.request('/v1/calls'), 'AUTH_REQUIRED'],
      [await fx.request(`/v1/calls/${acme.call.id}`, { token: acme.users.developer.session }), 'ACCESS_DENIED'],
    ];
    for (const [answer, code] of answers) {
      assertErrorAnswer(answer, code);
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) assert.equal(answer.headers[name], value, `${name} on ${answer.text}`);
      assert.match(String(answer.headers['x-request-id']), /^req_/);
      assert.equal(answer.headers['x-powered-by'], undefined);
    }
  });

  it('does not echo a malformed JSON body, which may hold call data', async () => {
    const answer = await fx.request('/v1/sessions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"tenant":"acme","email":"card 4111111111111111',
    });
    assert.equal(answer.status, 400);
    assertErrorAnswer(answer, 'USAGE');
    assert.ok(!answer.text.includes('4111'));
  });

  it('sends the security headers on content too (a recording)', async () => {
    const answer = await fx.request(recordingUrl, { token: acme.users.owner.session });
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) assert.equal(answer.headers[name], value, name);
  });
});

describe('when a client reads /openapi.json', () => {
  it('lists the /v1 paths tested here, and marks sign-in alone as needing no bearer token', async () => {
    const answer = await fx.request('/openapi.json');
    assert.equal(answer.status, 200);
    const doc = JSON.parse(answer.text) as { openapi: string; paths: Record<string, Record<string, { security?: unknown }>> };
    assert.match(doc.openapi, /^3\./);
    const expected = [
      '/v1/sessions',
      '/v1/sessions/current',
      '/v1/me',
      '/v1/users',
      '/v1/tokens',
      '/v1/tokens/{id}',
      '/v1/calls',
      '/v1/calls/{id}',
      '/v1/calls/{id}/recording',
      '/v1/calls/{id}/transcript',
      '/v1/audit/entries',
      '/v1/audit/checkpoint',
      '/v1/audit/proofs/inclusion/{index}',
      '/v1/audit/proofs/consistency',
      '/v1/break-glass',
      '/v1/break-glass/{id}',
      '/v1/retention',
      '/v1/retention/{dataClass}',
      '/v1/legal-holds',
      '/v1/legal-holds/{id}/release',
      '/v1/erasures',
      '/v1/erasures/{id}/certificate',
      '/v1/incidents',
      '/v1/incidents/{id}',
      '/v1/incidents/{id}/close',
      '/v1/incidents/{id}/reopen',
      '/v1/incidents/{id}/impact',
      '/v1/incidents/{id}/notifications',
      '/v1/subprocessors/policy',
      '/v1/subject-exports',
      '/v1/subject-exports/{id}',
      '/v1/calls/stream-tokens',
      '/v1/posture',
      '/v1/calls/{id}/live',
    ];
    // Other issues add their own /v1 paths (and test them in their own files): this list is the
    // ones tested here, and every /v1 operation but sign-in must need a bearer token.
    const listed = Object.keys(doc.paths).filter((p) => p.startsWith('/v1/'));
    for (const path of expected) assert.ok(listed.includes(path), `${path} is missing from /openapi.json`);
    for (const path of listed) {
      for (const [method, operation] of Object.entries(doc.paths[path] ?? {})) {
        if (path === '/v1/sessions' && method === 'post') continue;
        assert.notDeepEqual(operation.security, [], `${method} ${path} is marked as needing no bearer token`);
      }
    }
    assert.deepEqual(doc.paths['/v1/sessions']?.['post']?.security, []);
    // The deletion-certificate endpoints are public, outside /v1.
    assert.deepEqual(doc.paths['/deletion-certificates/verifier-key']?.['get']?.security, []);
    assert.deepEqual(doc.paths['/deletion-certificates/verify']?.['post']?.security, []);
    // So is the subprocessor transparency listing (GDPR Art. 28).
    assert.deepEqual(doc.paths['/transparency/subprocessors']?.['get']?.security, []);
  });
});

describe('when an auditor checks the log offline', () => {
  it('verifies an inclusion proof from the API with the verifier key from /v1/audit/checkpoint', async () => {
    const auditor = acme.users.auditor.session;
    const listen = await audited(recordingUrl, { token: acme.users.supervisor.session, headers: { range: 'bytes=0-9' } });
    const index = listen.entries[0]?.index;
    assert.ok(index !== undefined);
    const checkpoint = await fx.request('/v1/audit/checkpoint', { token: auditor });
    assert.equal(checkpoint.status, 200);
    const { verifierKey } = JSON.parse(checkpoint.text) as { verifierKey: string };

    const proof = await fx.request(`/v1/audit/proofs/inclusion/${index}`, { token: auditor });
    assert.equal(proof.status, 200, proof.text);
    const file = JSON.parse(proof.text) as InclusionProofFile;
    const checked = verifyProofFile(file, verifierKey);
    assert.ok(checked.kind === 'inclusion');
    assert.equal(checked.index, index);
    assert.deepEqual(checked.entry, listen.entries[0]?.entry);

    // One flipped proof hash and the file no longer verifies.
    const first = Buffer.from(file.proof[0] ?? '', 'base64');
    assert.equal(first.length, 32);
    first[0] = (first[0] ?? 0) ^ 1;
    assert.throws(() => verifyProofFile({ ...file, proof: [first.toString('base64'), ...file.proof.slice(1)] }, verifierKey), (err) => isSottoError(err));
  });

  it('shows acme’s auditor the listen entry and globex’s auditor nothing of it', async () => {
    const listen = await audited(recordingUrl, { token: acme.users.supervisor.session, headers: { range: 'bytes=0-9' } });
    const index = listen.entries[0]?.index ?? -1;
    const read = async (token: string): Promise<number[]> => {
      const answer = await fx.request(`/v1/audit/entries?from=${index}&limit=5`, { token });
      assert.equal(answer.status, 200);
      return (JSON.parse(answer.text) as { entries: { index: number }[] }).entries.map((e) => e.index);
    };
    assert.ok((await read(acme.users.auditor.session)).includes(index));
    assert.ok(!(await read(fx.tenants.globex.users.auditor.session)).includes(index));
    const hidden = await fx.request(`/v1/audit/proofs/inclusion/${index}`, { token: fx.tenants.globex.users.auditor.session });
    assert.equal(hidden.status, 404);
  });

  it('verifies a consistency proof between two checkpoints', async () => {
    const size = (note: string): number => Number(note.split('\n')[1]);
    const older = size(await fx.runtime.audit.checkpoint());
    await fx.request('/v1/calls', { token: acme.users.auditor.session });
    const newer = size(await fx.runtime.audit.checkpoint());
    assert.ok(newer > older);
    const answer = await fx.request(`/v1/audit/proofs/consistency?from=${older}&to=${newer}`, { token: acme.users.auditor.session });
    assert.equal(answer.status, 200, answer.text);
    const checked = verifyProofFile(JSON.parse(answer.text), await fx.runtime.audit.verifierKey());
    assert.deepEqual(checked, { kind: 'consistency', origin: 'sotto.local/audit', size: newer, oldSize: older });
  });

  it('leaves, after everything above, a log that verifies from the first entry to the last', async () => {
    await fx.runtime.audit.verify();
    assert.ok(!fx.logText().includes(acme.call.subjectId));
    for (const secret of fx.secrets()) assert.ok(!fx.logText().includes(secret), 'a secret in the server log');
  });
});
