// Data subject access exports (issue 6, GDPR Art. 15 and 20) through the HTTPS API on a real
// server (test/support/api-fixture.ts): create, download, open with age, and every refusal.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { decryptExport, unpack } from '../../src/lifecycle/fixtures/subject-export-helpers.js';
import { startApiFixture, type ApiAnswer } from '../support/api-fixture.js';
import { assertErrorAnswer } from './api/assertions.js';

const fx = await startApiFixture();
after(() => fx.close());
const acme = fx.tenants.acme;
const officer = acme.users.compliance_officer.session;
const supervisor = acme.users.supervisor.session;
const globexOfficer = fx.tenants.globex.users.compliance_officer.session;
const subject = acme.call.subjectId;
const identity = await generateIdentity();
const recipient = await identityToRecipient(identity);

interface Created {
  exportId: string;
  bytes: number;
  empty: boolean;
  counts: Record<string, number>;
}

describe('subject exports over the API', () => {
  let created: Created;
  let download: ApiAnswer;

  it('POST /v1/subject-exports answers 201 with the export id, size and counts', async () => {
    const mark = await fx.auditMark();
    const answer = await fx.request('/v1/subject-exports', { method: 'POST', token: officer, json: { subject, recipient } });
    assert.equal(answer.status, 201, answer.text);
    created = JSON.parse(answer.text) as Created;
    assert.match(created.exportId, /^art_/);
    assert.deepEqual(created.counts, { calls: 1, transcripts: 1, recordings: 1, notIncluded: 1 });
    assert.ok(!answer.text.includes(subject));
    const entries = await fx.auditSince(mark);
    assert.ok(entries.some(({ entry }) => entry.action === 'subject.export' && entry.resource.id === created.exportId));
    assert.ok(!JSON.stringify(entries).includes(subject), 'the subject id is in the audit log');
  });

  it('GET /v1/subject-exports/:id returns the sealed bundle, which opens to the redacted call', async () => {
    const mark = await fx.auditMark();
    download = await fx.request(`/v1/subject-exports/${created.exportId}`, { token: officer });
    assert.equal(download.status, 200, download.text);
    assert.equal(download.headers['content-type'], 'application/octet-stream');
    assert.equal(download.body.length, created.bytes);
    const files = await unpack(await decryptExport(download.body, { identity }));
    assert.deepEqual(files.get(`calls/${acme.call.id}/transcript.json`), acme.call.transcript);
    assert.deepEqual(files.get(`calls/${acme.call.id}/recording.wav`), acme.call.recording);
    assert.ok(!Buffer.concat([...files.values()]).toString('latin1').includes('4111 1111 1111 1111'));
    const reads = (await fx.auditSince(mark)).filter(({ entry }) => entry.action === 'call.export' && entry.resource.id === created.exportId);
    assert.equal(reads.length, 1, 'the download is audited');
  });

  it('refuses a role without call.export, to create and to download', async () => {
    const create = await fx.request('/v1/subject-exports', { method: 'POST', token: supervisor, json: { subject, recipient } });
    assert.equal(create.status, 403, create.text);
    assertErrorAnswer(create, 'ACCESS_DENIED');
    const get = await fx.request(`/v1/subject-exports/${created.exportId}`, { token: supervisor });
    assert.equal(get.status, 403, get.text);
    assertErrorAnswer(get, 'ACCESS_DENIED');
  });

  it("answers another tenant's export id exactly like a missing one", async () => {
    const foreign = await fx.request(`/v1/subject-exports/${created.exportId}`, { token: globexOfficer });
    const missing = await fx.request('/v1/subject-exports/art_AAAAAAAAAAAAAAAAAAAAAA', { token: globexOfficer });
    assert.equal(foreign.status, 404);
    assertErrorAnswer(foreign, 'NOT_FOUND');
    assert.deepEqual([foreign.status, foreign.text], [missing.status, missing.text]);
    // A recording's id is not an export either.
    const notAnExport = await fx.request(`/v1/subject-exports/${acme.call.artifactIds.recording}`, { token: officer });
    assert.deepEqual([notAnExport.status, notAnExport.text], [missing.status, missing.text]);
  });

  for (const [label, body, code] of [
    ['both a passphrase and a recipient', { subject: 'x', passphrase: 'long enough passphrase', recipient: 'age1x' }, 'EXPORT_RECIPIENT_INVALID'],
    ['neither a passphrase nor a recipient', { subject: 'x' }, 'EXPORT_RECIPIENT_INVALID'],
    ['a short passphrase', { subject: 'x', passphrase: 'short' }, 'EXPORT_RECIPIENT_INVALID'],
    ['a malformed recipient', { subject: 'x', recipient: 'ssh-ed25519 AAAA' }, 'EXPORT_RECIPIENT_INVALID'],
    ['an empty subject', { subject: '', recipient }, 'USAGE'],
  ] as const) {
    it(`refuses ${label} with 400 ${code}`, async () => {
      const answer = await fx.request('/v1/subject-exports', { method: 'POST', token: officer, json: body });
      assert.equal(answer.status, 400, answer.text);
      assertErrorAnswer(answer, code);
    });
  }

  it('refuses the subject in a query string', async () => {
    const answer = await fx.request(`/v1/subject-exports?subject=${encodeURIComponent(subject)}`, { method: 'POST', token: officer, json: { subject, recipient } });
    assert.equal(answer.status, 400, answer.text);
    assertErrorAnswer(answer, 'USAGE');
  });

  it('for a subject with nothing held, answers 201 with an empty export', async () => {
    const answer = await fx.request('/v1/subject-exports', { method: 'POST', token: officer, json: { subject: 'nobody-we-know', recipient } });
    assert.equal(answer.status, 201, answer.text);
    assert.equal((JSON.parse(answer.text) as Created).empty, true);
  });
});
