import pg from 'pg';
import { SottoError } from '../../errors/index.js';
import type { MerkleFrontier } from '../merkle/index.js';
import { openPostgresStore } from '../../store/meta/postgres.js';
import { postgresError, postgresTarget, type PostgresTarget } from '../../store/meta/postgres-target.js';
import type {
  AuditStore,
  BatchSealer,
  OpenAuditStoreOptions,
  PendingEntry,
  StoredAuditKey,
  StoredCheckpoint,
} from './audit-store.js';
import { checkLeafHashes, safeNumber, stateFromRow } from './rows.js';

// Arbitrary, fixed: the first key of the advisory lock that serializes appends; the second is
// the schema, so isolated schemas (tests, tenants of a shared server) don't queue on each other.
const APPEND_LOCK_CLASS = 0x50771;
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

// The page format of entry-page.ts, built by the server: one bytea per page.
const PAGE_SQL = `
SELECT string_agg(
  int8send(idx) || int4send(octet_length(leaf_hash)) || int4send(octet_length(entry)) || int4send(octet_length(mac))
    || leaf_hash || entry || mac,
  ''::bytea ORDER BY idx) AS page
FROM audit_entries WHERE idx >= $1 AND idx < $2`;

const LEAVES_SQL = `
SELECT string_agg(leaf_hash, ''::bytea ORDER BY idx) AS hashes, count(*) AS n,
       count(*) FILTER (WHERE octet_length(leaf_hash) <> 32) AS bad
FROM audit_entries WHERE idx >= $1 AND idx < $2`;

export interface PostgresAuditStoreOptions extends OpenAuditStoreOptions {
  url: string;
  schema?: string;
}

