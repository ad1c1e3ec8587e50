import { SottoError } from '../../errors/index.js';
import type { WrappedKey } from '../../vault/keys/provider.js';
import type { SubjectKeyRecord, SubjectKeyRepository } from './metadata-store.js';
import {
  integerColumn,
  optionalTimestampColumn,
  timestampColumn,
  timestampParam,
  wrappedKeyColumns,
  wrappedKeyParams,
  type IntegerColumn,
  type TimestampColumn,
  type WrappedKeyColumns,
} from './records.js';
import type { SqlClient } from './sql-client.js';

interface SubjectKeyRow extends WrappedKeyColumns {
  tenant_id: string;
  subject_ref: string;
  generation: IntegerColumn;
  created_at: TimestampColumn;
  destroyed_at: TimestampColumn | null;
}

const COLUMNS = 'tenant_id, subject_ref, provider, key_id, key_version, ciphertext, generation, created_at, destroyed_at';

/**
 * The named lock (SqlTransaction.lock) that orders a subject's key destruction with writes of
 * artifacts under its key: destroyers take it exclusive, artifact writers shared. With it, an
 * artifact row is never committed under a key generation that was already destroyed, and an
 * erasure's final check sees every artifact committed before it (docs/lifecycle.md).
 */
export function subjectKeyLockName(tenantId: string, subjectRef: string): string {
  return `subject-key:${tenantId}:${subjectRef}`;
}

export class SqlSubjectKeyRepository implements SubjectKeyRepository {
  constructor(private readonly sql: SqlClient) {}

  async create(record: SubjectKeyRecord): Promise<void> {
    // A record is either live (wrapped, not destroyed) or a tombstone; anything else is a bug.
    const live = record.wrapped !== undefined && record.destroyedAt === undefined;
    const tombstone = record.wrapped === undefined && record.destroyedAt !== undefined;
    if (!live && !tombstone) {
      throw new SottoError('USAGE', 'a subject key has a wrapped key or a destroyedAt, exactly one of them');
    }
    if (!Number.isSafeInteger(record.generation) || record.generation < 0) throw new SottoError('USAGE', 'generation must be a non-negative integer');
    await this.sql.run(`INSERT INTO subject_keys (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      record.tenantId,
      record.subjectRef,
      ...(record.wrapped === undefined ? [null, null, null, null] : wrappedKeyParams(record.wrapped)),
      record.generation,
      timestampParam(record.createdAt, 'createdAt'),
      record.destroyedAt === undefined ? null : timestampParam(record.destroyedAt, 'destroyedAt'),
    ]);
  }

  async get(tenantId: string, subjectRef: string): Promise<SubjectKeyRecord | undefined> {
    const [row] = await this.sql.rows<SubjectKeyRow>(
      `SELECT ${COLUMNS} FROM subject_keys WHERE tenant_id = ? AND subject_ref = ?`,
      [tenantId, subjectRef],
    );
    return row === undefined ? undefined : toSubjectKey(row);
  }

  async listWrappedNotUnder(tenantId: string, version: number, limit: number): Promise<SubjectKeyRecord[]> {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new SottoError('USAGE', 'limit must be a positive integer');
    const rows = await this.sql.rows<SubjectKeyRow>(
      `SELECT ${COLUMNS} FROM subject_keys
       WHERE tenant_id = ? AND destroyed_at IS NULL AND key_version <> ?
       ORDER BY subject_ref LIMIT ?`,
      [tenantId, version, limit],
    );
    return rows.map(toSubjectKey);
  }

  async rewrap(tenantId: string, subjectRef: string, expectedVersion: number, wrapped: WrappedKey, expectedGeneration = 0): Promise<boolean> {
    // destroyed_at IS NULL: a rewrap racing an erasure must never bring the key back; and the
    // generation: nor put an erased generation's key in place of a returning caller's new one.
    const changed = await this.sql.run(
      `UPDATE subject_keys SET provider = ?, key_id = ?, key_version = ?, ciphertext = ?
       WHERE tenant_id = ? AND subject_ref = ? AND key_version = ? AND generation = ? AND destroyed_at IS NULL`,
      [...wrappedKeyParams(wrapped), tenantId, subjectRef, expectedVersion, expectedGeneration],
    );
    return changed === 1;
  }

  async countByKekVersion(tenantId: string): Promise<Map<number, number>> {
    const rows = await this.sql.rows<{ key_version: IntegerColumn; live: IntegerColumn }>(
      `SELECT key_version, COUNT(*) AS live FROM subject_keys
       WHERE tenant_id = ? AND destroyed_at IS NULL GROUP BY key_version`,
      [tenantId],
    );
    return new Map(rows.map((r) => [integerColumn(r.key_version, 'key_version'), integerColumn(r.live, 'count')]));
  }

  async destroy(tenantId: string, subjectRef: string, at: string): Promise<void> {
    const when = timestampParam(at, 'at');
    const changed = await this.sql.transaction(async (tx) => {
      await tx.lock(subjectKeyLockName(tenantId, subjectRef), 'exclusive');
      // COALESCE keeps the first erasure time, so re-running an erasure changes nothing.
      return tx.run(
        `UPDATE subject_keys
         SET provider = NULL, key_id = NULL, key_version = NULL, ciphertext = NULL,
             destroyed_at = COALESCE(destroyed_at, ?)
         WHERE tenant_id = ? AND subject_ref = ?`,
        [when, tenantId, subjectRef],
      );
    });
    if (changed > 0) await this.sql.afterShred();
  }

  async renew(tenantId: string, subjectRef: string, destroyedGeneration: number, wrapped: WrappedKey, at: string): Promise<boolean> {
    // Only a tombstone of exactly that generation: two writers renewing at once make one new
    // key (the loser re-reads it), and a live key is never replaced.
    const changed = await this.sql.run(
      `UPDATE subject_keys SET provider = ?, key_id = ?, key_version = ?, ciphertext = ?,
         generation = generation + 1, created_at = ?, destroyed_at = NULL
       WHERE tenant_id = ? AND subject_ref = ? AND generation = ? AND destroyed_at IS NOT NULL`,
      [...wrappedKeyParams(wrapped), timestampParam(at, 'at'), tenantId, subjectRef, destroyedGeneration],
    );
    return changed === 1;
  }
}

function toSubjectKey(row: SubjectKeyRow): SubjectKeyRecord {
  return {
    tenantId: row.tenant_id,
    subjectRef: row.subject_ref,
    wrapped: wrappedKeyColumns(row),
    generation: integerColumn(row.generation, 'generation'),
    createdAt: timestampColumn(row.created_at, 'created_at'),
    destroyedAt: optionalTimestampColumn(row.destroyed_at, 'destroyed_at'),
  };
}
