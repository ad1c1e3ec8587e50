import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';

import { randomBytes, randomId } from '../../crypto/index.js';
import { describeMetadataStoreContract, rejectsWithCode } from './metadata-contract.js';
import { describeTransactionContract } from './transaction-contract.js';
import { openSqliteStore, type SqliteMetadataStore } from './sqlite.js';
import { SQLITE_MIGRATIONS } from './migrations/sqlite.js';

async function temporaryDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'sotto-meta-'));
}

/** Reads the file with a second connection, as another process would. */
function readDirectly<T>(path: string, sql: string): T[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

describeMetadataStoreContract('SQLite', async () => {
  const dir = await temporaryDir();
  const path = join(dir, 'meta', 'metadata.db');
  const store = await openSqliteStore({ path });
  return {
    store,
    recordedMigrations: async () => readDirectly(path, 'SELECT version, name FROM schema_migrations ORDER BY version'),
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describeTransactionContract('SQLite', async () => {
  const dir = await temporaryDir();
  const store = await openSqliteStore({ path: join(dir, 'metadata.db') });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

void describe('SQLite metadata store on disk', () => {
  let dir: string;
  let path: string;
  let store: SqliteMetadataStore;

  before(async () => {
    dir = await temporaryDir();
    path = join(dir, 'nested', 'metadata.db');
    store = await openSqliteStore({ path });
    await store.migrate();
  });
  after(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  void it('puts the file in WAL mode', () => {
    assert.deepEqual(readDirectly(path, 'PRAGMA journal_mode'), [{ journal_mode: 'wal' }]);
  });

  void it('creates its directory 0700 and its file 0600', () => {
    assert.equal(statSync(join(dir, 'nested')).mode & 0o777, 0o700);
    assert.equal(statSync(path).mode & 0o777, 0o600);
  });

  void describe('when a subject key is destroyed', () => {
    void it('leaves its wrapped bytes nowhere in the database or its WAL', async () => {
      const onDisk = (): Buffer =>
        Buffer.concat([path, `${path}-wal`].filter((p) => existsSync(p)).map((p) => readFileSync(p)));
      const tenantId = randomId('ten');
      const secret = randomBytes(48);
      await store.tenants.create({
        id: tenantId,
        createdAt: '2025-01-01T00:00:00Z',
        pseudonymKey: { provider: 'local', keyId: 'k', version: 1, ciphertext: randomBytes(60) },
      });
      await store.subjectKeys.create({
        tenantId,
        subjectRef: 'sub',
        wrapped: { provider: 'local', keyId: 'k', version: 1, ciphertext: secret },
        generation: 0,
        createdAt: '2025-01-01T00:00:00Z',
        destroyedAt: undefined,
      });
      // Move the page into the main file first, where only secure_delete can zero it.
      const other = new Database(path);
      other.pragma('wal_checkpoint(TRUNCATE)');
      other.close();
      assert.ok(readFileSync(path).includes(secret), 'the test must first see the bytes in the database file');

      await store.subjectKeys.destroy(tenantId, 'sub', '2025-01-02T00:00:00Z');
      assert.equal(onDisk().includes(secret), false);
    });
  });

  void describe('when the database records a schema version this build does not know', () => {
    void it('refuses to migrate with STORE_MIGRATION_FAILED', async () => {
      const other = join(dir, 'newer.db');
      const newer = await openSqliteStore({ path: other });
      await newer.migrate();
      const db = new Database(other);
      db.prepare("INSERT INTO schema_migrations VALUES (99, 'future', '2030-01-01T00:00:00.000Z')").run();
      db.close();
      await rejectsWithCode(newer.migrate(), 'STORE_MIGRATION_FAILED');
      await newer.close();
    });
  });
});

void describe('SQLite metadata store in memory', () => {
  void it('migrates and stores records', async () => {
    const store = await openSqliteStore({ path: ':memory:' });
    assert.deepEqual(await store.migrate(), { applied: SQLITE_MIGRATIONS.map((m) => m.name), current: SQLITE_MIGRATIONS.at(-1)?.version });
    const pseudonymKey = { provider: 'local', keyId: 'k', version: 1, ciphertext: Buffer.from([0, 1]) };
    const tenant = { id: 'ten_1', createdAt: '2025-01-01T00:00:00.000Z', pseudonymKey };
    await store.tenants.create(tenant);
    assert.deepEqual(await store.tenants.get('ten_1'), tenant);
    await store.close();
  });
});

void describe('when the SQLite path cannot be opened', () => {
  void it('throws STORE_UNAVAILABLE', async () => {
    const dir = await temporaryDir();
    try {
      writeFileSync(join(dir, 'file'), 'not a directory');
      await rejectsWithCode(openSqliteStore({ path: join(dir, 'file', 'metadata.db') }), 'STORE_UNAVAILABLE');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  void it('throws STORE_UNAVAILABLE for a file that is not a database', async () => {
    const dir = await temporaryDir();
    try {
      writeFileSync(join(dir, 'junk.db'), randomBytes(8192));
      await rejectsWithCode(openSqliteStore({ path: join(dir, 'junk.db') }), 'STORE_UNAVAILABLE');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

void describe('when the SQLite store is closed', () => {
  void it('throws STORE_UNAVAILABLE on use', async () => {
    const store = await openSqliteStore({ path: ':memory:' });
    await store.migrate();
    await store.close();
    await rejectsWithCode(store.tenants.get('ten_1'), 'STORE_UNAVAILABLE');
  });
});
