import pg from 'pg';
import { SottoError } from '../../errors/index.js';
import { SqlArtifactRepository } from './artifact-repository.js';
import type { MetadataStore } from './metadata-store.js';
import { currentVersion, pendingMigrations, type AppliedMigration } from './migrations/migration.js';
import { POSTGRES_MIGRATIONS, POSTGRES_MIGRATIONS_TABLE } from './migrations/postgres.js';
import { postgresError, postgresTarget, type PostgresTarget } from './postgres-target.js';
import type { SqlClient, SqlTransaction, SqlValue } from './sql-client.js';
import { SqlSubjectKeyRepository } from './subject-key-repository.js';
import { SqlTenantRepository } from './tenant-repository.js';

export interface PostgresStoreOptions {
  url: string;
  /** Schema for every table, created by `migrate()` if missing; default: the server's search_path. */
  schema?: string;
  /** Give up connecting after this long. */
  connectTimeoutMs?: number;
}

// Lowercase identifiers only: the name goes into SQL and a connection option unquoted.
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
// Arbitrary, fixed: the first key of the two-key advisory lock that serializes migrations.
const MIGRATION_LOCK_CLASS = 0x50770;
// Likewise for the named locks transactions take (SqlTransaction.lock).
const NAMED_LOCK_CLASS = 0x50771;

/** Connect to PostgreSQL and check it answers. Call `migrate()` before use. */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresMetadataStore> {
  const target = postgresTarget(options.url);
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new SottoError('CONFIG_INVALID', 'the PostgreSQL schema name must match [a-z_][a-z0-9_]*');
  }
  // pg lets the URL's own `options` override ours, which would silently drop the search_path.
  if (schema !== undefined && new URL(options.url).searchParams.has('options')) {
    throw new SottoError('CONFIG_INVALID', 'give the schema or an `options` URL parameter, not both');
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // An idle client whose server went away emits 'error' on the pool; unhandled, that would
  // crash the process. The next query fails and reports STORE_UNAVAILABLE instead.
  pool.on('error', () => undefined);
  try {
    await pool.query('SELECT 1');
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw postgresError(err, target);
  }
  return new PostgresMetadataStore(pool, target, schema);
}

export class PostgresMetadataStore implements MetadataStore {
  readonly backend = 'postgres' as const;
  readonly tenants: SqlTenantRepository;
  readonly subjectKeys: SqlSubjectKeyRepository;
  readonly artifacts: SqlArtifactRepository;
  readonly sql: SqlClient;
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly target: PostgresTarget,
    private readonly schema: string | undefined,
  ) {
    const client = new PostgresClient(pool, target);
    this.sql = client;
    this.tenants = new SqlTenantRepository(client);
    this.subjectKeys = new SqlSubjectKeyRepository(client);
    this.artifacts = new SqlArtifactRepository(client);
  }

  async migrate(): Promise<{ applied: string[]; current: number }> {
    let client: pg.PoolClient | undefined;
    let failure: Error | undefined;
    try {
      client = await this.pool.connect();
      // A session lock, held across the per-migration transactions: a second process waits
      // here, then finds everything recorded. Keyed by schema so isolated schemas don't queue.
      const lockArgs = [MIGRATION_LOCK_CLASS, `sotto-migrate:${this.schema ?? ''}`];
      await client.query('SELECT pg_advisory_lock($1, hashtext($2))', lockArgs);
      try {
        return await this.migrateLocked(client);
      } finally {
        await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', lockArgs);
      }
    } catch (err) {
      failure = err instanceof Error ? err : new Error(String(err));
      throw postgresError(err, this.target);
    } finally {
      // On failure the connection is discarded, which also ends any session lock it held.
      client?.release(failure);
    }
  }

  private async migrateLocked(client: pg.PoolClient): Promise<{ applied: string[]; current: number }> {
    if (this.schema !== undefined) {
      // Look before creating: CREATE SCHEMA IF NOT EXISTS needs CREATE on the database
      // even when the schema is there, which a least-privilege role may lack.
      const found = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [this.schema]);
      if (found.rowCount === 0) await client.query(`CREATE SCHEMA ${this.schema}`);
      const current = await client.query<{ schema: string | null }>('SELECT current_schema() AS schema');
      if (current.rows[0]?.schema !== this.schema) {
        throw new SottoError('STORE_MIGRATION_FAILED', `search_path does not select schema ${this.schema}`);
      }
    }
    await client.query(POSTGRES_MIGRATIONS_TABLE);
    const before = await recorded(client);
    const pending = pendingMigrations(POSTGRES_MIGRATIONS, before);
    for (const migration of pending) {
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
          migration.version,
          migration.name,
        ]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw new SottoError('STORE_MIGRATION_FAILED', `migration ${migration.version} (${migration.name}) failed`, {
          cause: err,
        });
      }
    }
    return { applied: pending.map((m) => m.name), current: currentVersion(before, pending) };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

async function recorded(client: pg.PoolClient): Promise<AppliedMigration[]> {
  const result = await client.query<AppliedMigration>('SELECT version, name FROM schema_migrations ORDER BY version');
  return result.rows;
}

class PostgresClient implements SqlClient {
  private readonly numbered = new Map<string, string>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly target: PostgresTarget,
  ) {}

  async rows<Row>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    try {
      const result = await this.pool.query(this.number(sql), [...params]);
      return result.rows as Row[];
    } catch (err) {
      throw postgresError(err, this.target);
    }
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    try {
      const result = await this.pool.query(this.number(sql), [...params]);
      return result.rowCount ?? 0;
    } catch (err) {
      throw postgresError(err, this.target);
    }
  }

  async transaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw postgresError(err, this.target);
    }
    let broken: Error | undefined;
    let active = true;
    const query = async (sql: string, params: readonly SqlValue[]): Promise<pg.QueryResult> => {
      if (!active) throw new SottoError('INTERNAL', 'statement on a transaction that has ended');
      try {
        return await client.query(this.number(sql), [...params]);
      } catch (err) {
        throw postgresError(err, this.target);
      }
    };
    const tx: SqlTransaction = {
      rows: async <Row>(sql: string, params: readonly SqlValue[] = []) => (await query(sql, params)).rows as Row[],
      run: async (sql: string, params: readonly SqlValue[] = []) => (await query(sql, params)).rowCount ?? 0,
      lock: async (name, mode) => {
        const fn = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
        await query(`SELECT ${fn}(?, hashtext(?))`, [NAMED_LOCK_CLASS, name]);
      },
      claimRows: (alias) => ` FOR UPDATE OF ${alias} SKIP LOCKED`,
    };
    try {
      await query('BEGIN', []);
      const result = await work(tx);
      await query('COMMIT', []);
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        // A connection that cannot roll back is discarded, never reused mid-transaction.
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      throw err;
    } finally {
      active = false;
      client.release(broken);
    }
  }

  async afterShred(): Promise<void> {
    // Nothing the application can do: the old row version stays until VACUUM, and in WAL
    // archives and backups. Retiring the KEK version that wrapped it is what makes it useless.
  }

  /** `?` → `$1, $2, …`; the repositories' SQL has no `?` inside literals. */
  private number(sql: string): string {
    let text = this.numbered.get(sql);
    if (text === undefined) {
      let n = 0;
      text = sql.replace(/\?/g, () => `$${++n}`);
      this.numbered.set(sql, text);
    }
    return text;
  }
}
