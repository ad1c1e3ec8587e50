/** A value bound to a statement parameter. */
export type SqlValue = string | number | Buffer | null;

/**
 * The little the repositories need from a database, so each query is written once for both
 * backends. Statements use `?` placeholders in order; the PostgreSQL client numbers them.
 * Implementations throw SottoErrors: STORE_CONFLICT on a unique violation, NOT_FOUND on a
 * missing referenced row, STORE_UNAVAILABLE when the database cannot be reached.
 */
export interface SqlClient {
  /** Run a statement that returns rows. Rows come back as the driver produced them. */
  rows<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  /** Run a statement and return how many rows it matched. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Called after key bytes were overwritten, so the backend can scrub copies it keeps. */
  afterShred(): Promise<void>;
}
