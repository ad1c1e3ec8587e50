// npm run bench -- audit
// The audit log on a SQLite file (WAL, synchronous=FULL), in one run:
//   - appends_per_s: durable appends of realistic entries from 4,096 concurrent callers, each
//     awaiting its index before appending again (group commit batches them);
//   - ratio_to_plain_insert: against plain batched inserts of the same rows (the same entries,
//     encoded by the same canonical encoder) into a plain table of the same file, with the same
//     durability and the batch sizes the audited run produced, each batch one transaction, in a
//     tight loop (no promise per row). So the ratio is the cost of the log itself: leaf hash,
//     MAC, tree state, group commit (whose commits move to the append worker thread under this
//     load, as they do in service). Paired rounds, medians.
//   - caller_encode_per_s: encodeAuditEntry alone, the part of an append that runs on the
//     caller's thread (leaf hashes, MACs and tree hashes run where the batch commits);
//   - verify_1m_s: `verify` (every entry, MAC, tree, checkpoint) over a 1,000,000-entry log.
// authz_p99_us comes from bench/authz.ts, run as a child process in the same run so its timing
// loop is not disturbed by this process's heap. Last line: one JSON object.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { encodeAuditEntry } from '../src/audit/entry-codec.js';
import type { AuditEntry } from '../src/audit/entry.js';
import { openAuditLog, type MerkleAuditLog } from '../src/audit/log/index.js';
import { LocalKeyProvider } from '../src/vault/keys/index.js';

const CALLERS = 4096;
const ROUND_ENTRIES = 100_000;
const ROUNDS = 5;
const VERIFY_ENTRIES = 1_000_000;

