// A sweep or an erasure killed (SIGKILL) part-way: nothing is left half-deleted in a readable
// state, and the next run finishes the work. Real child processes on a shared SQLite file.
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { CLI_CONTEXT, LOCAL_OPERATOR } from '../access/index.js';
import { isSottoError } from '../errors/index.js';
import { verifyCertificate } from './certificate.js';
import { startLifecycleChild } from './fixtures/children.js';
import { openLifecycleFixture, type LifecycleFixture } from './fixtures/lifecycle-fixture.js';
import { seedArtifacts } from './fixtures/seed.js';

const COUNT = 3000;
const LEASE_MS = 1000;
const KILL_AFTER = 300;

async function completed(fx: LifecycleFixture): Promise<number> {
  const [row] = await fx.store.sql.rows<{ n: number }>('SELECT COUNT(*) AS n FROM deletions WHERE completed_at IS NOT NULL');
  return Number(row?.n ?? 0);
}

async function claimedNotCompleted(fx: LifecycleFixture): Promise<number> {
  const [row] = await fx.store.sql.rows<{ n: number }>('SELECT COUNT(*) AS n FROM deletions WHERE completed_at IS NULL');
  return Number(row?.n ?? 0);
}

/** Start a child, let it complete KILL_AFTER deletions, then SIGKILL it while it holds a claimed batch. */
async function killMidway(fx: LifecycleFixture, mode: 'sweep' | 'erase', options: { subjectId?: string }): Promise<void> {
  const child = startLifecycleChild(mode, fx.dir, { kind: 'sqlite' }, { batchSize: 50, claimLeaseMs: LEASE_MS, ...options });
  await child.ready;
  child.go();
  const deadline = Date.now() + 60_000;
  while ((await completed(fx)) < KILL_AFTER && Date.now() < deadline) await sleep(5);
  while ((await claimedNotCompleted(fx)) === 0 && Date.now() < deadline) await sleep(1);
  child.child.kill('SIGKILL');
  const exit = await child.exited;
  assert.equal(exit.signal, 'SIGKILL', `the child finished before it could be killed: ${exit.stderr}`);
}

/** Every artifact is either whole (row live, key present, blob present) or unreadable (key erased). */
async function assertNothingHalfDeleted(fx: LifecycleFixture, ids: readonly string[], keyDestroyed: boolean): Promise<{ live: number; claimed: number }> {
  const blobs = new Set((await readdir(fx.blobRoot, { recursive: true })).map((p) => p.split('/').at(-1)));
  let live = 0;
  for (const id of ids) {
    const row = await fx.store.artifacts.get(id);
    assert.ok(row);
    if (row.deletedAt === undefined) {
      live++;
      assert.ok(row.wrappedDataKey.length > 0 && blobs.has(id), `${id} is live but its key or blob is gone`);
    } else {
      assert.equal(row.wrappedDataKey.length, 0, `${id} is marked deleted but its data key remains`);
    }
  }
  const liveOne = ids.find((id) => blobs.has(id));
  if (keyDestroyed && liveOne !== undefined) await assert.rejects(fx.read(liveOne), (e: unknown) => isSottoError(e, 'ARTIFACT_SHREDDED') || isSottoError(e, 'ARTIFACT_NOT_FOUND'));
  return { live, claimed: await claimedNotCompleted(fx) };
}

describe('when a process is killed in the middle of deleting', { timeout: 180_000 }, () => {
  describe('a retention sweep', () => {
    let fx: LifecycleFixture;
    let ids: string[];
    before(async () => {
      fx = await openLifecycleFixture();
      ids = await seedArtifacts({ store: fx.store, subjects: fx.vault.subjects, blobRoot: fx.blobRoot }, { tenantId: 'acme', subjectId: 's', kind: 'recording', count: COUNT, createdAt: '2020-01-01T00:00:00.000Z' });
      await killMidway(fx, 'sweep', {});
    });
    after(() => fx.close());

    it('leaves each artifact whole or unreadable, never in between', async (t) => {
      const state = await assertNothingHalfDeleted(fx, ids, false);
      t.diagnostic(`at the kill: ${state.live} live, ${state.claimed} claimed but not completed`);
      assert.ok(state.live > 0 && state.live < COUNT);
      assert.ok(state.claimed > 0, 'the kill landed between batches; nothing to take over');
    });

    it('the next sweep takes over the dead process’s claims once their lease ends, and finishes', async () => {
      await sleep(LEASE_MS + 50);
      const pending = await claimedNotCompleted(fx);
      const report = await fx.openLifecycle({ now: () => new Date(), claimLeaseMs: LEASE_MS }).sweep();
      assert.equal(report.recovered, pending);
      assert.equal(await completed(fx), COUNT);
      const deletions = (await fx.auditEntries()).filter((e) => e.entry.action === 'artifact.delete');
      assert.deepEqual(new Set(deletions.map((e) => e.entry.resource.id)), new Set(ids));
      assert.equal((await readdir(fx.blobRoot, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).length, 0);
      await fx.audit.verify();
    });
  });

  describe('an erasure', () => {
    let fx: LifecycleFixture;
    let ids: string[];
    before(async () => {
      fx = await openLifecycleFixture();
      ids = await seedArtifacts({ store: fx.store, subjects: fx.vault.subjects, blobRoot: fx.blobRoot }, { tenantId: 'acme', subjectId: '+15557654321', kind: 'recording', count: COUNT, createdAt: new Date().toISOString() });
      await killMidway(fx, 'erase', { subjectId: '+15557654321' });
    });
    after(() => fx.close());

    it('has already made everything unreadable: the subject key went first', async (t) => {
      const state = await assertNothingHalfDeleted(fx, ids, true);
      t.diagnostic(`at the kill: ${state.live} not yet deleted, ${state.claimed} claimed but not completed`);
      assert.ok(state.claimed > 0, 'the kill landed between batches; nothing to take over');
      const key = await fx.store.subjectKeys.get('acme', await fx.vault.subjects.subjectRef('acme', '+15557654321'));
      assert.equal(key?.wrapped, undefined);
    });

    it('run again, it resumes the same erasure and completes with a certificate listing everything', async () => {
      const lifecycle = fx.openLifecycle({ now: () => new Date(), claimLeaseMs: LEASE_MS });
      const result = await lifecycle.erase(LOCAL_OPERATOR, { tenantId: 'acme', subjectId: '+15557654321' }, CLI_CONTEXT);
      assert.equal(result.counts.recording, COUNT);
      const certificate = verifyCertificate(JSON.stringify(result.certificate), await lifecycle.certificateVerifierKey());
      assert.deepEqual(new Set(certificate.artifacts.map((a) => a.id)), new Set(ids));
      const requests = await fx.store.sql.rows('SELECT id FROM erasure_requests');
      assert.equal(requests.length, 1, 'one erasure, resumed — not a second one');
      assert.equal((await readdir(fx.blobRoot, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).length, 0);
      await fx.audit.verify();
    });
  });
});
