/** A value bound to a statement parameter. */
export type SqlValue = string | number | Buffer | null;

/** The statements a repository runs, inside a transaction or not. */
export interface SqlStatements {
  /** Run a statement that returns rows. Rows come back as the driver produced them. */
  rows<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  /** Run a statement and return how many rows it matched. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

/**
 * One open transaction. Keep it short and do only database work inside it: on SQLite it holds
 * the database's write lock (BEGIN IMMEDIATE), and the process's other statements wait for it.
 */
export interface SqlTransaction extends SqlStatements {
  /**
   * Serialize with other transactions taking the same named lock until this one ends:
   * PostgreSQL transaction-level advisory locks (shared ones do not exclude each other);
   * on SQLite the write lock already serializes every writing transaction, so nothing to do.
   */
  lock(name: string, mode: 'shared' | 'exclusive'): Promise<void>;
  /**
   * The clause that claims the selected rows of `alias` for this transaction while other
   * transactions skip them: ` FOR UPDATE OF alias SKIP LOCKED` on PostgreSQL, '' on SQLite
   * (one writer at a time, so nobody else is selecting).
   */
  claimRows(alias: string): string;
}

/**
 * The little the repositories need from a database, so each query is written once for both
 * backends. Statements use `?` placeholders in order; the PostgreSQL client numbers them.
 * Implementations throw SottoErrors: STORE_CONFLICT on a unique violation, NOT_FOUND on a
 * missing referenced row, STORE_UNAVAILABLE when the database cannot be reached.
 */
export interface SqlClient extends SqlStatements {
  /** Called after key bytes were overwritten, so the backend can scrub copies it keeps. */
  afterShred(): Promise<void>;
  /**
   * Run `work` in one transaction: committed when it resolves, rolled back when it throws
   * (the error is rethrown). Statements outside it never join it.
   */
  transaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T>;
}
