// GET /v1/audit/entries as the console's Audit section reads it: newest first by a `before`
// cursor, filtered server-side, still only the caller's tenant; the checkpoint answer with the
// server's own signature check; an inclusion proof against a chosen checkpoint, as a download.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { parseVerifierKey } from '../../../src/audit/checkpoint/index.js';
import type { AuditEntry } from '../../../src/audit/entry.js';
import { verifyProofFile } from '../../../src/audit/proof-file/index.js';
import { startApiFixture } from '../../support/api-fixture.js';
import { assertErrorAnswer } from './assertions.js';

const fx = await startApiFixture();
after(() => fx.close());
const acme = fx.tenants.acme;
const auditor = acme.users.auditor.session;
type Page = { entries: { index: number; entry: AuditEntry }[]; next: number | null };

async function page(query: string, token = auditor): Promise<Page> {
  const answer = await fx.request(`/v1/audit/entries?${query}`, { token });
  assert.equal(answer.status, 200, answer.text);
  return JSON.parse(answer.text) as Page;
}

/** Every page of a query, following `next` as the cursor named `cursor`. */
async function all(query: string, cursor: 'from' | 'before', start?: number): Promise<Page['entries']> {
  const out: Page['entries'] = [];
  let next: number | null | undefined = start;
  do {
    const p = await page(next === undefined ? query : `${query}&${cursor}=${next}`);
    out.push(...p.entries);
    next = p.next;
  } while (next !== null);
  return out;
}

// Activity to find: a refused listen (analyst) and an allowed one (supervisor) on acme's call.
await fx.request(`/v1/calls/${acme.call.id}/recording`, { token: acme.users.analyst.session });
await fx.request(`/v1/calls/${acme.call.id}/recording`, { token: acme.users.supervisor.session, headers: { range: 'bytes=0-9' } });

describe('when an auditor reads entries newest first', () => {
  it('pages backwards by `before` through exactly the entries oldest-first paging gives, reversed', async () => {
    const mark = await fx.auditMark();
    const ascending = (await all('limit=50', 'from')).filter((e) => e.index < mark);
    const descending = (await all('order=desc&limit=7', 'before', mark)).map((e) => e.index);
    assert.ok(ascending.length > 7, `${ascending.length} entries`);
    assert.deepEqual(descending, ascending.map((e) => e.index).reverse());
  });

  it('starts at the log’s end without a cursor', async () => {
    const first = await page('order=desc&limit=1');
    const mark = await fx.auditMark();
    assert.ok((first.entries[0]?.index ?? -1) >= mark - 3, `${first.entries[0]?.index} vs ${mark}`);
  });
});

describe('when an auditor filters entries', () => {
  it('keeps only the outcome, action, principal and resource asked for', async () => {
    const denied = await all('order=desc&outcome=denied&limit=100', 'before');
    assert.ok(denied.length > 0 && denied.every((e) => e.entry.outcome === 'denied'));
    const listens = await all(`order=desc&action=recording.listen&resource=${acme.call.id}&limit=100`, 'before');
    assert.deepEqual(new Set(listens.map((e) => e.entry.outcome)), new Set(['allowed', 'denied']));
    const analyst = await all(`order=desc&action=recording.listen&principal=${acme.users.analyst.id}&limit=100`, 'before');
    assert.ok(analyst.length > 0 && analyst.every((e) => e.entry.principal.id === acme.users.analyst.id && e.entry.outcome === 'denied'));
  });

  it('bounds entry times by since and until, inclusive', async () => {
    const [newest] = (await page('order=desc&limit=1')).entries;
    assert.ok(newest);
    const at = newest.entry.at;
    const exactly = await page(`order=desc&since=${encodeURIComponent(at)}&until=${encodeURIComponent(at)}&limit=100&before=${newest.index + 1}`);
    assert.ok(exactly.entries.some((e) => e.index === newest.index));
    assert.ok(exactly.entries.every((e) => e.entry.at === at));
    const later = new Date(Date.parse(at) + 1).toISOString();
    assert.equal((await page(`order=desc&since=${later}&before=${newest.index + 1}`)).entries.length, 0);
  });

  it('never shows another tenant’s entries, whatever the filter names', async () => {
    const globex = await page(`order=desc&resource=${acme.call.id}&limit=100`, fx.tenants.globex.users.auditor.session);
    assert.deepEqual(globex.entries, []);
  });

  it('refuses a malformed filter with 400', async () => {
    for (const query of ['outcome=maybe', 'since=yesterday', 'action=recording%20listen', 'order=sideways', 'before=-1']) {
      const answer = await fx.request(`/v1/audit/entries?${query}`, { token: auditor });
      assert.equal(answer.status, 400, query);
      assertErrorAnswer(answer, 'USAGE');
    }
  });
});

describe('when an auditor reads the checkpoint and downloads a proof', () => {
  it('gets the server’s check of the signature, with the key that checked it and when it was signed', async () => {
    const answer = await fx.request('/v1/audit/checkpoint', { token: auditor });
    const body = JSON.parse(answer.text) as { verifierKey: string; signedAt: string; verification: { valid: boolean; keyId: string; size: number } };
    assert.equal(body.verification.valid, true);
    assert.equal(body.verification.keyId, parseVerifierKey(body.verifierKey).keyId.toString('hex'));
    assert.ok(Math.abs(Date.parse(body.signedAt) - Date.now()) < 10 * 60_000, body.signedAt);
  });

  it('serves the proof as an attachment, against the checkpoint asked for', async () => {
    const size = Number((await fx.runtime.audit.checkpoint()).split('\n')[1]);
    await fx.runtime.audit.checkpoint();
    const [entry] = (await page(`order=desc&action=recording.listen&before=${size}&limit=1`)).entries;
    assert.ok(entry);
    const answer = await fx.request(`/v1/audit/proofs/inclusion/${entry.index}?size=${size}`, { token: auditor });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.headers['content-disposition'], `attachment; filename="sotto-audit-inclusion-${entry.index}.json"`);
    const checked = verifyProofFile(JSON.parse(answer.text), await fx.runtime.audit.verifierKey());
    assert.ok(checked.kind === 'inclusion' && checked.size === size && checked.index === entry.index);
    const beyond = await fx.request(`/v1/audit/proofs/inclusion/${entry.index}?size=${entry.index}`, { token: auditor });
    assert.equal(beyond.status, 400);
    assertErrorAnswer(beyond, 'AUDIT_PROOF_RANGE_INVALID');
  });
});
