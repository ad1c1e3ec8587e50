import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { SottoError } from '../../errors/index.js';
import { SqlArtifactRepository } from './artifact-repository.js';
import type { MetadataStore } from './metadata-store.js';
import { currentVersion, pendingMigrations, type AppliedMigration } from './migrations/migration.js';
import { SQLITE_MIGRATIONS, SQLITE_MIGRATIONS_TABLE } from './migrations/sqlite.js';
import type { SqlClient, SqlTransaction, SqlValue } from './sql-client.js';
import { SqlSubjectKeyRepository } from './subject-key-repository.js';
import { SqlTenantRepository } from './tenant-repository.js';
import { StatementCache } from './sqlite-statements.js';
import { WalSync } from './wal-sync.js';

export interface SqliteStoreOptions {
  /** Database file; `:memory:` for a throwaway store in tests. */
  path: string;
}

const IN_MEMORY = ':memory:';

/** Open (creating if needed) the embedded metadata store. Call `migrate()` before use. */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<SqliteMetadataStore> {
  const { path } = options;
  let db: Database.Database | undefined;
  try {
    if (path !== IN_MEMORY) {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      // SQLite gives its -wal and -shm files the main file's mode, so this covers all three.
      closeSync(openSync(path, 'a', 0o600));
    }
    db = new Database(path);
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    // Overwrite erased content with zeros: destroying a subject key must remove its bytes.
    db.pragma('secure_delete = ON');
    const mode: unknown = db.pragma('journal_mode = WAL', { simple: true });
    if (path !== IN_MEMORY && mode !== 'wal') {
      throw new SottoError('STORE_UNAVAILABLE', `SQLite refused WAL mode (got ${String(mode)})`);
    }
    // NORMAL: COMMIT does not flush the WAL; every write method flushes it off the event loop
    // before it returns (wal-sync.ts), so a write we acknowledged still survives a power cut.
    db.pragma('synchronous = NORMAL');
  } catch (err) {
    db?.close();
    if (err instanceof SottoError) throw err;
    throw new SottoError('STORE_UNAVAILABLE', `cannot open the SQLite metadata store at ${path}`, { cause: err });
  }
  return new SqliteMetadataStore(db, path === IN_MEMORY ? undefined : new WalSync(`${path}-wal`));
}

export class SqliteMetadataStore implements MetadataStore {
  readonly backend = 'sqlite' as const;
  readonly sql: SqlClient;
  readonly tenants: SqlTenantRepository;
  readonly subjectKeys: SqlSubjectKeyRepository;
  readonly artifacts: SqlArtifactRepository;
  private readonly client: SqliteClient;

  constructor(
    private readonly db: Database.Database,
    private readonly wal: WalSync | undefined,
  ) {
    this.client = new SqliteClient(db, wal);
    this.sql = this.client;
    this.tenants = new SqlTenantRepository(this.client);
    this.subjectKeys = new SqlSubjectKeyRepository(this.client);
    this.artifacts = new SqlArtifactRepository(this.client);
  }

  async migrate(): Promise<{ applied: string[]; current: number }> {
    return this.client.guard(() => {
      this.db.exec(SQLITE_MIGRATIONS_TABLE);
      const recorded = (): AppliedMigration[] =>
        this.db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as AppliedMigration[];
      const before = recorded();
      const pending = pendingMigrations(SQLITE_MIGRATIONS, before);
      const applied: string[] = [];
      for (const migration of pending) {
        // IMMEDIATE takes the write lock first, so a second process waits (busy_timeout) and
        // then sees the version recorded instead of applying it twice.
        const apply = this.db.transaction(() => {
          const done = this.db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(migration.version);
          if (done !== undefined) return;
          try {
            this.db.exec(migration.sql);
          } catch (err) {
            throw new SottoError('STORE_MIGRATION_FAILED', `migration ${migration.version} (${migration.name}) failed`, {
              cause: err,
            });
          }
          this.db
            .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
            .run(migration.version, migration.name, new Date().toISOString());
          applied.push(migration.name);
        });
        apply.immediate();
      }
      return { applied, current: currentVersion(recorded(), []) };
    });
  }

  async close(): Promise<void> {
    await this.wal?.close();
    if (this.db.open) this.db.close();
  }
}

class SqliteClient implements SqlClient {
  private readonly statements: StatementCache;
  /**
   * Pending while a transaction is open: this process's other statements wait for it. Each
   * waits in its own loop, so the check and the statement run in one synchronous step.
   */
  private openTransaction: Promise<void> | undefined;