function entry(i: number): AuditEntry {
  return {
    v: 1,
    at: new Date(1_767_225_600_000 + i).toISOString(),
    principal: { id: `usr_${(i % 977).toString(36)}x7Qm2LkP`, kind: 'user', tenantId: `tnt_${i % 13}`, roles: ['supervisor'] },
    action: i % 3 === 0 ? 'transcript.view' : 'recording.listen',
    resource: { type: 'recording', id: `art_${i.toString(36)}Zp4Vw9Rt2Hk`, tenantId: `tnt_${i % 13}`, subjectRef: `hs_${(i * 2654435761) % 2 ** 32}` },
    outcome: i % 17 === 0 ? 'denied' : 'allowed',
    reason: i % 17 === 0 ? 'policy:tenant-mismatch' : 'policy:supervisor-may-listen',
    requestId: `req_${i.toString(36)}`,
    source: `10.1.${i % 256}.${(i >> 8) % 256}`,
  };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** `count` appends from CALLERS concurrent callers, each awaiting its index before the next. */
async function appendConcurrently(log: MerkleAuditLog, first: number, count: number): Promise<void> {
  let next = first;
  const end = first + count;
  await Promise.all(
    Array.from({ length: CALLERS }, async () => {
      while (next < end) await log.append(entry(next++));
    }),
  );
}

/** Batch sizes the group commit produced for entries [from, to), from the stored tree states. */
function batchSizes(db: Database.Database, from: number, to: number): number[] {
  const sizes = db.prepare('SELECT size FROM audit_tree_states WHERE size > ? AND size <= ? ORDER BY size').pluck().all(from, to) as number[];
  return sizes.map((s, i) => s - (i === 0 ? from : (sizes[i - 1] as number)));
}

/** The same entries as plain rows: encode, then one transaction per batch, same durability. */
function plainInsert(db: Database.Database, first: number, sizes: readonly number[]): void {
  const insert = db.prepare('INSERT INTO plain_entries (idx, entry) VALUES (?, ?)');
  const batch = db.transaction((start: number, n: number) => {
    for (let i = start; i < start + n; i++) insert.run(i, encodeAuditEntry(entry(i)));
  });
  let at = first;
  for (const n of sizes) {
    batch.immediate(at, n);
    at += n;
  }
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'sotto-bench-audit-'));
  const keys = await LocalKeyProvider.open({ dataDir: dir, createIfMissing: true, env: { SOTTO_MASTER_SECRET: 'bench-master-secret-that-is-long-enough-0123456789' } });
  try {
    const path = join(dir, 'sotto.db');
    const log = await openAuditLog({ store: 'sqlite', path }, { keys });
    const plain = new Database(path);
    plain.pragma('journal_mode = WAL');
    plain.pragma('synchronous = FULL');
    plain.exec('CREATE TABLE plain_entries (idx INTEGER NOT NULL PRIMARY KEY, entry BLOB NOT NULL) STRICT');

    // Warm-up (JIT, page cache), not measured.
    await appendConcurrently(log, 0, 20_000);
    plainInsert(plain, 0, batchSizes(plain, 0, 20_000));

    const audited: number[] = [];
    const plainRates: number[] = [];
    const ratios: number[] = [];
    let batches = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const first = await log.size();
      const t = await timed(() => appendConcurrently(log, first, ROUND_ENTRIES));
      const sizes = batchSizes(plain, first, first + ROUND_ENTRIES);
      batches += sizes.length;
      const p = await timed(async () => plainInsert(plain, first, sizes));
      audited.push(ROUND_ENTRIES / t);
      plainRates.push(ROUND_ENTRIES / p);
      ratios.push(p / t);
    }
    const encodeS = await timed(async () => {
      for (let i = 0; i < ROUND_ENTRIES; i++) encodeAuditEntry(entry(i));
    });
    const encodePerS = Math.round(ROUND_ENTRIES / encodeS);
    const appendsPerS = Math.round(median(audited));
    const plainPerS = Math.round(median(plainRates));
    const ratio = Math.round(median(ratios) * 100) / 100;
    console.log(`appends: ${appendsPerS}/s durable (mean batch ${Math.round((ROUNDS * ROUND_ENTRIES) / batches)} entries); plain inserts ${plainPerS}/s; ratio ${ratio}`);
    console.log(`encode alone (caller's thread): ${encodePerS}/s`);

    // Grow the log to 1,000,000 entries through the same appender, checkpointed on the way.
    for (let size = await log.size(); size < VERIFY_ENTRIES; size = await log.size()) {
      const n = Math.min(50_000, VERIFY_ENTRIES - size);
      await Promise.all(Array.from({ length: n }, (_, i) => log.append(entry(size + i))));
      if (size % 200_000 < 50_000) await log.checkpoint();
    }
    await log.checkpoint();
    plain.pragma('wal_checkpoint(TRUNCATE)');
    let report: Awaited<ReturnType<MerkleAuditLog['verify']>> | undefined;
    const verifyS = await timed(async () => {
      report = await log.verify();
    });
    if (report?.size !== VERIFY_ENTRIES) throw new Error(`verified ${String(report?.size)} entries`);
    console.log(`verify: ${VERIFY_ENTRIES} entries, ${report.checkpoints} checkpoints in ${verifyS.toFixed(2)} s`);

    plain.close();
    await log.close();
    console.log(
      JSON.stringify({
        appends_per_s: appendsPerS,
        plain_inserts_per_s: plainPerS,
        ratio_to_plain_insert: ratio,
        caller_encode_per_s: encodePerS,
        verify_1m_s: Math.round(verifyS * 100) / 100,
        ...authzFigures(),
      }),
    );
  } finally {
    await keys.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** One authorization decision's latency, from bench/authz.ts (its last line is JSON). */
function authzFigures(): { authz_p99_us: number; authz_p50_us: number } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/authz.ts'], { encoding: 'utf8' });
  const last = run.stdout.trim().split('\n').at(-1) ?? '';
  const parsed = JSON.parse(last) as { authz_p99_us: number; authz_p50_us: number };
  return { authz_p99_us: parsed.authz_p99_us, authz_p50_us: parsed.authz_p50_us };
}

await main();
