import Database from 'better-sqlite3';
import { SottoError } from '../../errors/index.js';
import type { MerkleFrontier } from '../merkle/index.js';
import { openSqliteStore } from '../../store/meta/sqlite.js';
import type {
  AuditStore,
  BatchSealer,
  OpenAuditStoreOptions,
  PendingEntry,
  StoredAuditKey,
  StoredCheckpoint,
} from './audit-store.js';
import { checkLeafHashes, stateFromRow } from './rows.js';
import { StatementCache } from '../../store/meta/sqlite-statements.js';
import { WalSync } from '../../store/meta/wal-sync.js';

// The page query of entry-page.ts. CAST(… AS TEXT) / CAST(… AS BLOB) move bytes unchanged in a
// UTF-8 database (SQLite never validates or converts them), which lets group_concat join blobs;
// octet_length counts bytes even if a value was stored as TEXT, so the framing stays exact.
const PAGE_SQL = `
SELECT CAST(group_concat(
  CAST(unhex(printf('%016x%08x%08x%08x', idx, octet_length(leaf_hash), octet_length(entry), octet_length(mac))) AS TEXT)
    || CAST(leaf_hash AS TEXT) || CAST(entry AS TEXT) || CAST(mac AS TEXT),
  '' ORDER BY idx) AS BLOB)
FROM audit_entries WHERE idx >= ? AND idx < ?`;

const LEAVES_SQL = `
SELECT CAST(group_concat(CAST(leaf_hash AS TEXT), '' ORDER BY idx) AS BLOB) AS hashes,
       count(*) AS n, coalesce(sum(octet_length(leaf_hash) <> 32), 0) AS bad
FROM audit_entries WHERE idx >= ? AND idx < ?`;

// Entries go in ROWS_PER_INSERT rows per INSERT statement, each prepared once: a statement run
// per row cost about a fifth more CPU per row. (SQLite allows 32,766 bound values per statement.)
const ROWS_PER_INSERT = 64;
const insertSqlByRows = new Map<number, string>();

function insertEntriesSql(rows: number): string {
  let sql = insertSqlByRows.get(rows);
  if (sql === undefined) {
    sql = `INSERT INTO audit_entries (idx, leaf_hash, entry, mac) VALUES ${Array.from({ length: rows }, () => '(?, ?, ?, ?)').join(', ')}`;
    insertSqlByRows.set(rows, sql);
  }
  return sql;
}

/**
 * The audit log in the metadata store's SQLite file, on a connection of its own: appends take
 * the database write lock (BEGIN IMMEDIATE), so other processes on the same file queue behind
 * it and then read the tree state this one committed.
 */
export async function openSqliteAuditStore(path: string, options: OpenAuditStoreOptions = {}): Promise<SqliteAuditStore> {
  if (path === ':memory:') throw new SottoError('CONFIG_INVALID', 'the audit log needs a database file, not :memory:');
  if (options.migrate !== false && options.readOnly !== true) {
    const meta = await openSqliteStore({ path });
    try {
      await meta.migrate();
    } finally {
      await meta.close();
    }
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: options.readOnly === true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    if (options.readOnly !== true) {
      const mode: unknown = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new SottoError('STORE_UNAVAILABLE', `SQLite refused WAL mode (got ${String(mode)})`);
      // NORMAL: COMMIT does not flush the WAL; appendBatch flushes it off the event loop before
      // it returns (store/meta/wal-sync.ts), so an index we returned still survives a power cut.
      db.pragma('synchronous = NORMAL');
    }
  } catch (err) {
    db?.close();
    throw storeError(err);
  }
  return new SqliteAuditStore(path, db, options.readOnly === true ? undefined : new WalSync(`${path}-wal`));
}

export class SqliteAuditStore implements AuditStore {
  readonly location;
  private readonly statements: StatementCache;
  /** Bind values of one full chunk, reused from chunk to chunk. */
  private readonly chunkValues = new Array<unknown>(4 * ROWS_PER_INSERT);
  private readonly appendTx: Database.Transaction<(batch: readonly PendingEntry[], seal: BatchSealer) => number>;

  constructor(
    path: string,
    private readonly db: Database.Database,
    private readonly wal: WalSync | undefined,
  ) {
    this.location = { store: 'sqlite', path } as const;
    this.statements = new StatementCache(db);
    this.appendTx = db.transaction((batch: readonly PendingEntry[], seal: BatchSealer) => {
      const state = this.readLatestState();
      const sealed = seal(state, batch);
      for (let at = 0; at < batch.length; at += ROWS_PER_INSERT) {
        const rows = Math.min(ROWS_PER_INSERT, batch.length - at);
        const values = rows === ROWS_PER_INSERT ? this.chunkValues : new Array<unknown>(4 * rows);
        for (let j = 0; j < rows; j++) {
          const pending = batch[at + j] as PendingEntry;
          values[4 * j] = state.size + at + j;
          values[4 * j + 1] = pending.leaf;
          values[4 * j + 2] = pending.entry;
          values[4 * j + 3] = sealed.macs[at + j];
        }
        this.prepare(insertEntriesSql(rows)).run(values);
      }
      this.chunkValues.fill(undefined);
      this.prepare('INSERT INTO audit_tree_states (size, frontier, created_at) VALUES (?, ?, ?)').run(
        sealed.next.size,
        sealed.next.toBytes(),
        new Date().toISOString(),
      );
      return state.size;
    });
  }

