// Issue 3, "Tests that must exist": every endpoint, called as every role, as API tokens, with
// no, malformed, forged, revoked and expired credentials, and as another tenant acting on
// acme's ids. Each cell checks the answer (status, error code, content) against the
// hand-written role matrix (role-matrix.ts), and the audit entries the request produced.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { CLI_CONTEXT, LOCAL_OPERATOR } from '../../../src/access/index.js';
import { verifyProofFile } from '../../../src/audit/proof-file/index.js';
import { randomId } from '../../../src/crypto/index.js';
import { SECURITY_HEADERS } from '../../../src/server/security-headers.js';
import { startApiFixture, type ApiAnswer } from '../../support/api-fixture.js';
import { assertAreaContent } from './area-content.js';
import { assertAuditEntries, assertErrorAnswer, assertNoSecrets } from './assertions.js';
import { buildCallers, type Caller } from './callers.js';
import { ENDPOINTS, expectation, type Endpoint, type Expectation, type Targets } from './endpoints.js';
import { prepareIncidentExportTargets } from './incident-export-targets.js';

const fx = await startApiFixture();
after(() => fx.close());
const acme = fx.tenants.acme;
const callers = await buildCallers(fx);
const targets = await prepareTargets();
const verifierKey = await fx.runtime.audit.verifierKey();

async function prepareTargets(): Promise<Targets> {
  const victim = await fx.runtime.identity.apiTokens.create({ tenantId: 'acme', role: 'developer', name: 'table victim' });
  const officer = acme.users.compliance_officer;
  const grant = await fx.runtime.breakGlass.request(
    { id: officer.id, kind: 'user', tenantId: 'acme', roles: ['compliance_officer'] },
    // Scoped to a call that exists nowhere: the table's unredacted reads stay without a grant.
    { tenantId: 'acme', reason: 'fixture grant the table revokes', resourceId: randomId('call') },
  );
  const all = await fx.auditSince(0);
  const aboutAcme = all.find(({ entry }) => entry.principal.tenantId === 'acme' && entry.resource.tenantId === 'acme');
  if (aboutAcme === undefined) throw new Error('no acme audit entry to prove');
  const sizeOf = (note: string): number => Number(note.split('\n')[1]);
  const from = sizeOf(await fx.runtime.audit.checkpoint());
  await fx.request('/v1/users', { token: acme.users.owner.session });
  const to = sizeOf(await fx.runtime.audit.checkpoint());
  const newHoldId = async (): Promise<string> =>
    (await fx.runtime.lifecycle.setHold(LOCAL_OPERATOR, { tenantId: 'acme', target: { scope: 'call', callId: acme.call.id } }, CLI_CONTEXT)).id;
  const erasureSubject = '+15557654321';
  await fx.runtime.vault.put({ tenantId: 'acme', subjectId: erasureSubject, kind: 'transcript', body: once(Buffer.from('{"turns":[]}')) });
  const erased = await fx.runtime.lifecycle.erase(LOCAL_OPERATOR, { tenantId: 'acme', subjectId: erasureSubject }, CLI_CONTEXT);
  return {
    callId: acme.call.id,
    missingCallId: randomId('call'),
    victimTokenId: victim.id,
    missingTokenId: randomId('tok'),
    grantId: grant.id,
    grantHolderId: officer.id,
    missingGrantId: randomId('bg'),
    entryIndex: aboutAcme.index,
    missingEntryIndex: 1_000_000_000,
    checkpointSizes: { from, to },
    holdId: await newHoldId(),
    missingHoldId: randomId('hold'),
    newHoldId,
    erasureSubject,
    erasureId: erased.erasureId,
    missingErasureId: randomId('era'),
    certificate: erased.certificate,
    ...(await prepareIncidentExportTargets(fx)),
  };
}

async function* once(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes;
}

function send(endpoint: Endpoint, path: string, authorization: string | undefined, body: unknown): Promise<ApiAnswer> {
  const headers: Record<string, string> = { ...endpoint.headers };
  if (authorization !== undefined) headers['authorization'] = authorization;
  return fx.request(path, { method: endpoint.method, headers, ...(body === undefined ? {} : { json: body }) });
}

function summary(e: Expectation): string {
  const audit = e.audit === 'none' ? 'not audited' : `audited ${e.audit.action} ${e.audit.outcome}`;
  return `${e.status}${e.code ? ` ${e.code}` : ''}, ${audit}`;
}

/** What /v1/me lists (the console shows only these): the role's grants that need no break-glass. */
const grantedWithoutBreakGlass = (role: string | undefined): string[] =>
  (fx.runtime.authorizer.describe().roles.find((r) => r.role === role)?.grants ?? []).filter((g) => g.requires === null).map((g) => g.permission).sort();

