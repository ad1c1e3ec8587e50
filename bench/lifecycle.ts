// npm run bench -- lifecycle
// Data lifecycle on the embedded default (SQLite metadata, filesystem blobs, local keyring, the
// real Merkle audit log — every deletion is audited):
//   - erase_unreadable_ms: from the erase request until every artifact of a subject with
//     10,000 artifacts is undecryptable (the subject key destroyed, the SQLite WAL scrubbed),
//     checked by reading a sample through the access gateway (ARTIFACT_SHREDDED).
//   - erase_artifacts_per_s: that erasure's physical deletion (blob removed, data key erased,
//     deletion audited, ledger completed) after the key went.
//   - sweep_artifacts_per_s: a retention sweep over 100,000 expired artifacts.
// Setup note: the artifacts are real (own data keys, wrapped by the subject key; vault-format
// blobs) but created by src/lifecycle/fixtures/seed.ts, which batch-inserts their metadata and
// writes their blob files without fsync — far faster than 110,000 Vault.put calls.
// Last line: one JSON object.
import { CLI_CONTEXT, LOCAL_OPERATOR } from '../src/access/index.js';
import { isSottoError } from '../src/errors/index.js';
import { openLifecycleFixture, type LifecycleFixture } from '../src/lifecycle/fixtures/lifecycle-fixture.js';
import { seedArtifacts } from '../src/lifecycle/fixtures/seed.js';

const ERASE_ARTIFACTS = 10_000;
const SWEEP_ARTIFACTS = 100_000;
const SUBJECT = '+15557654321';

const seconds = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9;

async function seed(fx: LifecycleFixture, subjectId: string, count: number, createdAt: string): Promise<string[]> {
  const start = process.hrtime.bigint();
  const kinds = ['recording', 'transcript', 'export'] as const;
  const ids: string[] = [];
  for (const [i, kind] of kinds.entries()) {
    const n = Math.floor(count / kinds.length) + (i < count % kinds.length ? 1 : 0);
    ids.push(...(await seedArtifacts({ store: fx.store, subjects: fx.vault.subjects, blobRoot: fx.blobRoot }, { tenantId: 'acme', subjectId, kind, count: n, createdAt })));
  }
  console.log(`seeded ${count} artifacts in ${seconds(start).toFixed(1)} s`);
  return ids;
}

async function benchErase(): Promise<{ unreadableMs: number; perSecond: number }> {
  const fx = await openLifecycleFixture({ lifecycle: { now: () => new Date() } });
  try {
    const ids = await seed(fx, SUBJECT, ERASE_ARTIFACTS, new Date().toISOString());
    const sample = ids.filter((_, i) => i % 500 === 0);
    for (const id of sample) await fx.read(id); // readable before
    let unreadableAt = 0n;
    const start = process.hrtime.bigint();
    const result = await fx.lifecycle.erase(LOCAL_OPERATOR, { tenantId: 'acme', subjectId: SUBJECT }, CLI_CONTEXT, {
      onUnreadable: () => void (unreadableAt = process.hrtime.bigint()),
    });
    const done = process.hrtime.bigint();
    const counted = result.counts.recording + result.counts.transcript + result.counts.export;
    if (counted !== ERASE_ARTIFACTS) throw new Error(`erased ${counted} of ${ERASE_ARTIFACTS}`);
    // Tombstoned or not, none of them may decrypt any more.
    for (const id of sample) {
      const refused = await fx.read(id).then(
        () => false,
        (e: unknown) => isSottoError(e, 'ARTIFACT_NOT_FOUND') || isSottoError(e, 'ARTIFACT_SHREDDED'),
      );
      if (!refused) throw new Error(`artifact ${id} is still readable`);
    }
    const unreadableMs = Number(unreadableAt - start) / 1e6;
    const deletionSeconds = Number(done - unreadableAt) / 1e9;
    console.log(`erase: unreadable after ${unreadableMs.toFixed(1)} ms; ${ERASE_ARTIFACTS} deleted in ${deletionSeconds.toFixed(2)} s`);
    return { unreadableMs, perSecond: ERASE_ARTIFACTS / deletionSeconds };
  } finally {
    await fx.close();
  }
}

async function benchSweep(): Promise<number> {
  const fx = await openLifecycleFixture({ lifecycle: { now: () => new Date() } });
  try {
    await seed(fx, 'someone', SWEEP_ARTIFACTS, '2020-01-01T00:00:00.000Z');
    const start = process.hrtime.bigint();
    const report = await fx.lifecycle.sweep();
    const elapsed = seconds(start);
    const deleted = report.deleted.recording + report.deleted.transcript + report.deleted.export;
    if (deleted !== SWEEP_ARTIFACTS) throw new Error(`swept ${deleted} of ${SWEEP_ARTIFACTS}`);
    console.log(`sweep: ${deleted} expired artifacts deleted and audited in ${elapsed.toFixed(2)} s`);
    return deleted / elapsed;
  } finally {
    await fx.close();
  }
}

const erase = await benchErase();
const sweep = await benchSweep();
console.log(
  JSON.stringify({
    erase_unreadable_ms: Math.round(erase.unreadableMs * 10) / 10,
    erase_artifacts_per_s: Math.round(erase.perSecond),
    sweep_artifacts_per_s: Math.round(sweep),
    erase_artifacts: ERASE_ARTIFACTS,
    sweep_artifacts: SWEEP_ARTIFACTS,
    backend: 'sqlite+fs',
  }),
);