/** The audit log in the metadata store's PostgreSQL schema, on a pool of its own. */
export async function openPostgresAuditStore(options: PostgresAuditStoreOptions): Promise<PostgresAuditStore> {
  const { url, schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new SottoError('CONFIG_INVALID', 'the PostgreSQL schema name must match [a-z_][a-z0-9_]*');
  }
  if (options.migrate !== false && options.readOnly !== true) {
    const meta = await openPostgresStore({ url, ...(schema === undefined ? {} : { schema }) });
    try {
      await meta.migrate();
    } finally {
      await meta.close();
    }
  }
  const target = postgresTarget(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.readOnly === true ? 1 : 4,
    connectionTimeoutMillis: 5000,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // An idle client whose server went away emits 'error' on the pool; the next query reports it.
  pool.on('error', () => undefined);
  try {
    await pool.query('SELECT 1');
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw postgresError(err, target);
  }
  return new PostgresAuditStore(pool, target, { store: 'postgres', url, ...(schema === undefined ? {} : { schema }) });
}

export class PostgresAuditStore implements AuditStore {
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly target: PostgresTarget,
    readonly location: { readonly store: 'postgres'; readonly url: string; readonly schema?: string },
  ) {}

  async appendBatch(batch: readonly PendingEntry[], seal: BatchSealer): Promise<number> {
    const client = await this.connect();
    let failure: Error | undefined;
    try {
      await client.query('BEGIN');
      // Held until COMMIT. Under READ COMMITTED each statement takes a fresh snapshot, so the
      // SELECT below sees the state committed by whoever held the lock before us.
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))', [APPEND_LOCK_CLASS]);
      const found = await client.query<{ size: string; frontier: Buffer }>(
        'SELECT size, frontier FROM audit_tree_states ORDER BY size DESC LIMIT 1',
      );
      const state = stateFromRow(found.rows[0]);
      const sealed = seal(state, batch);
      await client.query(
        `INSERT INTO audit_entries (idx, leaf_hash, entry, mac)
         SELECT $1::bigint + n - 1, leaf, entry, mac FROM unnest($2::bytea[], $3::bytea[], $4::bytea[]) WITH ORDINALITY AS t(leaf, entry, mac, n)`,
        [state.size, batch.map((p) => p.leaf), batch.map((p) => p.entry), sealed.macs],
      );
      await client.query('INSERT INTO audit_tree_states (size, frontier) VALUES ($1, $2)', [sealed.next.size, sealed.next.toBytes()]);
      await client.query('COMMIT');
      return state.size;
    } catch (err) {
      failure = err instanceof Error ? err : new Error(String(err));
      await client.query('ROLLBACK').catch(() => undefined);
      throw postgresError(err, this.target);
    } finally {
      // A connection that failed mid-transaction is discarded rather than reused.
      client.release(failure);
    }
  }

  async latestState(): Promise<MerkleFrontier> {
    const rows = await this.query<{ size: string; frontier: Buffer }>('SELECT size, frontier FROM audit_tree_states ORDER BY size DESC LIMIT 1');
    return stateFromRow(rows[0]);
  }

  async maxIndex(): Promise<number> {
    const rows = await this.query<{ max: string | null }>('SELECT max(idx) AS max FROM audit_entries');
    const max = rows[0]?.max ?? null;
    return max === null ? -1 : safeNumber(max);
  }

  async readPage(from: number, to: number): Promise<Buffer> {
    const rows = await this.query<{ page: Buffer | null }>(PAGE_SQL, [from, to]);
    return rows[0]?.page ?? Buffer.alloc(0);
  }

  async leafHashes(start: number, end: number): Promise<Buffer> {
    const rows = await this.query<{ hashes: Buffer | null; n: string; bad: string }>(LEAVES_SQL, [start, end]);
    const row = rows[0];
    return checkLeafHashes(row?.hashes ?? null, row?.n ?? 0, row?.bad ?? 0, start, end);
  }

  async insertCheckpoint(checkpoint: StoredCheckpoint): Promise<void> {
    await this.query('INSERT INTO audit_checkpoints (size, note) VALUES ($1, $2) ON CONFLICT (size) DO NOTHING', [
      checkpoint.size,
      checkpoint.note,
    ]);
  }

  async checkpoints(): Promise<StoredCheckpoint[]> {
    const rows = await this.query<{ size: string; note: string }>('SELECT size, note FROM audit_checkpoints ORDER BY size');
    return rows.map((r) => ({ size: safeNumber(r.size), note: r.note }));
  }

  async latestCheckpoint(): Promise<StoredCheckpoint | undefined> {
    const rows = await this.query<{ size: string; note: string }>('SELECT size, note FROM audit_checkpoints ORDER BY size DESC LIMIT 1');
    const row = rows[0];
    return row === undefined ? undefined : { size: safeNumber(row.size), note: row.note };
  }

  async checkpointAt(size: number): Promise<StoredCheckpoint | undefined> {
    const rows = await this.query<{ size: string; note: string }>('SELECT size, note FROM audit_checkpoints WHERE size = $1', [size]);
    const row = rows[0];
    return row === undefined ? undefined : { size: safeNumber(row.size), note: row.note };
  }

  async key(purpose: string): Promise<StoredAuditKey | undefined> {
    const rows = await this.query<StoredAuditKey>(
      `SELECT purpose, provider, key_id AS "keyId", key_version AS "keyVersion", ciphertext, public_key AS "publicKey"
       FROM audit_keys WHERE purpose = $1`,
      [purpose],
    );
    return rows[0];
  }

  async insertKey(key: StoredAuditKey): Promise<void> {
    await this.query(
      `INSERT INTO audit_keys (purpose, provider, key_id, key_version, ciphertext, public_key)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (purpose) DO NOTHING`,
      [key.purpose, key.provider, key.keyId, key.keyVersion, key.ciphertext, key.publicKey],
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private async connect(): Promise<pg.PoolClient> {
    if (this.closed) throw new SottoError('STORE_UNAVAILABLE', 'the audit log store is closed');
    try {
      return await this.pool.connect();
    } catch (err) {
      throw postgresError(err, this.target);
    }
  }

  private async query<Row extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<Row[]> {
    if (this.closed) throw new SottoError('STORE_UNAVAILABLE', 'the audit log store is closed');
    try {
      return (await this.pool.query<Row>(sql, params)).rows;
    } catch (err) {
      throw postgresError(err, this.target);
    }
  }
}
