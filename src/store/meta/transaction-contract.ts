// What SqlClient.transaction owes its callers on both backends, as one suite each backend's
// test file runs. Not a test file itself: it only registers tests.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { randomBytes, randomId } from '../../crypto/index.js';
import type { MetadataStore } from './metadata-store.js';

export function describeTransactionContract(backend: string, open: () => Promise<{ store: MetadataStore; cleanup(): Promise<void> }>): void {
  void describe(`${backend} transactions`, () => {
    let handle: { store: MetadataStore; cleanup(): Promise<void> };
    let store: MetadataStore;
    before(async () => {
      handle = await open();
      store = handle.store;
      await store.migrate();
    });
    after(async () => handle?.cleanup());

    const insertTenant = (sql: { run: MetadataStore['sql']['run'] }, id: string, createdAt = '2025-01-01T00:00:00.000Z') =>
      sql.run('INSERT INTO tenants (id, created_at, provider, key_id, key_version, ciphertext) VALUES (?, ?, ?, ?, ?, ?)', [
        id,
        createdAt,
        'local',
        'k',
        1,
        randomBytes(8),
      ]);
    const exists = async (id: string) => (await store.sql.rows('SELECT id FROM tenants WHERE id = ?', [id])).length === 1;

    void it('commits what the work did when it resolves, and returns its value', async () => {
      const id = randomId('ten').toLowerCase();
      const value = await store.sql.transaction(async (tx) => {
        await insertTenant(tx, id);
        return 42;
      });
      assert.equal(value, 42);
      assert.ok(await exists(id));
    });

    void it('rolls everything back and rethrows when the work throws', async () => {
      const id = randomId('ten').toLowerCase();
      const boom = new Error('boom');
      await assert.rejects(
        store.sql.transaction(async (tx) => {
          await insertTenant(tx, id);
          throw boom;
        }),
        (err) => err === boom,
      );
      assert.equal(await exists(id), false);
    });

    void it('keeps a statement issued outside out of a transaction that then rolls back', async () => {
      const inside = randomId('ten').toLowerCase();
      const outside = randomId('ten').toLowerCase();
      let outsideWrite: Promise<number> | undefined;
      await assert.rejects(
        store.sql.transaction(async (tx) => {
          await insertTenant(tx, inside);
          outsideWrite = insertTenant(store.sql, outside);
          await sleep(20);
          throw new Error('roll back');
        }),
      );
      await outsideWrite;
      assert.equal(await exists(inside), false);
      assert.ok(await exists(outside), 'the outside write was lost with the rolled-back transaction');
    });

    void it('gives two concurrent claimers disjoint rows (SKIP LOCKED on PostgreSQL, one writer on SQLite)', async () => {
      const marker = '2001-01-01T00:00:00.000Z';
      const ids = Array.from({ length: 10 }, () => randomId('ten').toLowerCase());
      for (const id of ids) await insertTenant(store.sql, id, marker);
      const claim = () =>
        store.sql.transaction(async (tx) => {
          const rows = await tx.rows<{ id: string }>(
            `SELECT t.id FROM tenants t WHERE t.created_at = ? AND t.key_id = 'k' ORDER BY t.id LIMIT 5${tx.claimRows('t')}`,
            [marker],
          );
          await sleep(30); // hold the claim while the other transaction looks
          for (const { id } of rows) await tx.run("UPDATE tenants SET key_id = 'claimed' WHERE id = ?", [id]);
          return rows.map((r) => r.id);
        });
      const [a, b] = await Promise.all([claim(), claim()]);
      assert.equal(a.length + b.length, 10);
      assert.deepEqual([...a, ...b].sort(), [...ids].sort());
    });

    void it('runs transactions taking the same exclusive lock one after the other', async () => {
      const events: string[] = [];
      const locked = (name: string) =>
        store.sql.transaction(async (tx) => {
          await tx.lock('contract-lock', 'exclusive');
          events.push(`${name} start`);
          await sleep(40);
          events.push(`${name} end`);
        });
      await Promise.all([locked('a'), sleep(5).then(() => locked('b'))]);
      assert.deepEqual(events, ['a start', 'a end', 'b start', 'b end']);
    });
  });
}
