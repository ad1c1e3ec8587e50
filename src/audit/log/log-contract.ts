// The audit log's behaviour, run against every backend (sqlite.test.ts, postgres.test.ts).
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { isSottoError } from '../../errors/index.js';
import { verifyCheckpoint } from '../checkpoint/index.js';
import { verifyProofFile } from '../proof-file/index.js';
import { openAuditLog, type AuditLogOptions } from './open-audit-log.js';
import type { MerkleAuditLog } from './merkle-audit-log.js';
import { testEntry, type AuditTestBackend, type BackendFactory } from './test-backends.js';

export function describeAuditLogContract(name: string, factory: BackendFactory): void {
  void describe(`${name} audit log`, () => {
    let backend: AuditTestBackend;
    const open = (options: Partial<AuditLogOptions> = {}): Promise<MerkleAuditLog> =>
      openAuditLog(backend.location, { keys: backend.keys, verifyWorkers: 0, ...options });
    beforeEach(async () => {
      backend = await factory();
    });
    afterEach(async () => {
      await backend.cleanup();
    });

    void it('returns increasing indexes, batching concurrent appends into few transactions', async () => {
      const log = await open();
      try {
        assert.equal(await log.append(testEntry(0)), 0);
        assert.equal(await log.append(testEntry(1)), 1);
        const indexes = await Promise.all(Array.from({ length: 1000 }, (_, i) => log.append(testEntry(i + 2))));
        assert.deepEqual(indexes, Array.from({ length: 1000 }, (_, i) => i + 2));
        const attacker = await backend.attacker();
        const [{ n }] = (await attacker.rows<{ n: number | string }>('SELECT count(*) AS n FROM audit_tree_states')) as [{ n: number }];
        assert.ok(Number(n) <= 4, `1002 appends took ${n} transactions`);
        assert.equal(await log.size(), 1002);
      } finally {
        await log.close();
      }
    });

    void it('continues the same tree after reopening, and verifies', async () => {
      const first = await open();
      await Promise.all([0, 1, 2].map((i) => first.append(testEntry(i))));
      await first.close();
      const again = await open();
      try {
        assert.equal(await again.append(testEntry(3)), 3);
        const report = await again.verify();
        assert.equal(report.size, 4);
        assert.deepEqual((await again.entries({ from: 2, limit: 10 })).map((e) => [e.index, e.entry.requestId]), [
          [2, 'req_test_2'],
          [3, 'req_test_3'],
        ]);
      } finally {
        await again.close();
      }
    });

    void it('signs checkpoints that verify with verifierKey() and match the recomputed root', async () => {
      const log = await open({ origin: 'audit.example.test/log' });
      try {
        await Promise.all(Array.from({ length: 5 }, (_, i) => log.append(testEntry(i))));
        const note = await log.checkpoint();
        const key = await log.verifierKey();
        assert.match(key, /^audit\.example\.test\/log\+[0-9a-f]{8}\+/);
        const checkpoint = verifyCheckpoint(note, key);
        assert.equal(checkpoint.size, 5);
        const report = await log.verify();
        assert.equal(checkpoint.rootHash.toString('base64'), report.rootHash);
        assert.equal(await log.latestCheckpoint(), note);
      } finally {
        await log.close();
      }
    });

    void it('exports inclusion and consistency proof files that verify offline', async () => {
      const log = await open();
      try {
        await Promise.all(Array.from({ length: 7 }, (_, i) => log.append(testEntry(i))));
        await log.checkpoint();
        await Promise.all(Array.from({ length: 13 }, (_, i) => log.append(testEntry(i + 7))));
        const key = await log.verifierKey();
        for (const index of [0, 6, 12, 19]) {
          const file = JSON.parse(JSON.stringify(await log.inclusionProofFile(index))) as unknown;
          const result = verifyProofFile(file, key);
          assert.equal(result.kind, 'inclusion');
          assert.equal(result.kind === 'inclusion' && result.entry.requestId, `req_test_${index}`);
        }
        const old = verifyProofFile(await log.inclusionProofFile(3, 7), key);
        assert.equal(old.size, 7);
        const consistency = verifyProofFile(await log.consistencyProofFile(7, 20), key);
        assert.deepEqual([consistency.kind, consistency.size], ['consistency', 20]);
        await assert.rejects(log.consistencyProofFile(5, 20), (e: unknown) => isSottoError(e, 'AUDIT_PROOF_RANGE_INVALID'));
        await assert.rejects(log.inclusionProofFile(20, 7), (e: unknown) => isSottoError(e, 'AUDIT_PROOF_RANGE_INVALID'));
      } finally {
        await log.close();
      }
    });

    void it('signs a checkpoint while entries arrive, and none while idle', async () => {
      const log = await open({ checkpointIntervalMs: 40 });
      try {
        await log.append(testEntry(0));
        await sleep(150);
        const attacker = await backend.attacker();
        const count = async (): Promise<number> =>
          Number((await attacker.rows<{ n: number }>('SELECT count(*) AS n FROM audit_checkpoints'))[0]?.n);
        assert.equal(await count(), 1);
        await sleep(150);
        assert.equal(await count(), 1);
      } finally {
        await log.close();
      }
    });

    void describe('when a commit fails', () => {
      void it('rejects every append of the batch with AUDIT_WRITE_FAILED, and the tree continues intact', async () => {
        const log = await open();
        try {
          await log.append(testEntry(0));
          const attacker = await backend.attacker();
          await breakInserts(attacker, backend.location.store, true);
          const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => log.append(testEntry(i + 1))));
          for (const r of results) assert.ok(r.status === 'rejected' && isSottoError(r.reason, 'AUDIT_WRITE_FAILED'));
          await breakInserts(attacker, backend.location.store, false);
          assert.equal(await log.append(testEntry(1)), 1);
          assert.equal((await log.verify()).size, 2);
        } finally {
          await log.close();
        }
      });

      void it('rejects appends after close with AUDIT_WRITE_FAILED', async () => {
        const log = await open();
        await log.close();
        await assert.rejects(log.append(testEntry(0)), (e: unknown) => isSottoError(e, 'AUDIT_WRITE_FAILED'));
      });
    });

    void it('verifies an empty log, and a large one across parallel workers', async () => {
      const log = await open({ verifyWorkers: 2, verifyChunkSize: 64 });
      try {
        assert.deepEqual((await log.verify()).size, 0);
        await Promise.all(Array.from({ length: 300 }, (_, i) => log.append(testEntry(i))));
        await log.checkpoint();
        await Promise.all(Array.from({ length: 100 }, (_, i) => log.append(testEntry(i + 300))));
        const report = await log.verify();
        assert.deepEqual([report.size, report.checkpoints, report.latestCheckpointSize], [400, 1, 300]);
      } finally {
        await log.close();
      }
    });
  });
}

/** Make every insert into audit_entries fail, as a full disk or a revoked grant would. */
async function breakInserts(attacker: { run(sql: string): Promise<void> }, store: 'sqlite' | 'postgres', broken: boolean): Promise<void> {
  if (store === 'sqlite') {
    await attacker.run(
      broken
        ? "CREATE TRIGGER test_break BEFORE INSERT ON audit_entries BEGIN SELECT RAISE(ABORT, 'disk full'); END"
        : 'DROP TRIGGER test_break',
    );
    return;
  }
  if (broken) {
    await attacker.run("CREATE FUNCTION test_break() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$");
    await attacker.run('CREATE TRIGGER test_break BEFORE INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION test_break()');
  } else {
    await attacker.run('DROP TRIGGER test_break ON audit_entries');
    await attacker.run('DROP FUNCTION test_break()');
  }
}
