// PostgreSQL for tests: one throwaway schema per suite, so suites (and parallel runs) never
// see each other's rows. The server comes from SOTTO_TEST_POSTGRES_URL or a local default.
import pg from 'pg';
import { randomBytes } from '../../src/crypto/index.js';
import { openPostgresStore } from '../../src/store/meta/postgres.js';

export const TEST_POSTGRES_URL = process.env.SOTTO_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Why the PostgreSQL suites cannot run here, or false when they can. CI sets
 * SOTTO_REQUIRE_POSTGRES=1: then an unreachable server throws, failing the test file
 * instead of quietly skipping what CI exists to check.
 */
export async function postgresSkipReason(): Promise<string | false> {
  try {
    const store = await openPostgresStore({ url: TEST_POSTGRES_URL, connectTimeoutMs: 3000 });
    await store.close();
    return false;
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    if (process.env.SOTTO_REQUIRE_POSTGRES === '1') {
      throw new Error(`SOTTO_REQUIRE_POSTGRES=1 but PostgreSQL is not usable: ${why}`, { cause: err });
    }
    return `PostgreSQL not reachable (${why}); set SOTTO_TEST_POSTGRES_URL, or SOTTO_REQUIRE_POSTGRES=1 to fail instead`;
  }
}

export interface TestSchema {
  readonly url: string;
  readonly name: string;
  /** Query inside the schema, bypassing the store under test. */
  query<Row extends pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Drop the schema and everything in it. */
  drop(): Promise<void>;
}

/** A fresh schema with a random name; `create: false` only reserves the name. */
export async function createTestSchema(options: { create?: boolean } = {}): Promise<TestSchema> {
  const name = `sotto_test_${randomBytes(8).toString('hex')}`;
  const pool = new pg.Pool({ connectionString: TEST_POSTGRES_URL, max: 1, options: `-c search_path=${name}` });
  pool.on('error', () => undefined);
  if (options.create !== false) await pool.query(`CREATE SCHEMA ${name}`);
  return {
    url: TEST_POSTGRES_URL,
    name,
    async query<Row extends pg.QueryResultRow>(sql: string, params: unknown[] = []) {
      return (await pool.query<Row>(sql, params)).rows;
    },
    async drop() {
      try {
        await pool.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
      } finally {
        await pool.end();
      }
    },
  };
}