  constructor(
    private readonly db: Database.Database,
    private readonly wal: WalSync | undefined,
  ) {
    this.statements = new StatementCache(db);
  }

  async rows<Row>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    while (this.openTransaction !== undefined) await this.openTransaction;
    const { rows, wrote } = this.guard(() => {
      const statement = this.prepare(sql);
      return { rows: statement.all(...params) as Row[], wrote: !statement.readonly };
    });
    // UPDATE … RETURNING and the like come through here too: a write is flushed before it is answered.
    if (wrote) await this.wal?.sync();
    return rows;
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    while (this.openTransaction !== undefined) await this.openTransaction;
    const changes = this.guard(() => this.prepare(sql).run(...params).changes);
    await this.wal?.sync();
    return changes;
  }

  async afterShred(): Promise<void> {
    if (this.db.memory) return;
    while (this.openTransaction !== undefined) await this.openTransaction;
    // secure_delete zeroed the page in the database, but the WAL still holds the page as it
    // was before. Checkpoint and truncate it; if a reader blocks that, the erasure is not done.
    const [result] = this.guard(() => this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[]);
    if (result === undefined || result.busy !== 0) {
      throw new SottoError('STORE_UNAVAILABLE', 'the key was erased but the SQLite WAL could not be scrubbed; retry');
    }
  }

  /**
   * BEGIN IMMEDIATE takes the write lock up front, so two processes' transactions queue on
   * busy_timeout instead of failing half-way with SQLITE_BUSY. The driver is synchronous and
   * shares one connection per process: statements issued outside while the transaction is
   * open wait for it to end rather than silently joining it.
   */
  async transaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T> {
    while (this.openTransaction !== undefined) await this.openTransaction;
    let release = (): void => undefined;
    this.openTransaction = new Promise<void>((resolve) => (release = resolve));
    let active = true;
    const inside = <R>(fn: () => R): R => {
      if (!active) throw new SottoError('INTERNAL', 'statement on a transaction that has ended');
      return this.guard(fn);
    };
    const tx: SqlTransaction = {
      rows: async <Row>(sql: string, params: readonly SqlValue[] = []) => inside(() => this.prepare(sql).all(...params) as Row[]),
      run: async (sql: string, params: readonly SqlValue[] = []) => inside(() => this.prepare(sql).run(...params).changes),
      lock: async () => undefined,
      claimRows: () => '',
    };
    let result: T;
    try {
      this.guard(() => this.prepare('BEGIN IMMEDIATE').run());
      try {
        result = await work(tx);
        this.guard(() => this.prepare('COMMIT').run());
      } finally {
        active = false;
        if (this.db.open && this.db.inTransaction) {
          try {
            this.db.exec('ROLLBACK');
          } catch {
            // SQLite rolls back by itself when ROLLBACK fails (I/O error); the original error stands.
          }
        }
      }
    } finally {
      this.openTransaction = undefined;
      release();
    }
    // Outside the transaction: the next one may commit while this one's frames are flushed.
    await this.wal?.sync();
    return result;
  }

  /** Run synchronous driver work, turning driver errors into coded ones. */
  guard<T>(work: () => T): T {
    if (!this.db.open) throw new SottoError('STORE_UNAVAILABLE', 'the SQLite metadata store is closed');
    try {
      return work();
    } catch (err) {
      throw sqliteError(err);
    }
  }

  private prepare(sql: string): Database.Statement {
    return this.statements.get(sql);
  }
}

function sqliteError(err: unknown): SottoError {
  if (err instanceof SottoError) return err;
  const code = err instanceof Database.SqliteError ? err.code : '';
  if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE') {
    return new SottoError('STORE_CONFLICT', `metadata store: ${(err as Error).message}`, { cause: err });
  }
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return new SottoError('NOT_FOUND', 'metadata store: the referenced tenant or subject key does not exist', {
      cause: err,
    });
  }
  if (/^SQLITE_(BUSY|LOCKED|CANTOPEN|IOERR|FULL|READONLY|NOTADB|CORRUPT|PERM)/.test(code)) {
    return new SottoError('STORE_UNAVAILABLE', `metadata store: ${(err as Error).message}`, { cause: err });
  }
  return new SottoError('INTERNAL', 'metadata store query failed', { cause: err });
}
