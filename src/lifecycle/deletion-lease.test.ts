// A claimed batch that takes longer than its lease (a slow blob store), while another run
// sweeps the same store: nothing is deleted or audited twice, and no audit entry is missing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestSchema, postgresSkipReason, type TestSchema } from '../../test/support/postgres.js';
import type { BlobStore } from '../store/blob/blob-store.js';
import { openLifecycleFixture, type LifecycleFixture } from './fixtures/lifecycle-fixture.js';

const COUNT = 20;

/** The real filesystem store, with a hook run before each delete (a slow or stalling store). */
function withDeleteHook(blobs: BlobStore, before: () => Promise<void>): BlobStore {
  return {
    name: blobs.name,
    put: (key, body) => blobs.put(key, body),
    get: (key, range) => blobs.get(key, range),
    stat: (key) => blobs.stat(key),
    delete: async (key) => {
      await before();
      await blobs.delete(key);
    },
    close: () => blobs.close(),
  };
}

/** Recordings created 100 days ago (period: 30 days); the lifecycles here read the real clock, since leases run in real time. */
async function seedExpired(fx: LifecycleFixture): Promise<string[]> {
  fx.clock.now = new Date(Date.now() - 100 * 86_400_000);
  const ids: string[] = [];
  for (let i = 0; i < COUNT; i++) ids.push(await fx.put('acme', `caller-${i % 3}`, 'recording'));
  return ids;
}

/** artifact.delete entries per artifact id. */
async function deletionEntries(fx: LifecycleFixture): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const { entry } of await fx.auditEntries()) {
    if (entry.action !== 'artifact.delete' || entry.resource?.id == null) continue;
    counts.set(entry.resource.id, (counts.get(entry.resource.id) ?? 0) + 1);
  }
  return counts;
}

async function assertEachAuditedOnce(fx: LifecycleFixture, ids: readonly string[]): Promise<void> {
  const counts = await deletionEntries(fx);
  for (const id of ids) assert.equal(counts.get(id), 1, `${id} has ${counts.get(id) ?? 0} artifact.delete entries`);
  const [pending] = await fx.store.sql.rows<{ n: number }>('SELECT COUNT(*) AS n FROM deletions WHERE completed_at IS NULL');
  assert.equal(Number(pending?.n), 0);
  for (const id of ids) assert.notEqual((await fx.store.artifacts.get(id))?.deletedAt, undefined);
}

const realNow = (): Date => new Date();
const pgSkip = await postgresSkipReason();

for (const backend of ['sqlite', 'postgres'] as const) {
  describe(`when a claimed batch takes longer than its lease (${backend})`, { skip: backend === 'postgres' ? pgSkip : false }, () => {
    let schema: TestSchema | undefined;
    const open = async (): Promise<LifecycleFixture> => {
      if (backend === 'sqlite') return openLifecycleFixture();
      schema = await createTestSchema();
      return openLifecycleFixture({ backend: { kind: 'postgres', url: schema.url, schema: schema.name } });
    };
    const close = async (fx: LifecycleFixture): Promise<void> => {
      await fx.close();
      await schema?.drop();
      schema = undefined;
    };

    it('keeps its lease while it completes: another sweep takes nothing over, each deletion is audited once', async () => {
      const fx = await open();
      try {
        const ids = await seedExpired(fx);
        const leaseMs = 300;
        // Every blob delete takes over three leases: without renewal the second sweep would take the batch over.
        const slow = fx.openLifecycle({ now: realNow, claimLeaseMs: leaseMs, blobs: withDeleteHook(fx.blobs, () => sleep(3 * leaseMs)) });
        const other = fx.openLifecycle({ now: realNow, claimLeaseMs: leaseMs });
        const first = slow.sweep();
        await sleep(2 * leaseMs);
        const second = await other.sweep();
        const done = await first;
        assert.equal(second.recovered, 0, 'the second sweep took over a live batch');
        assert.equal(second.deleted.recording, 0);
        assert.equal(done.deleted.recording, COUNT);
        await assertEachAuditedOnce(fx, ids);
      } finally {
        await close(fx);
      }
    });

    it('audits nothing it lost: a batch taken over while its process stalled is audited once, by the run that took it (a blob store stand-in that stalls)', async () => {
      const fx = await open();
      try {
        const ids = await seedExpired(fx);
        // A long lease, so no renewal happens by itself: the stall below is a process frozen past its lease.
        const leaseMs = 60_000;
        const other = fx.openLifecycle({ now: realNow, claimLeaseMs: leaseMs });
        let takenOver: Promise<unknown> | undefined;
        const stall = async (): Promise<void> => {
          takenOver ??= (async () => {
            await fx.store.sql.run("UPDATE deletions SET lease_until = '2000-01-01T00:00:00.000Z' WHERE completed_at IS NULL");
            return other.sweep();
          })();
          await takenOver;
        };
        const stalled = fx.openLifecycle({ now: realNow, claimLeaseMs: leaseMs, blobs: withDeleteHook(fx.blobs, stall) });
        const report = await stalled.sweep();
        const taker = (await takenOver) as Awaited<ReturnType<typeof other.sweep>>;
        assert.equal(taker.recovered, COUNT, 'the other run took the batch over');
        assert.equal(report.deleted.recording, 0, 'the stalled run reported deletions it lost');
        await assertEachAuditedOnce(fx, ids);
      } finally {
        await close(fx);
      }
    });
  });
}
