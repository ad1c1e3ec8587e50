import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { isSottoError } from '../../errors/index.js';
import { describeAuditLogContract } from './log-contract.js';
import { openAuditLog } from './open-audit-log.js';
import { describeTamperContract } from './tamper-contract.js';
import { sqliteTestBackend, testEntry, type AuditTestBackend } from './test-backends.js';

describeAuditLogContract('SQLite', sqliteTestBackend);
describeTamperContract('SQLite', sqliteTestBackend);

void describe('SQLite audit log commits', () => {
  let backend: AuditTestBackend;
  beforeEach(async () => {
    backend = await sqliteTestBackend();
  });
  afterEach(async () => {
    await backend.cleanup();
  });

  void it('move to the append worker once appends queue up, continuing one tree', async () => {
    const log = await openAuditLog(backend.location, { keys: backend.keys, verifyWorkers: 0 });
    try {
      const indexes: number[] = [];
      // The first big batch starts the worker; the rounds after it commit there.
      for (let round = 0; round < 8; round++) {
        const base = round * 600;
        indexes.push(...(await Promise.all(Array.from({ length: 600 }, (_, i) => log.append(testEntry(base + i))))));
        if (round === 0) await new Promise((resolve) => setTimeout(resolve, 1500));
      }
      assert.deepEqual(indexes, Array.from({ length: 4800 }, (_, i) => i));
      assert.equal((await log.verify()).size, 4800);
    } finally {
      await log.close();
    }
  });

  void it('reject the batch with AUDIT_WRITE_FAILED when the worker cannot commit', async () => {
    const log = await openAuditLog(backend.location, { keys: backend.keys, appendWorker: 'always', verifyWorkers: 0 });
    try {
      assert.equal(await log.append(testEntry(0)), 0);
      const sql = await backend.attacker();
      await sql.run("CREATE TRIGGER test_break BEFORE INSERT ON audit_entries BEGIN SELECT RAISE(ABORT, 'disk full'); END");
      const results = await Promise.allSettled([1, 2, 3].map((i) => log.append(testEntry(i))));
      for (const r of results) assert.ok(r.status === 'rejected' && isSottoError(r.reason, 'AUDIT_WRITE_FAILED'));
      await sql.run('DROP TRIGGER test_break');
      assert.equal(await log.append(testEntry(1)), 1);
    } finally {
      await log.close();
    }
  });
});