const json = (answer: ApiAnswer): Record<string, unknown> => JSON.parse(answer.text) as Record<string, unknown>;

/** Content checks for an answer the caller was entitled to. */
async function assertContent(endpoint: Endpoint, caller: Caller, answer: ApiAnswer, authorization: string | undefined, t: Targets): Promise<void> {
  const own = caller.tenant === undefined ? undefined : fx.tenants[caller.tenant];
  switch (endpoint.name) {
    case 'GET /v1/me':
      assert.deepEqual(json(answer), { id: caller.principalId, kind: caller.kind, tenantId: caller.tenant, roles: [caller.role], permissions: grantedWithoutBreakGlass(caller.role), breakGlassPermissions: caller.kind === 'service' ? [] : (fx.runtime.authorizer.describe().roles.find((r) => r.role === caller.role)?.grants ?? []).filter((g) => g.requires !== null).map((g) => g.permission).sort() });
      return;
    case 'GET /v1/users': {
      const ids = (json(answer)['users'] as { id: string }[]).map((u) => u.id);
      assert.ok(own && ids.includes(own.users.owner.id));
      if (caller.tenant !== 'acme') assert.ok(!ids.includes(acme.users.owner.id));
      assert.doesNotMatch(answer.text, /password|totpSecret|hash/i);
      return;
    }
    case 'GET /v1/calls?tenant=acme': {
      const ids = (json(answer)['calls'] as { id: string }[]).map((c) => c.id);
      assert.ok(own && ids.includes(own.call.id));
      assert.equal(ids.includes(acme.call.id), caller.tenant === 'acme');
      return;
    }
    case 'GET /v1/calls/:id':
      assert.equal(json(answer)['id'], acme.call.id);
      assert.ok(!('subjectRef' in json(answer)));
      return;
    case 'GET /v1/calls/:id/recording':
      assert.equal(answer.headers['content-type'], 'audio/wav');
      assert.ok(answer.body.equals(acme.call.recording));
      return;
    case 'GET /v1/calls/:id/recording (Range: bytes=1000-20999)':
      assert.equal(answer.headers['content-range'], `bytes 1000-20999/${acme.call.recording.length}`);
      assert.ok(answer.body.equals(acme.call.recording.subarray(1000, 21000)));
      return;
    case 'GET /v1/calls/:id/transcript':
      assert.ok(answer.body.equals(acme.call.transcript));
      return;
    case 'GET /v1/audit/entries':
      for (const { entry } of json(answer)['entries'] as { entry: { principal: { tenantId: string }; resource: { tenantId: string } } }[]) {
        assert.ok(entry.principal.tenantId === caller.tenant || entry.resource.tenantId === caller.tenant, JSON.stringify(entry));
      }
      return;
    case 'GET /v1/audit/checkpoint':
      assert.equal(json(answer)['verifierKey'], verifierKey);
      assert.match(String(json(answer)['checkpoint']), /^sotto\.local\/audit\n\d+\n/);
      return;
    case 'GET /v1/audit/proofs/inclusion/:index': {
      const checked = verifyProofFile(json(answer), verifierKey);
      assert.ok(checked.kind === 'inclusion' && checked.index === targets.entryIndex);
      return;
    }
    case 'GET /v1/audit/proofs/consistency': {
      const checked = verifyProofFile(json(answer), verifierKey);
      assert.ok(checked.kind === 'consistency' && checked.oldSize === targets.checkpointSizes.from && checked.size === targets.checkpointSizes.to);
      return;
    }
    case 'POST /v1/users': {
      const user = json(answer)['user'] as { tenantId: string; role: string };
      assert.deepEqual([user.tenantId, user.role], [caller.tenant, 'auditor']);
      return;
    }
    case 'POST /v1/tokens':
      assert.match(String(json(answer)['token']), /^sotto_t_/);
      assert.equal(json(answer)['tenantId'], caller.tenant);
      return;
    case 'POST /v1/break-glass':
      assert.match(String(json(answer)['id']), /^bg_/);
      return;
    case 'DELETE /v1/sessions/current':
    case 'DELETE /v1/sessions': {
      // The session used is over: the same token no longer authenticates.
      const again = await fx.request('/v1/me', { headers: { authorization: String(authorization) } });
      assert.equal(again.status, 401);
      return;
    }
    case 'GET /v1/retention': {
      const body = json(answer) as { tenantId: string; retention: Record<string, { days: number }> };
      assert.equal(body.tenantId, caller.tenant);
      assert.equal(body.retention['transcript']?.days, 90);
      return;
    }
    case 'PUT /v1/retention/:dataClass':
    {
      const current = json(answer)['current'] as { dataClass: string; days: number; source: string };
      assert.deepEqual([current.dataClass, current.days, current.source], ['transcript', 90, 'tenant']);
    }
      return;
    case 'GET /v1/legal-holds?all=true': {
      const ids = (json(answer)['holds'] as { id: string }[]).map((h) => h.id);
      assert.equal(ids.includes(t.holdId), caller.tenant === 'acme');
      return;
    }
    case 'POST /v1/legal-holds (a call)':
      assert.deepEqual([json(answer)['scope'], json(answer)['target']], ['call', t.callId]);
      return;
    case 'POST /v1/legal-holds/:id/release':
      assert.equal(json(answer)['id'], t.holdId);
      assert.equal(json(answer)['releasedBy'], caller.principalId);
      return;
    case 'POST /v1/erasures': {
      const body = json(answer) as { erasureId: string; alreadyErased: boolean; certificate: { certificate: { tenantId: string } } };
      assert.equal(body.certificate.certificate.tenantId, caller.tenant);
      if (caller.tenant === 'acme') assert.deepEqual([body.erasureId, body.alreadyErased], [t.erasureId, true]);
      return;
    }
    case 'GET /v1/erasures/:id/certificate':
      assert.deepEqual(json(answer)['certificate'], t.certificate);
      return;
    case 'GET /deletion-certificates/verifier-key':
      assert.equal(json(answer)['verifierKey'], await fx.runtime.lifecycle.certificateVerifierKey());
      return;
    case 'POST /deletion-certificates/verify':
      assert.deepEqual([json(answer)['valid'], json(answer)['erasureId']], [true, t.erasureId]);
      return;
    default:
      if (!(await assertAreaContent(endpoint.name, caller, answer, t, fx))) assert.ok(answer.status === 204 || answer.body.length > 0);
  }
}

