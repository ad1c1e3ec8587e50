// Log tampering, as an attacker with full database access would do it (triggers bypassed), on
// every backend. Verification must name the first bad index, or the checkpoint, and fail closed.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { encodeAuditEntry } from '../entry-codec.js';
import { leafHash } from '../merkle/index.js';
import { openAuditStore } from '../store/index.js';
import { entryMac } from './entry-mac.js';
import { loadAuditLogKeys } from './log-keys.js';
import { openAuditLog } from './open-audit-log.js';
import type { MerkleAuditLog } from './merkle-audit-log.js';
import { testEntry, type AttackerSql, type AuditTestBackend, type BackendFactory } from './test-backends.js';
import { AuditVerifyError, type VerifyFailure } from './verify-error.js';

const SIZE = 40;
const forged = encodeAuditEntry({ ...testEntry(17), outcome: 'allowed', reason: 'policy:looks-fine' });

interface Row {
  idx: number;
  leaf_hash: Buffer;
  entry: Buffer;
  mac: Buffer;
}

export function describeTamperContract(name: string, factory: BackendFactory): void {
  // Ranges of 8 entries on 2 workers: checkpoints at 16 (a range boundary) and 25 (inside one).
  for (const [mode, verifyWorkers] of [['in parallel', 2], ['on one thread', 0]] as const) {
    void describe(`when the ${name} audit log was tampered with (verified ${mode})`, () => {
      let backend: AuditTestBackend;
      let log: MerkleAuditLog;
      let sql: AttackerSql;
      beforeEach(async () => {
        backend = await factory();
        log = await openAuditLog(backend.location, { keys: backend.keys, verifyWorkers, verifyChunkSize: 8 });
        // Checkpoints at 16 and 25; entries 25-39 are covered only by their MACs so far.
        for (const size of [16, 25, SIZE]) {
          const base = await log.size();
          await Promise.all(Array.from({ length: size - base }, (_, i) => log.append(testEntry(base + i))));
          if (size < SIZE) await log.checkpoint();
        }
        assert.equal(await log.size(), SIZE);
        sql = await backend.attacker();
      });
      afterEach(async () => {
        await log.close();
        await backend.cleanup();
      });
      const row = async (idx: number): Promise<Row> => {
        const [found] = await sql.rows<Row>('SELECT idx, leaf_hash, entry, mac FROM audit_entries WHERE idx = ?', [idx]);
        return found as Row;
      };

      void it('names the entry whose bytes were edited', async () => {
        await sql.run('UPDATE audit_entries SET entry = ? WHERE idx = ?', [forged, 17]);
        await rejectsAt(log, { kind: 'entry', firstBadIndex: 17 }, /leaf hash/);
      });

      void it('names the entry whose bytes and leaf hash were both rewritten (its MAC fails)', async () => {
        await sql.run('UPDATE audit_entries SET entry = ?, leaf_hash = ? WHERE idx = ?', [forged, leafHash(forged), 17]);
        await rejectsAt(log, { kind: 'entry', firstBadIndex: 17 }, /MAC/);
      });

      void it('names an entry rewritten after the last checkpoint, where only its MAC covers it', async () => {
        await sql.run('UPDATE audit_entries SET entry = ?, leaf_hash = ? WHERE idx = ?', [forged, leafHash(forged), 33]);
        await rejectsAt(log, { kind: 'entry', firstBadIndex: 33 }, /MAC/);
      });

      void it('names a rewritten entry below a checkpoint that was forged too', async () => {
        await sql.run('UPDATE audit_entries SET entry = ?, leaf_hash = ? WHERE idx = ?', [forged, leafHash(forged), 20]);
        await sql.run('UPDATE audit_checkpoints SET note = ? WHERE size = ?', ['sotto.local/audit\n25\nAAAA\n\n— forged\n', 25]);
        await rejectsAt(log, { kind: 'entry', firstBadIndex: 20 }, /MAC/);
      });

      void it('names a deleted entry', async () => {
        await sql.run('DELETE FROM audit_entries WHERE idx = ?', [17]);
        await rejectsAt(log, { kind: 'entry', firstBadIndex: 17 }, /missing/);
      });

      void it('names the first of two swapped entries', async () => {
        const [a, b] = [await row(17), await row(30)];
        await sql.run('UPDATE audit_entries SET leaf_hash = ?, entry = ?, mac = ? WHERE idx = ?', [b.leaf_hash, b.entry, b.mac, 17]);
        await sql.run('UPDATE audit_entries SET leaf_hash = ?, entry = ?, mac = ? WHERE idx = ?', [a.leaf_hash, a.entry, a.mac, 30]);
        await rejectsAt(log, { kind: 'entry', firstBadIndex: 17 }, /MAC/);
      });

      void it('names an entry inserted into the middle (later entries shifted up)', async () => {
        const victim = await row(17);
        // Two steps: a unique index is checked row by row, so shifting in place would collide.
        await sql.run('UPDATE audit_entries SET idx = idx + 1000001 WHERE idx >= ?', [17]);
        await sql.run('UPDATE audit_entries SET idx = idx - 1000000 WHERE idx >= ?', [1000000]);
        await sql.run('INSERT INTO audit_entries (idx, leaf_hash, entry, mac) VALUES (?, ?, ?, ?)', [17, leafHash(forged), forged, victim.mac]);
        await rejectsAt(log, { kind: 'entry', firstBadIndex: 17 }, /MAC/);
      });

      void it('names an entry appended past the recorded tree', async () => {
        await sql.run('INSERT INTO audit_entries (idx, leaf_hash, entry, mac) VALUES (?, ?, ?, ?)', [SIZE, leafHash(forged), forged, Buffer.alloc(32)]);
        await rejectsAt(log, { kind: 'entry', firstBadIndex: SIZE }, /beyond/);
      });

      void it('names a checkpoint whose note was forged', async () => {
        const [stored] = await sql.rows<{ note: string }>('SELECT note FROM audit_checkpoints WHERE size = ?', [25]);
        const edited = (stored as { note: string }).note.replace('\n25\n', '\n24\n');
        await sql.run('UPDATE audit_checkpoints SET note = ? WHERE size = ?', [edited, 25]);
        await rejectsAt(log, { kind: 'checkpoint', checkpointSize: 25 }, /does not verify/);
      });

      void it('names the checkpoint after an edit made by someone who also holds the MAC key', async () => {
        const store = await openAuditStore(backend.location, { migrate: false });
        const { macKey } = await loadAuditLogKeys(store, backend.keys, 'sotto.local/audit').finally(() => store.close());
        const leaf = leafHash(forged);
        await sql.run('UPDATE audit_entries SET entry = ?, leaf_hash = ?, mac = ? WHERE idx = ?', [forged, leaf, entryMac(macKey, 17, leaf), 17]);
        await rejectsAt(log, { kind: 'checkpoint', checkpointSize: 25, firstBadIndex: 16 }, /signed root/);
      });

      void it('reports a tree state that no longer matches the entries', async () => {
        const [latest] = await sql.rows<{ frontier: Buffer }>('SELECT frontier FROM audit_tree_states WHERE size = ?', [SIZE]);
        const frontier = Buffer.from((latest as { frontier: Buffer }).frontier);
        frontier.writeUInt8((frontier.at(-1) ?? 0) ^ 1, frontier.length - 1);
        await sql.run('UPDATE audit_tree_states SET frontier = ? WHERE size = ?', [frontier, SIZE]);
        await rejectsAt(log, { kind: 'tree-state' }, /tree state/);
      });
    });
  }
}

async function rejectsAt(log: MerkleAuditLog, expected: Partial<VerifyFailure>, reason: RegExp): Promise<void> {
  await assert.rejects(log.verify(), (err: unknown) => {
    assert.ok(err instanceof AuditVerifyError, String(err));
    assert.equal(err.code, 'AUDIT_VERIFY_FAILED');
    const { kind, firstBadIndex, checkpointSize } = err.report;
    assert.deepEqual({ kind, firstBadIndex, checkpointSize }, { firstBadIndex: undefined, checkpointSize: undefined, ...expected });
    assert.match(err.report.reason, reason);
    return true;
  });
}
