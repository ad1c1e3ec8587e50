import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Principal } from '../../access/index.js';
import type { AuditEntry } from '../../audit/entry.js';
import { findAuditEntries, SCAN_LIMIT } from './audit-entry-query.js';

const SIZE = 25_000;
/** acme's entries are every 1000th; the rest belong to globex. */
const entryAt = (index: number): AuditEntry => {
  const tenantId = index % 1000 === 0 ? 'acme' : 'globex';
  return {
    v: 1,
    at: new Date(Date.UTC(2026, 0, 1) + index * 1000).toISOString(),
    principal: { id: `usr_${index % 7}`, kind: 'user', tenantId, roles: ['auditor'] },
    action: index % 2 === 0 ? 'call.view' : 'recording.listen',
    resource: { type: 'call', id: `call_${index % 5}`, tenantId },
    outcome: index % 3 === 0 ? 'denied' : 'allowed',
    reason: 'rule',
    requestId: null,
    source: null,
  };
};
const reads: { from: number; limit: number }[] = [];
const read = async (q: { from: number; limit: number }): Promise<{ index: number; entry: AuditEntry }[]> => {
  reads.push(q);
  const out = [];
  for (let i = q.from; i < Math.min(SIZE, q.from + q.limit); i++) out.push({ index: i, entry: entryAt(i) });
  return out;
};
const acme = { id: 'usr_a', kind: 'user', tenantId: 'acme', roles: ['auditor'] } as unknown as Principal;

describe('when a filter matches few entries in a long log', () => {
  it('scans at most SCAN_LIMIT entries per request, newest first, and returns where to go on', async () => {
    reads.length = 0;
    const page = await findAuditEntries(read, acme, { order: 'desc', before: SIZE, limit: 100 });
    assert.deepEqual(page.entries.map((e) => e.index), [24_000, 23_000, 22_000, 21_000, 20_000, 19_000, 18_000, 17_000, 16_000, 15_000]);
    assert.equal(page.next, SIZE - SCAN_LIMIT);
    assert.equal(reads.reduce((n, r) => n + r.limit, 0), SCAN_LIMIT);
  });

  it('reaches the first entry by following `next`, with nothing skipped or repeated', async () => {
    const seen: number[] = [];
    let before: number | null = SIZE;
    while (before !== null) {
      const page = await findAuditEntries(read, acme, { order: 'desc', before, limit: 3, outcome: 'denied' });
      seen.push(...page.entries.map((e) => e.index));
      before = page.next;
    }
    assert.deepEqual(seen, [24_000, 21_000, 18_000, 15_000, 12_000, 9000, 6000, 3000, 0]);
  });

  it('applies time bounds inclusively and every other filter exactly', async () => {
    const since = entryAt(3000).at;
    const until = entryAt(9000).at;
    const page = await findAuditEntries(read, acme, { order: 'asc', from: 0, limit: 100, since, until, action: 'call.view' });
    const all: number[] = [];
    for (let next: number | null = page.next, p = page; ; ) {
      all.push(...p.entries.map((e) => e.index));
      if (next === null) break;
      p = await findAuditEntries(read, acme, { order: 'asc', from: next, limit: 100, since, until, action: 'call.view' });
      next = p.next;
    }
    assert.deepEqual(all, [3000, 4000, 5000, 6000, 7000, 8000, 9000]);
    const matched: number[] = [];
    for (let before: number | null = SIZE; before !== null; ) {
      const p = await findAuditEntries(read, acme, { order: 'desc', before, limit: 5, principal: 'usr_0', resource: 'call_0', outcome: 'denied' });
      matched.push(...p.entries.map((e) => e.index));
      before = p.next;
    }
    assert.deepEqual(matched, [21_000, 0]);
  });
});