  async appendBatch(batch: readonly PendingEntry[], seal: BatchSealer): Promise<number> {
    const first = this.guard(() => this.appendTx.immediate(batch, seal));
    await this.wal?.sync();
    return first;
  }

  async latestState(): Promise<MerkleFrontier> {
    return this.guard(() => this.readLatestState());
  }

  async maxIndex(): Promise<number> {
    return this.guard(() => {
      const max = this.prepare('SELECT max(idx) FROM audit_entries').pluck().get() as number | null;
      return max ?? -1;
    });
  }

  async readPage(from: number, to: number): Promise<Buffer> {
    return this.guard(() => (this.prepare(PAGE_SQL).pluck().get(from, to) as Buffer | null) ?? Buffer.alloc(0));
  }

  async leafHashes(start: number, end: number): Promise<Buffer> {
    return this.guard(() => {
      const row = this.prepare(LEAVES_SQL).get(start, end) as { hashes: Buffer | null; n: number; bad: number };
      return checkLeafHashes(row.hashes, row.n, row.bad, start, end);
    });
  }

  async insertCheckpoint(checkpoint: StoredCheckpoint): Promise<void> {
    this.guard(() =>
      this.prepare('INSERT INTO audit_checkpoints (size, note, created_at) VALUES (?, ?, ?) ON CONFLICT (size) DO NOTHING').run(
        checkpoint.size,
        checkpoint.note,
        new Date().toISOString(),
      ),
    );
    await this.wal?.sync();
  }

  async checkpoints(): Promise<StoredCheckpoint[]> {
    return this.guard(() => this.prepare('SELECT size, note FROM audit_checkpoints ORDER BY size').all() as StoredCheckpoint[]);
  }

  async latestCheckpoint(): Promise<StoredCheckpoint | undefined> {
    return this.guard(
      () => this.prepare('SELECT size, note FROM audit_checkpoints ORDER BY size DESC LIMIT 1').get() as StoredCheckpoint | undefined,
    );
  }

  async checkpointAt(size: number): Promise<StoredCheckpoint | undefined> {
    return this.guard(() => this.prepare('SELECT size, note FROM audit_checkpoints WHERE size = ?').get(size) as StoredCheckpoint | undefined);
  }

  async key(purpose: string): Promise<StoredAuditKey | undefined> {
    return this.guard(
      () =>
        this.prepare(
          `SELECT purpose, provider, key_id AS keyId, key_version AS keyVersion, ciphertext, public_key AS publicKey
           FROM audit_keys WHERE purpose = ?`,
        ).get(purpose) as StoredAuditKey | undefined,
    );
  }

  async insertKey(key: StoredAuditKey): Promise<void> {
    this.guard(() =>
      this.prepare(
        `INSERT INTO audit_keys (purpose, provider, key_id, key_version, ciphertext, public_key, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (purpose) DO NOTHING`,
      ).run(key.purpose, key.provider, key.keyId, key.keyVersion, key.ciphertext, key.publicKey, new Date().toISOString()),
    );
    await this.wal?.sync();
  }

  async close(): Promise<void> {
    await this.wal?.close();
    if (this.db.open) this.db.close();
  }

  private readLatestState(): MerkleFrontier {
    const row = this.prepare('SELECT size, frontier FROM audit_tree_states ORDER BY size DESC LIMIT 1').get() as
      | { size: number; frontier: Buffer }
      | undefined;
    return stateFromRow(row);
  }

  private guard<T>(work: () => T): T {
    if (!this.db.open) throw new SottoError('STORE_UNAVAILABLE', 'the audit log store is closed');
    try {
      return work();
    } catch (err) {
      throw storeError(err);
    }
  }

  private prepare(sql: string): Database.Statement {
    return this.statements.get(sql);
  }
}

function storeError(err: unknown): SottoError {
  if (err instanceof SottoError) return err;
  const code = err instanceof Database.SqliteError ? err.code : '';
  if (/^SQLITE_CONSTRAINT/.test(code)) return new SottoError('STORE_CONFLICT', `audit log store: ${(err as Error).message}`, { cause: err });
  return new SottoError('STORE_UNAVAILABLE', `audit log store: ${(err as Error).message}`, { cause: err });
}