let cells = 0;

for (const endpoint of ENDPOINTS) {
  describe(endpoint.name, () => {
    for (const caller of callers) {
      const expected = expectation(endpoint, caller, targets);
      it(`as ${caller.label}: ${summary(expected)}`, async () => {
        cells++;
        const authorization = endpoint.freshSession && caller.user ? `Bearer ${await fx.login(caller.user)}` : caller.authorization;
        const t = endpoint.setup ? await endpoint.setup(targets) : targets;
        const mark = await fx.auditMark();
        const answer = await send(endpoint, endpoint.path(t), authorization, endpoint.body?.(t));
        const entries = await fx.auditSince(mark);

        assert.equal(answer.status, expected.status, answer.text);
        for (const [name, value] of Object.entries({ ...SECURITY_HEADERS, ...endpoint.ownHeaders })) assert.equal(answer.headers[name], value, name);
        if (expected.code !== undefined) assertErrorAnswer(answer, expected.code);
        else await assertContent(endpoint, caller, answer, authorization, t);
        assertAuditEntries(entries, answer, expected, caller.principalId, caller.failure);
        assertNoSecrets(answer.text, fx, authorization, { allowEmails: true });
        for (const { entry } of entries) assertNoSecrets(JSON.stringify(entry), fx, authorization, { allowEmails: false });
        // The erased subject's raw id was in a request body: it must come back in nothing.
        for (const text of [answer.text, ...entries.map(({ entry }) => JSON.stringify(entry))]) assert.ok(!text.includes(t.erasureSubject.slice(1)), 'a raw data-subject id');
        if (caller.tenant === 'globex' && endpoint.crossTenant === 'own-tenant' && endpoint.rule.kind !== 'public') {
          assert.ok(!answer.text.includes('acme') && !answer.text.includes(acme.users.owner.id), `acme data in ${answer.text}`);
        }

        // Another tenant's id answers exactly as an id that exists nowhere.
        if (caller.tenant === 'globex' && (endpoint.missingPath || endpoint.missingBody)) {
          const missing = await send(endpoint, (endpoint.missingPath ?? endpoint.path)(t), authorization, (endpoint.missingBody ?? endpoint.body)?.(t));
          assert.equal(missing.status, answer.status);
          assert.ok(missing.body.equals(answer.body), `${missing.text} ≠ ${answer.text}`);
        }
      });
    }
  });
}

describe('after the whole table', () => {
  it(`ran ${ENDPOINTS.length} endpoints × ${callers.length} callers`, () => {
    assert.equal(cells, ENDPOINTS.length * callers.length);
  });

  it('leaves an audit log that verifies', async () => {
    await fx.runtime.audit.verify();
  });
});
