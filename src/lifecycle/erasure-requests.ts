import { randomId } from '../crypto/index.js';
import { isSottoError, SottoError } from '../errors/index.js';
import { integerColumn, optionalTimestampColumn, timestampColumn, timestampParam, type IntegerColumn, type TimestampColumn } from '../store/meta/records.js';
import type { SqlStatements } from '../store/meta/sql-client.js';

/** A subject's erasure, as its progress is recorded: each step done is a column set. */
export interface ErasureRequest {
  id: string;
  tenantId: string;
  subjectRef: string;
  requestedAt: string;
  requestedBy: string;
  requestAuditIndex: number;
  keyDestroyedAt: string | undefined;
  keyAuditIndex: number | undefined;
  /** The KEK version that wrapped the subject key when it was destroyed; undefined if there was no live key. */
  destroyedKey: { provider: string; keyId: string; version: number } | undefined;
  completedAt: string | undefined;
  completedAuditIndex: number | undefined;
  /** The signed deletion certificate (JSON), once completed. */
  certificate: string | undefined;
}

interface ErasureRow {
  id: string;
  tenant_id: string;
  subject_ref: string;
  requested_at: TimestampColumn;
  requested_by: string;
  request_audit_index: IntegerColumn;
  key_destroyed_at: TimestampColumn | null;
  key_audit_index: IntegerColumn | null;
  destroyed_key_provider: string | null;
  destroyed_key_id: string | null;
  destroyed_key_version: IntegerColumn | null;
  completed_at: TimestampColumn | null;
  completed_audit_index: IntegerColumn | null;
  certificate: string | null;
}

const COLUMNS =
  'id, tenant_id, subject_ref, requested_at, requested_by, request_audit_index, key_destroyed_at, key_audit_index, ' +
  'destroyed_key_provider, destroyed_key_id, destroyed_key_version, completed_at, completed_audit_index, certificate';
const ERASURE_ID = /^era_[A-Za-z0-9_-]{22}$/;

export async function getErasure(sql: SqlStatements, id: string): Promise<ErasureRequest | undefined> {
  if (!ERASURE_ID.test(id)) return undefined;
  const [row] = await sql.rows<ErasureRow>(`SELECT ${COLUMNS} FROM erasure_requests WHERE id = ?`, [id]);
  return row && toErasure(row);
}

/** The subject's unfinished erasure, if any (there is at most one). */
export async function openErasure(sql: SqlStatements, tenantId: string, subjectRef: string): Promise<ErasureRequest | undefined> {
  const [row] = await sql.rows<ErasureRow>(
    `SELECT ${COLUMNS} FROM erasure_requests WHERE tenant_id = ? AND subject_ref = ? AND completed_at IS NULL`,
    [tenantId, subjectRef],
  );
  return row && toErasure(row);
}

export async function latestCompletedErasure(sql: SqlStatements, tenantId: string, subjectRef: string): Promise<ErasureRequest | undefined> {
  const [row] = await sql.rows<ErasureRow>(
    `SELECT ${COLUMNS} FROM erasure_requests WHERE tenant_id = ? AND subject_ref = ? AND completed_at IS NOT NULL
     ORDER BY completed_at DESC, id DESC LIMIT 1`,
    [tenantId, subjectRef],
  );
  return row && toErasure(row);
}

/** Record a new erasure request, or return the one another run opened a moment before. */
export async function createErasure(
  sql: SqlStatements,
  request: { tenantId: string; subjectRef: string; requestedAt: string; requestedBy: string; requestAuditIndex: number },
): Promise<ErasureRequest> {
  const id = randomId('era');
  try {
    await sql.run(
      'INSERT INTO erasure_requests (id, tenant_id, subject_ref, requested_at, requested_by, request_audit_index) VALUES (?, ?, ?, ?, ?, ?)',
      [id, request.tenantId, request.subjectRef, timestampParam(request.requestedAt, 'requestedAt'), request.requestedBy, request.requestAuditIndex],
    );
  } catch (err) {
    if (!isSottoError(err, 'STORE_CONFLICT')) throw err;
  }
  const open = await openErasure(sql, request.tenantId, request.subjectRef);
  if (open === undefined) throw new SottoError('STORE_CONFLICT', 'the erasure request changed concurrently; retry');
  return open;
}

/** Mark the erasure complete with its certificate; false if another run completed it first. */
export async function completeErasure(sql: SqlStatements, id: string, completedAt: string, auditIndex: number, certificate: string): Promise<boolean> {
  const changed = await sql.run(
    'UPDATE erasure_requests SET completed_at = ?, completed_audit_index = ?, certificate = ? WHERE id = ? AND completed_at IS NULL',
    [timestampParam(completedAt, 'completedAt'), auditIndex, certificate, id],
  );
  return changed === 1;
}

function toErasure(row: ErasureRow): ErasureRequest {
  const optionalInt = (v: IntegerColumn | null, field: string) => (v === null ? undefined : integerColumn(v, field));
  return {
    id: row.id,
    tenantId: row.tenant_id,
    subjectRef: row.subject_ref,
    requestedAt: timestampColumn(row.requested_at, 'requested_at'),
    requestedBy: row.requested_by,
    requestAuditIndex: integerColumn(row.request_audit_index, 'request_audit_index'),
    keyDestroyedAt: optionalTimestampColumn(row.key_destroyed_at, 'key_destroyed_at'),
    keyAuditIndex: optionalInt(row.key_audit_index, 'key_audit_index'),
    destroyedKey:
      row.destroyed_key_provider !== null && row.destroyed_key_id !== null && row.destroyed_key_version !== null
        ? { provider: row.destroyed_key_provider, keyId: row.destroyed_key_id, version: integerColumn(row.destroyed_key_version, 'destroyed_key_version') }
        : undefined,
    completedAt: optionalTimestampColumn(row.completed_at, 'completed_at'),
    completedAuditIndex: optionalInt(row.completed_audit_index, 'completed_audit_index'),
    certificate: row.certificate ?? undefined,
  };
}
