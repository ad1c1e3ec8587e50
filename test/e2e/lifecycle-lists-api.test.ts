// The lifecycle lists the console reads (issue 7): GET /v1/erasures and GET /v1/subject-exports
// on a real server. Newest first, paged by an opaque cursor, one tenant only, audited, and never
// naming the data subject. Who may call them is the authorization table's job (test/e2e/api/).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { startApiFixture, type ApiAnswer } from '../support/api-fixture.js';
import { assertErrorAnswer } from './api/assertions.js';

const fx = await startApiFixture();
after(() => fx.close());
const officer = fx.tenants.acme.users.compliance_officer.session;
const globexOfficer = fx.tenants.globex.users.compliance_officer.session;
const recipient = await identityToRecipient(await generateIdentity());
const json = <T>(answer: ApiAnswer): T => JSON.parse(answer.text) as T;

/** Ordered by time, then id, both descending: the order the cursor pages in (ids break ties). */
function isNewestFirst(keys: [string, string][]): boolean {
  return keys.every((k, i) => i === 0 || (keys[i - 1] as [string, string]).join('|') > k.join('|'));
}

interface ErasurePage {
  erasures: { erasureId: string; requestedAt: string; requestedBy: string; completedAt: string | null; counts: Record<string, number> | null }[];
  next: string | null;
}

interface ExportPage {
  exports: { exportId: string; createdAt: string; bytes: number }[];
  next: string | null;
}

describe('GET /v1/erasures', () => {
  const subjects = ['lists-subject-one', 'lists-subject-two', 'lists-subject-three'];
  const made: string[] = [];

  it('lists the tenant’s erasures newest first, two pages by the cursor, with counts and no subject', async () => {
    for (const subject of subjects) {
      const answer = await fx.request('/v1/erasures', { method: 'POST', token: officer, json: { subject } });
      assert.equal(answer.status, 200, answer.text);
      made.push(json<{ erasureId: string }>(answer).erasureId);
    }
    const mark = await fx.auditMark();
    const first = await fx.request('/v1/erasures?limit=2', { token: officer });
    assert.equal(first.status, 200, first.text);
    const page1 = json<ErasurePage>(first);
    assert.equal(page1.erasures.length, 2);
    assert.ok(page1.next !== null);
    const page2 = json<ErasurePage>(await fx.request(`/v1/erasures?limit=2&before=${encodeURIComponent(page1.next)}`, { token: officer }));
    assert.equal(page2.next, null);
    const listed = [...page1.erasures, ...page2.erasures];
    assert.deepEqual(listed.map((e) => e.erasureId).sort(), [...made].sort());
    assert.ok(isNewestFirst(listed.map((e) => [e.requestedAt, e.erasureId])), 'newest first');
    for (const e of [...page1.erasures, ...page2.erasures]) {
      assert.deepEqual(e.counts, { recording: 0, transcript: 0, export: 0, call_record: 0 });
      assert.equal(e.requestedBy, fx.tenants.acme.users.compliance_officer.id);
      assert.notEqual(e.completedAt, null);
    }
    for (const subject of subjects) assert.ok(!first.text.includes(subject));
    assert.ok(!/subjectRef|[0-9a-f]{64}/.test(first.text), 'a keyed subject hash in the list');
    const reads = (await fx.auditSince(mark)).filter(({ entry }) => entry.action === 'call.delete' && entry.outcome === 'allowed');
    assert.equal(reads.length, 2, 'one audit entry per page read');
  });

  it('shows another tenant none of them', async () => {
    const page = json<ErasurePage>(await fx.request('/v1/erasures', { token: globexOfficer }));
    assert.ok(page.erasures.every((e) => !made.includes(e.erasureId)));
  });

  for (const [label, cursor] of [
    ['not base64 of at|id', 'garbage'],
    ['a bad timestamp', Buffer.from('yesterday|era_x').toString('base64url')],
    ['an id with quotes', Buffer.from(`2026-01-01T00:00:00.000Z|x' OR '1'='1`).toString('base64url')],
  ] as const) {
    it(`refuses a cursor that is ${label} with 400 USAGE`, async () => {
      assertErrorAnswer(await fx.request(`/v1/erasures?before=${encodeURIComponent(cursor)}`, { token: officer }), 'USAGE');
    });
  }

  it('refuses a limit above 200 with 400 USAGE', async () => {
    assertErrorAnswer(await fx.request('/v1/erasures?limit=201', { token: officer }), 'USAGE');
  });
});

describe('GET /v1/subject-exports', () => {
  it('lists the tenant’s stored exports newest first, paged, with sizes and no subject', async () => {
    const made: { exportId: string; bytes: number }[] = [];
    for (let i = 0; i < 2; i++) {
      const answer = await fx.request('/v1/subject-exports', { method: 'POST', token: officer, json: { subject: fx.tenants.acme.call.subjectId, recipient } });
      assert.equal(answer.status, 201, answer.text);
      made.push(json<{ exportId: string; bytes: number }>(answer));
    }
    const first = await fx.request('/v1/subject-exports?limit=1', { token: officer });
    const page1 = json<ExportPage>(first);
    assert.ok(page1.next !== null, first.text);
    const page2 = json<ExportPage>(await fx.request(`/v1/subject-exports?limit=1&before=${encodeURIComponent(page1.next)}`, { token: officer }));
    const listed = [...page1.exports, ...page2.exports];
    assert.deepEqual(listed.map((x) => [x.exportId, x.bytes]).sort(), made.map((x) => [x.exportId, x.bytes]).sort());
    assert.ok(isNewestFirst(listed.map((x) => [x.createdAt, x.exportId])), 'newest first');
    assert.ok(!first.text.includes(fx.tenants.acme.call.subjectId));
    const globex = json<ExportPage>(await fx.request('/v1/subject-exports', { token: globexOfficer }));
    assert.ok(globex.exports.every((x) => !made.some((m) => m.exportId === x.exportId)));
  });

  it('refuses a malformed cursor with 400 USAGE', async () => {
    assertErrorAnswer(await fx.request('/v1/subject-exports?before=garbage', { token: officer }), 'USAGE');
  });
});
