import { SottoError } from '../../errors/index.js';
import type { WrappedKey } from '../../vault/keys/provider.js';
import { ARTIFACT_KINDS, type ArtifactKind } from './metadata-store.js';
import type { SqlValue } from './sql-client.js';

// Column values as the drivers return them: better-sqlite3 gives ISO text and numbers;
// pg gives Date for timestamptz and a decimal string for bigint and count(*).
export type TimestampColumn = string | Date;
export type IntegerColumn = number | string | bigint;

export interface WrappedKeyColumns {
  provider: string | null;
  key_id: string | null;
  key_version: IntegerColumn | null;
  ciphertext: Buffer | null;
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Timestamps are stored in UTC at millisecond precision, so both backends hand back the
 * same string. A zone is required: a local time would mean something else on each host.
 */
export function timestampParam(value: string, field: string): string {
  const ms = ISO_8601.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new SottoError('USAGE', `${field} must be an ISO-8601 timestamp with a zone`);
  }
  return new Date(ms).toISOString();
}

export function timestampColumn(value: TimestampColumn, field: string): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new SottoError('INTERNAL', `stored ${field} is not a timestamp`);
  return date.toISOString();
}

export function optionalTimestampColumn(value: TimestampColumn | null, field: string): string | undefined {
  return value === null ? undefined : timestampColumn(value, field);
}

/** Sizes and versions stay below 2^53; pg returns bigint as text, so parse and check it. */
export function integerColumn(value: IntegerColumn, field: string): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n)) throw new SottoError('INTERNAL', `stored ${field} is not a safe integer`);
  return n;
}

export function sizeParam(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new SottoError('USAGE', `${field} must be a non-negative safe integer`);
  }
  return value;
}

export function kindParam(kind: string): ArtifactKind {
  const known = ARTIFACT_KINDS.find((k) => k === kind);
  if (known === undefined) throw new SottoError('ARTIFACT_KIND_INVALID');
  return known;
}

/** provider, key_id, key_version, ciphertext — in the column order the repositories use. */
export function wrappedKeyParams(wrapped: WrappedKey): [SqlValue, SqlValue, SqlValue, SqlValue] {
  if (!Number.isSafeInteger(wrapped.version) || wrapped.version < 1) {
    throw new SottoError('USAGE', 'a wrapped key version must be a positive integer');
  }
  if (!Buffer.isBuffer(wrapped.ciphertext)) throw new SottoError('USAGE', 'a wrapped key ciphertext must be a Buffer');
  return [wrapped.provider, wrapped.keyId, wrapped.version, wrapped.ciphertext];
}

/** The wrapped key, or undefined for an erased one; a half-set row is refused, not guessed at. */
export function wrappedKeyColumns(row: WrappedKeyColumns): WrappedKey | undefined {
  const { provider, key_id: keyId, key_version: version, ciphertext } = row;
  if (provider === null && keyId === null && version === null && ciphertext === null) return undefined;
  if (provider === null || keyId === null || version === null || ciphertext === null) {
    throw new SottoError('INTERNAL', 'stored wrapped key is incomplete');
  }
  return { provider, keyId, version: integerColumn(version, 'key version'), ciphertext };
}
