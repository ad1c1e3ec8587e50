// Backends for the audit log tests: a fresh SQLite file or PostgreSQL schema per call, the real
// local keyring, and an "attacker" connection with full database access that bypasses the
// insert-only triggers, as someone holding the database files or the owner's role would.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createTestSchema } from '../../../test/support/postgres.js';
import { LocalKeyProvider } from '../../vault/keys/index.js';
import type { AuditEntry } from '../entry.js';
import type { AuditLogLocation } from './open-audit-log.js';

export const TEST_MASTER_SECRET = 'audit-test-master-secret-that-is-long-enough-0123456789';

export interface AttackerSql {
  /** Run a statement with `?` placeholders, bypassing triggers. */
  run(sql: string, params?: unknown[]): Promise<void>;
  rows<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
}

export interface AuditTestBackend {
  readonly location: AuditLogLocation;
  readonly dataDir: string;
  readonly keys: LocalKeyProvider;
  /** Opened on first use, after the log created its tables. */
  attacker(): Promise<AttackerSql>;
  cleanup(): Promise<void>;
}

export type BackendFactory = () => Promise<AuditTestBackend>;

export async function sqliteTestBackend(): Promise<AuditTestBackend> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sotto-audit-'));
  const keys = await LocalKeyProvider.open({ dataDir, createIfMissing: true, env: { SOTTO_MASTER_SECRET: TEST_MASTER_SECRET } });
  const path = join(dataDir, 'sotto.db');
  let db: Database.Database | undefined;
  return {
    location: { store: 'sqlite', path },
    dataDir,
    keys,
    async attacker() {
      if (db === undefined) {
        db = new Database(path);
        const triggers = db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit_%'").pluck().all() as string[];
        for (const name of triggers) db.exec(`DROP TRIGGER ${name}`);
      }
      const conn = db;
      return {
        run: async (sql, params = []) => void conn.prepare(sql).run(...params),
        rows: async <Row>(sql: string, params: unknown[] = []) => conn.prepare(sql).all(...params) as Row[],
      };
    },
    async cleanup() {
      db?.close();
      await keys.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function postgresTestBackend(): Promise<AuditTestBackend> {
  const schema = await createTestSchema({ create: false });
  const dataDir = await mkdtemp(join(tmpdir(), 'sotto-audit-'));
  const keys = await LocalKeyProvider.open({ dataDir, createIfMissing: true, env: { SOTTO_MASTER_SECRET: TEST_MASTER_SECRET } });
  let client: pg.Client | undefined;
  return {
    location: { store: 'postgres', url: schema.url, schema: schema.name },
    dataDir,
    keys,
    async attacker() {
      if (client === undefined) {
        // replica mode skips ordinary triggers: what an owner or superuser can always do.
        client = new pg.Client({ connectionString: schema.url, options: `-c search_path=${schema.name} -c session_replication_role=replica` });
        await client.connect();
      }
      const conn = client;
      return {
        run: async (sql, params = []) => void (await conn.query(numbered(sql), params)),
        rows: async <Row>(sql: string, params: unknown[] = []) => (await conn.query(numbered(sql), params)).rows as Row[],
      };
    },
    async cleanup() {
      await client?.end();
      await keys.close();
      await schema.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** A realistic entry: ids and keyed hashes only, as the gateway writes them. */
export function testEntry(i: number, tag = 'test'): AuditEntry {
  return {
    v: 1,
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, i % 1000)).toISOString(),
    principal: { id: `usr_${tag}_${i}`, kind: 'user', tenantId: 'tnt_acme', roles: ['supervisor'] },
    action: 'recording.listen',
    resource: { type: 'recording', id: `art_${i}`, tenantId: 'tnt_acme', subjectRef: `sub_${(i * 7919).toString(16)}` },
    outcome: i % 10 === 0 ? 'denied' : 'allowed',
    reason: i % 10 === 0 ? 'policy:deny-outside-hours' : 'policy:supervisor-listen',
    requestId: `req_${tag}_${i}`,
    source: '203.0.113.7',
  };
}
