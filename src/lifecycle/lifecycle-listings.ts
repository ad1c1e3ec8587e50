import type { Principal, RequestContext } from '../access/index.js';
import { SottoError } from '../errors/index.js';
import { integerColumn, optionalTimestampColumn, timestampColumn, type IntegerColumn, type TimestampColumn } from '../store/meta/records.js';
import { checkTenantId } from '../vault/index.js';
import type { DataClass } from './data-classes.js';
import type { ResolvedLifecycleDeps } from './deps.js';
import { requireTenant } from './retention.js';
import { decodeKeysetCursor, encodeKeysetCursor } from '../store/meta/keyset-cursor.js';

/** One erasure as a list shows it: ids, times and counts; never the subject's keyed hash. */
export interface ErasureSummary {
  erasureId: string;
  requestedAt: string;
  requestedBy: string;
  completedAt: string | undefined;
  /** From the signed certificate; undefined while the erasure is unfinished. */
  counts: Record<DataClass, number> | undefined;
}

/** One stored subject export: what a download returns, not whom it is about. */
export interface ExportSummary {
  exportId: string;
  createdAt: string;
  bytes: number;
}

export interface Page<T> {
  items: T[];
  /** Cursor for the next (older) page; undefined on the last one. */
  next: string | undefined;
}

export interface ListRequest {
  tenantId: string;
  limit: number;
  before?: string | undefined;
}

/**
 * A tenant's erasures, newest first (call.delete, as reading one certificate needs; the read
 * is audited once for the page). Lists the tenant's own rows only.
 */
export async function listErasures(deps: ResolvedLifecycleDeps, principal: Principal, request: ListRequest, ctx: RequestContext): Promise<Page<ErasureSummary>> {
  const tenantId = checkTenantId(request.tenantId);
  await deps.gateway.require(principal, 'call.delete', { type: 'tenant', id: tenantId, tenantId }, ctx);
  const cursor = request.before === undefined ? undefined : decodeKeysetCursor(request.before);
  await requireTenant(deps, tenantId);
  const rows = await deps.store.sql.rows<{ id: string; requested_at: TimestampColumn; requested_by: string; completed_at: TimestampColumn | null; certificate: string | null }>(
    `SELECT id, requested_at, requested_by, completed_at, certificate FROM erasure_requests
     WHERE tenant_id = ?${cursor ? ' AND (requested_at < ? OR (requested_at = ? AND id < ?))' : ''}
     ORDER BY requested_at DESC, id DESC LIMIT ?`,
    cursor ? [tenantId, cursor[0], cursor[0], cursor[1], request.limit + 1] : [tenantId, request.limit + 1],
  );
  const items = rows.slice(0, request.limit).map((row) => ({
    erasureId: row.id,
    requestedAt: timestampColumn(row.requested_at, 'requested_at'),
    requestedBy: row.requested_by,
    completedAt: optionalTimestampColumn(row.completed_at, 'completed_at'),
    counts: row.certificate === null ? undefined : certificateCounts(row.certificate),
  }));
  const last = items[items.length - 1];
  return { items, next: rows.length > request.limit && last ? encodeKeysetCursor(last.requestedAt, last.erasureId) : undefined };
}

/** A tenant's live subject exports, newest first (call.export, audited once for the page). */
export async function listSubjectExports(deps: ResolvedLifecycleDeps, principal: Principal, request: ListRequest, ctx: RequestContext): Promise<Page<ExportSummary>> {
  const tenantId = checkTenantId(request.tenantId);
  await deps.gateway.require(principal, 'call.export', { type: 'tenant', id: tenantId, tenantId }, ctx);
  const cursor = request.before === undefined ? undefined : decodeKeysetCursor(request.before);
  await requireTenant(deps, tenantId);
  // Served by artifacts_live_by_age (tenant_id, kind, created_at) WHERE deleted_at IS NULL.
  const rows = await deps.store.sql.rows<{ id: string; created_at: TimestampColumn; plaintext_size: IntegerColumn }>(
    `SELECT id, created_at, plaintext_size FROM artifacts
     WHERE tenant_id = ? AND kind = 'export' AND deleted_at IS NULL${cursor ? ' AND (created_at < ? OR (created_at = ? AND id < ?))' : ''}
     ORDER BY created_at DESC, id DESC LIMIT ?`,
    cursor ? [tenantId, cursor[0], cursor[0], cursor[1], request.limit + 1] : [tenantId, request.limit + 1],
  );
  const items = rows.slice(0, request.limit).map((row) => ({
    exportId: row.id,
    createdAt: timestampColumn(row.created_at, 'created_at'),
    bytes: integerColumn(row.plaintext_size, 'plaintext_size'),
  }));
  const last = items[items.length - 1];
  return { items, next: rows.length > request.limit && last ? encodeKeysetCursor(last.createdAt, last.exportId) : undefined };
}

function certificateCounts(text: string): Record<DataClass, number> {
  // Our own signed JSON, written at completion; the full certificate is served and verified elsewhere.
  const parsed = JSON.parse(text) as { certificate?: { counts?: Record<DataClass, number> } };
  const counts = parsed.certificate?.counts;
  if (counts === undefined) throw new SottoError('INTERNAL', 'a stored certificate has no counts');
  return counts;
}
