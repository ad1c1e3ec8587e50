import { SottoError } from '../errors/index.js';
import { integerColumn, optionalTimestampColumn, type IntegerColumn, type TimestampColumn } from '../store/meta/records.js';
import type { SqlStatements } from '../store/meta/sql-client.js';
import { CERTIFICATE_FORMAT, type DeletionCertificate } from './certificate.js';
import type { DataClass } from './data-classes.js';
import type { ResolvedLifecycleDeps } from './deps.js';
import type { ErasureRequest } from './erasure-requests.js';

interface ItemRow {
  item_type: 'artifact' | 'call';
  item_id: string;
  kind: DataClass;
  audit_index: IntegerColumn;
}

/** What an erasure deleted, by data class, from its completed ledger rows. */
export async function erasedCounts(sql: SqlStatements, erasureId: string): Promise<Record<DataClass, number>> {
  const rows = await sql.rows<{ kind: DataClass; n: IntegerColumn }>(
    'SELECT kind, COUNT(*) AS n FROM deletions WHERE erasure_id = ? AND completed_at IS NOT NULL GROUP BY kind',
    [erasureId],
  );
  const counts: Record<DataClass, number> = { recording: 0, transcript: 0, export: 0, call_record: 0 };
  for (const row of rows) counts[row.kind] = integerColumn(row.n, 'count');
  return counts;
}

/** The certificate's content, from the erasure's request row, its ledger rows and the subject key's tombstone. */
export async function buildCertificate(
  deps: ResolvedLifecycleDeps,
  erasure: ErasureRequest,
  completedAt: string,
  completedIndex: number,
): Promise<DeletionCertificate> {
  const sql = deps.store.sql;
  if (erasure.keyDestroyedAt === undefined || erasure.keyAuditIndex === undefined) {
    throw new SottoError('INTERNAL', 'a certificate before the subject key was destroyed');
  }
  const items = await sql.rows<ItemRow>(
    `SELECT item_type, item_id, kind, audit_index FROM deletions
     WHERE erasure_id = ? AND completed_at IS NOT NULL ORDER BY item_type, item_id`,
    [erasure.id],
  );
  const [key] = await sql.rows<{ destroyed_at: TimestampColumn | null }>(
    'SELECT destroyed_at FROM subject_keys WHERE tenant_id = ? AND subject_ref = ?',
    [erasure.tenantId, erasure.subjectRef],
  );
  const keyDestroyedAt = key === undefined ? undefined : optionalTimestampColumn(key.destroyed_at, 'destroyed_at');
  const artifacts: DeletionCertificate['artifacts'] = [];
  const calls: DeletionCertificate['calls'] = [];
  for (const item of items) {
    const auditIndex = integerColumn(item.audit_index, 'audit_index');
    if (item.item_type === 'call') calls.push({ id: item.item_id, auditIndex });
    else if (item.kind !== 'call_record') artifacts.push({ id: item.item_id, kind: item.kind, auditIndex });
  }
  const counts: Record<DataClass, number> = { recording: 0, transcript: 0, export: 0, call_record: calls.length };
  for (const a of artifacts) counts[a.kind]++;
  return {
    format: CERTIFICATE_FORMAT,
    erasureId: erasure.id,
    tenantId: erasure.tenantId,
    subjectRef: erasure.subjectRef,
    requestedAt: erasure.requestedAt,
    keyDestroyedAt: erasure.keyDestroyedAt,
    completedAt,
    // A subject with only call records never had a key: then nothing is listed here.
    keysDestroyed:
      keyDestroyedAt === undefined
        ? []
        : [{ type: 'subject-key', subjectRef: erasure.subjectRef, destroyedAt: keyDestroyedAt, wrappedBy: erasure.destroyedKey ?? null }],
    counts,
    artifacts,
    calls,
    audit: { log: deps.auditOrigin, requestIndex: erasure.requestAuditIndex, keyDestroyedIndex: erasure.keyAuditIndex, completedIndex },
  };
}
