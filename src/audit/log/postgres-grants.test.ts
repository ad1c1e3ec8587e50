// On PostgreSQL the application's role may only read and append the audit tables (issue 3):
// UPDATE, DELETE and TRUNCATE are not granted to it, and triggers refuse them even for roles
// that hold them, such as the owner or a superuser (who bypasses grants).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { randomBytes } from '../../crypto/index.js';
import { postgresSkipReason } from '../../../test/support/postgres.js';
import { openAuditLog } from './open-audit-log.js';
import { postgresTestBackend, testEntry, type AuditTestBackend } from './test-backends.js';

const skip = await postgresSkipReason();
const KEY_COLUMNS: Record<string, string> = { audit_entries: 'idx', audit_tree_states: 'size', audit_checkpoints: 'size', audit_keys: 'purpose' };
const AUDIT_TABLES = Object.keys(KEY_COLUMNS);
const CHANGES = (table: string): string[] => [
  `UPDATE ${table} SET ${KEY_COLUMNS[table] ?? ''} = ${KEY_COLUMNS[table] ?? ''}`,
  `DELETE FROM ${table}`,
  `TRUNCATE ${table}`,
];

void describe('PostgreSQL audit tables', { skip }, () => {
  let backend: AuditTestBackend;
  let url: string;
  let schema: string;
  let owner: pg.Client;
  before(async () => {
    backend = await postgresTestBackend();
    if (backend.location.store !== 'postgres' || backend.location.schema === undefined) throw new Error('unreachable');
    ({ url, schema } = backend.location);
    const log = await openAuditLog(backend.location, { keys: backend.keys });
    await Promise.all([0, 1, 2].map((i) => log.append(testEntry(i))));
    await log.checkpoint();
    await log.close();
    owner = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
    await owner.connect();
  });
  after(async () => {
    await owner.end();
    await backend.cleanup();
  });

  void describe('for an application role granted only USAGE, SELECT and INSERT', () => {
    const role = `sotto_app_${randomBytes(6).toString('hex')}`;
    let app: pg.Client;
    before(async () => {
      await owner.query(`CREATE ROLE ${role} LOGIN`);
      await owner.query(`GRANT USAGE ON SCHEMA ${schema} TO ${role}`);
      await owner.query(`GRANT SELECT, INSERT ON ${AUDIT_TABLES.join(', ')} TO ${role}`);
      const roleUrl = new URL(url);
      roleUrl.username = role;
      roleUrl.password = '';
      app = new pg.Client({ connectionString: roleUrl.href, options: `-c search_path=${schema}` });
      await app.connect();
    });
    after(async () => {
      await app.end();
      await owner.query(`DROP OWNED BY ${role}`);
      await owner.query(`DROP ROLE ${role}`);
    });

    for (const table of AUDIT_TABLES) {
      void it(`refuses UPDATE, DELETE and TRUNCATE on ${table} with permission denied`, async () => {
        for (const statement of CHANGES(table)) {
          await assert.rejects(app.query(statement), (e: unknown) => e instanceof pg.DatabaseError && e.code === '42501', statement);
        }
      });
    }

    void it('cannot disable the triggers (only the owner can)', async () => {
      await assert.rejects(app.query('ALTER TABLE audit_entries DISABLE TRIGGER ALL'), (e: unknown) => e instanceof pg.DatabaseError && e.code === '42501');
    });

    void it('still reads and appends through the audit log', async () => {
      const roleUrl = new URL(url);
      roleUrl.username = role;
      const log = await openAuditLog({ store: 'postgres', url: roleUrl.href, schema }, { keys: backend.keys, migrate: false, verifyWorkers: 0 });
      try {
        assert.equal(await log.append(testEntry(3)), 3);
        assert.equal((await log.verify()).size, 4);
      } finally {
        await log.close();
      }
    });
  });

  void describe('for a superuser, who bypasses grants', () => {
    for (const table of AUDIT_TABLES) {
      void it(`the trigger refuses UPDATE, DELETE and TRUNCATE on ${table}`, async () => {
        for (const statement of CHANGES(table)) {
          await assert.rejects(owner.query(statement), /insert-only/, statement);
        }
        const [{ n }] = (await owner.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows as [{ n: string }];
        assert.ok(Number(n) > 0);
      });
    }
  });
});
