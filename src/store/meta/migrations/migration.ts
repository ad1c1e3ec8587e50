import { SottoError } from '../../../errors/index.js';

/** One step of a backend's schema history. Versions only grow; a shipped migration never changes. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** A row of `schema_migrations`. */
export interface AppliedMigration {
  version: number;
  name: string;
}

/**
 * The migrations still to apply, in order. Fails closed when the recorded history does not
 * match this build: a version recorded under another name means a different migration list,
 * and a version this build does not know means newer code owns the schema — running older
 * code against it could ignore columns it does not understand.
 */
export function pendingMigrations(known: readonly Migration[], applied: readonly AppliedMigration[]): Migration[] {
  assertOrdered(known);
  const byVersion = new Map(known.map((m) => [m.version, m]));
  for (const row of applied) {
    const migration = byVersion.get(row.version);
    if (migration === undefined) {
      const latest = known.at(-1)?.version ?? 0;
      throw new SottoError(
        'STORE_MIGRATION_FAILED',
        `the database has schema version ${row.version} (${row.name}), unknown to this build (latest ${latest})`,
      );
    }
    if (migration.name !== row.name) {
      throw new SottoError(
        'STORE_MIGRATION_FAILED',
        `schema version ${row.version} is recorded as '${row.name}' but this build calls it '${migration.name}'`,
      );
    }
  }
  const done = new Set(applied.map((row) => row.version));
  return known.filter((m) => !done.has(m.version));
}

/** The highest version in the database once `pending` is applied. */
export function currentVersion(applied: readonly AppliedMigration[], pending: readonly Migration[]): number {
  return Math.max(0, ...applied.map((m) => m.version), ...pending.map((m) => m.version));
}

function assertOrdered(known: readonly Migration[]): void {
  let previous = 0;
  for (const m of known) {
    if (!Number.isSafeInteger(m.version) || m.version <= previous) {
      throw new SottoError('STORE_MIGRATION_FAILED', `migration versions must increase: ${m.version} after ${previous}`);
    }
    previous = m.version;
  }
}
