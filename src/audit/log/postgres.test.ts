import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { postgresSkipReason } from '../../../test/support/postgres.js';
import { describeAuditLogContract } from './log-contract.js';
import { openAuditLog } from './open-audit-log.js';
import { describeTamperContract } from './tamper-contract.js';
import { postgresTestBackend, type AuditTestBackend } from './test-backends.js';

const skip = await postgresSkipReason();
const run = promisify(execFile);

void describe('PostgreSQL', { skip }, () => {
  describeAuditLogContract('PostgreSQL', postgresTestBackend);
  describeTamperContract('PostgreSQL', postgresTestBackend);

  void describe('when two processes append to one log at once', () => {
    let backend: AuditTestBackend;
    before(async () => {
      backend = await postgresTestBackend();
    });
    after(async () => {
      await backend.cleanup();
    });

    void it('both get distinct indexes of one consistent tree that verifies', async () => {
      if (backend.location.store !== 'postgres') throw new Error('unreachable');
      const { url, schema = '' } = backend.location;
      // Create the tables and keys first, as `sotto` does before serving.
      await (await openAuditLog(backend.location, { keys: backend.keys })).close();
      const fixture = fileURLToPath(new URL('./fixtures/append-process.ts', import.meta.url));
      const outputs = await Promise.all(
        ['one', 'two'].map((tag) =>
          run(process.execPath, ['--import', 'tsx', fixture, url, schema, backend.dataDir, tag, '2000'], { maxBuffer: 1 << 20 }),
        ),
      );
      const indexes = outputs.flatMap((o) => JSON.parse(o.stdout) as number[]).sort((a, b) => a - b);
      assert.deepEqual(indexes, Array.from({ length: 4000 }, (_, i) => i));

      const log = await openAuditLog(backend.location, { keys: backend.keys, verifyWorkers: 0 });
      try {
        const report = await log.verify();
        assert.equal(report.size, 4000);
        const seen = new Set<string>();
        for (let from = 0; from < 4000; from += 1000) {
          for (const { entry } of await log.entries({ from, limit: 1000 })) seen.add(entry.requestId ?? '');
        }
        for (const tag of ['one', 'two']) for (let i = 0; i < 2000; i++) assert.ok(seen.has(`req_${tag}_${i}`), `req_${tag}_${i}`);
        assert.equal(seen.size, 4000);
      } finally {
        await log.close();
      }
    });
  });
});
