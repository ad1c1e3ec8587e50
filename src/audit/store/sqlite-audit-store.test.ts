import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MerkleFrontier, leafHash } from '../merkle/index.js';
import type { BatchSealer, PendingEntry } from './audit-store.js';
import { forEachEntryRow } from './entry-page.js';
import { openSqliteAuditStore } from './sqlite-audit-store.js';

// A sealer with recognizable MACs (the index, repeated), so a row landing at the wrong index or
// with another row's values shows.
const markSealer: BatchSealer = (state, batch) => {
  const next = state.clone();
  const macs = batch.map((p, i) => {
    next.append(p.leaf);
    return Buffer.alloc(32, (state.size + i) % 251);
  });
  return { macs, next };
};

describe('the SQLite audit store, inserting a batch in multi-row statements', () => {
  it('stores every row at its index with its own values, across chunk boundaries (1, 63, 64, 65, 128, 129, 300 rows)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sotto-audit-store-'));
    const store = await openSqliteAuditStore(join(dir, 'sotto.db'));
    try {
      const all: PendingEntry[] = [];
      const expected = MerkleFrontier.empty();
      for (const size of [1, 63, 64, 65, 128, 129, 300]) {
        const batch = Array.from({ length: size }, (_, i) => {
          const entry = Buffer.from(`{"n":${all.length + i},"pad":"${'x'.repeat((all.length + i) % 50)}"}`);
          return { entry, leaf: leafHash(entry) };
        });
        assert.equal(await store.appendBatch(batch, markSealer), all.length);
        all.push(...batch);
        for (const p of batch) expected.append(p.leaf);
      }
      let seen = 0;
      forEachEntryRow(await store.readPage(0, all.length + 10), (idx, leaf, entry, mac) => {
        const want = all[idx] as PendingEntry;
        assert.equal(idx, seen);
        assert.deepEqual([leaf, entry, mac], [want.leaf, want.entry, Buffer.alloc(32, idx % 251)], `row ${idx}`);
        seen += 1;
      });
      assert.equal(seen, all.length);
      assert.deepEqual((await store.latestState()).toBytes(), expected.toBytes());
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
