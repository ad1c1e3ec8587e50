// Test support for the identity suites (not a test file): one store per suite on SQLite or
// PostgreSQL, the real local keyring, tenants created the way the vault creates them, and
// a clock the tests move by hand.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestSchema, postgresSkipReason } from '../../../test/support/postgres.js';
import { randomBytes } from '../../crypto/index.js';
import type { MetadataStore } from '../../store/meta/metadata-store.js';
import { openPostgresStore } from '../../store/meta/postgres.js';
import { openSqliteStore } from '../../store/meta/sqlite.js';
import { LocalKeyProvider } from '../../vault/keys/local-keyring.js';
import { SubjectKeys } from '../../vault/subject-keys.js';
import { IdentityService, type IdentityDeps } from './identity-service.js';

export interface TestClock {
  now(): Date;
  advance(ms: number): void;
  set(at: Date): void;
}

export function testClock(start = new Date('2025-03-04T05:06:07.000Z')): TestClock {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    advance: (ms) => {
      t += ms;
    },
    set: (at) => {
      t = at.getTime();
    },
  };
}

export interface IdentityFixture {
  backend: 'SQLite' | 'PostgreSQL';
  /** The SQLite file's directory (for scanning files), or undefined on PostgreSQL. */
  dir: string;
  store: MetadataStore;
  keys: LocalKeyProvider;
  clock: TestClock;
  identity: IdentityService;
  /** A fresh tenant with its KEK and pseudonym key, as `keys init` creates it. */
  newTenant(): Promise<string>;
  /** Every row of a table, as the driver returns it. */
  rows(table: 'users' | 'sessions' | 'api_tokens'): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

export interface Backend {
  name: 'SQLite' | 'PostgreSQL';
  /** Why this backend cannot run here, or false. */
  skip: string | false;
  open(deps?: Partial<IdentityDeps>): Promise<IdentityFixture>;
}

/** SQLite always; PostgreSQL when reachable (see test/support/postgres.ts). */
export async function backends(): Promise<Backend[]> {
  const pgSkip = await postgresSkipReason();
  return [
    { name: 'SQLite', skip: false, open: (deps) => openFixture('SQLite', deps) },
    { name: 'PostgreSQL', skip: pgSkip, open: (deps) => openFixture('PostgreSQL', deps) },
  ];
}

async function openFixture(backend: 'SQLite' | 'PostgreSQL', deps: Partial<IdentityDeps> = {}): Promise<IdentityFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'sotto-identity-'));
  const cleanup: (() => Promise<void>)[] = [() => rm(dir, { recursive: true, force: true })];
  let store: MetadataStore;
  if (backend === 'SQLite') {
    store = await openSqliteStore({ path: join(dir, 'sotto.db') });
  } else {
    const schema = await createTestSchema();
    cleanup.push(() => schema.drop());
    store = await openPostgresStore({ url: schema.url, schema: schema.name });
  }
  await store.migrate();
  const env = { SOTTO_MASTER_SECRET: 'identity-test-master-secret-long-enough-0123456789' };
  const keys = await LocalKeyProvider.open({ dataDir: dir, createIfMissing: true, env });
  const subjects = new SubjectKeys(store, keys);
  const clock = testClock();
  const identity = new IdentityService({ store, keys, now: clock.now, ...deps });
  return {
    backend,
    dir,
    store,
    keys,
    clock,
    identity,
    async newTenant() {
      const id = `t-${randomBytes(6).toString('hex')}`;
      await subjects.ensureTenant(id);
      return id;
    },
    rows: (table) => store.sql.rows<Record<string, unknown>>(`SELECT * FROM ${table}`),
    async close() {
      subjects.wipe();
      await keys.close();
      await store.close();
      for (const step of cleanup.reverse()) await step();
    },
  };
}
