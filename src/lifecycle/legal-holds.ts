import { auditableId, type Principal, type RequestContext, type ResourceRef } from '../access/index.js';
import { randomId } from '../crypto/index.js';
import { SottoError } from '../errors/index.js';
import { optionalTimestampColumn, timestampColumn, timestampParam, type TimestampColumn } from '../store/meta/records.js';
import type { SqlStatements } from '../store/meta/sql-client.js';
import { checkTenantId } from '../vault/index.js';
import type { ResolvedLifecycleDeps } from './deps.js';
import { requireTenant } from './retention.js';

/**
 * A legal hold keeps data from retention sweeps and erasure until it is released (litigation,
 * a regulator's preservation order). Scope: a whole tenant, one data subject (by keyed hash),
 * or one call (its record and its artifacts).
 */
export interface LegalHold {
  id: string;
  tenantId: string;
  scope: 'tenant' | 'subject' | 'call';
  /** The subject's keyed hash or the call id; undefined for a tenant hold. */
  target: string | undefined;
  /** Free text (a matter reference). It may name people, so it is never written to the audit log. */
  note: string | undefined;
  createdAt: string;
  createdBy: string;
  releasedAt: string | undefined;
  releasedBy: string | undefined;
}

export type HoldTarget = { scope: 'tenant' } | { scope: 'subject'; subjectId: string } | { scope: 'call'; callId: string };

interface HoldRow {
  id: string;
  tenant_id: string;
  scope: LegalHold['scope'];
  target: string | null;
  note: string | null;
  created_at: TimestampColumn;
  created_by: string;
  released_at: TimestampColumn | null;
  released_by: string | null;
}

const COLUMNS = 'id, tenant_id, scope, target, note, created_at, created_by, released_at, released_by';
const HOLD_ID = /^hold_[A-Za-z0-9_-]{22}$/;
const MAX_NOTE = 500;

/** Sweeps and erasures take this lock shared while they claim; setting a hold takes it exclusive. */
export function holdLockName(tenantId: string): string {
  return `legal-hold:${tenantId}`;
}

export async function setLegalHold(
  deps: ResolvedLifecycleDeps,
  principal: Principal,
  request: { tenantId: string; target: HoldTarget; note?: string | undefined },
  ctx: RequestContext,
): Promise<LegalHold> {
  const tenantId = checkTenantId(request.tenantId);
  const note = request.note?.trim() || undefined;
  if (note !== undefined && note.length > MAX_NOTE) throw new SottoError('USAGE', `a hold note is at most ${MAX_NOTE} characters`);
  let target: string | undefined;
  let resource: ResourceRef;
  if (request.target.scope === 'subject') {
    await requireTenant(deps, tenantId); // subjectRef() would create a missing tenant
    target = await deps.subjects.subjectRef(tenantId, request.target.subjectId);
    resource = { type: 'subject', id: null, tenantId, subjectRef: target };
  } else if (request.target.scope === 'call') {
    target = request.target.callId;
    resource = { type: 'call', id: auditableId(target), tenantId };
  } else {
    resource = { type: 'tenant', id: tenantId, tenantId };
  }
  await deps.gateway.require(principal, 'retention.manage', resource, ctx);
  await requireTenant(deps, tenantId);
  if (request.target.scope === 'call') {
    const [call] = await deps.store.sql.rows('SELECT id FROM calls WHERE id = ? AND tenant_id = ?', [target ?? '', tenantId]);
    if (call === undefined) throw new SottoError('NOT_FOUND', 'no such call in this tenant');
  }
  const hold: LegalHold = {
    id: randomId('hold'),
    tenantId,
    scope: request.target.scope,
    target,
    note,
    createdAt: deps.now().toISOString(),
    createdBy: principal.id,
    releasedAt: undefined,
    releasedBy: undefined,
  };
  // Exclusive: a sweep or erasure claiming right now finishes first, and every claim after
  // this commit sees the hold.
  await deps.store.sql.transaction(async (tx) => {
    await tx.lock(holdLockName(tenantId), 'exclusive');
    await tx.run(`INSERT INTO legal_holds (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL)`, [
      hold.id,
      tenantId,
      hold.scope,
      target ?? null,
      note ?? null,
      timestampParam(hold.createdAt, 'createdAt'),
      hold.createdBy,
    ]);
  });
  await deps.gateway.record(principal, 'legal_hold.set', holdResource(hold), 'allowed', `scope ${hold.scope}`, ctx);
  return hold;
}

export async function releaseLegalHold(
  deps: ResolvedLifecycleDeps,
  principal: Principal,
  request: { tenantId: string; holdId: string },
  ctx: RequestContext,
): Promise<LegalHold> {
  const tenantId = checkTenantId(request.tenantId);
  await deps.gateway.require(principal, 'retention.manage', { type: 'legal_hold', id: auditableId(request.holdId), tenantId }, ctx);
  if (!HOLD_ID.test(request.holdId)) throw new SottoError('LEGAL_HOLD_NOT_FOUND');
  const at = deps.now().toISOString();
  const changed = await deps.store.sql.run(
    'UPDATE legal_holds SET released_at = ?, released_by = ? WHERE id = ? AND tenant_id = ? AND released_at IS NULL',
    [timestampParam(at, 'releasedAt'), principal.id, request.holdId, tenantId],
  );
  if (changed === 0) throw new SottoError('LEGAL_HOLD_NOT_FOUND');
  const hold = await getHold(deps.store.sql, request.holdId);
  if (hold === undefined) throw new SottoError('LEGAL_HOLD_NOT_FOUND');
  await deps.gateway.record(principal, 'legal_hold.release', holdResource(hold), 'allowed', `scope ${hold.scope}`, ctx);
  return hold;
}

export async function listLegalHolds(
  deps: ResolvedLifecycleDeps,
  principal: Principal,
  request: { tenantId: string; includeReleased?: boolean },
  ctx: RequestContext,
): Promise<LegalHold[]> {
  const tenantId = checkTenantId(request.tenantId);
  await deps.gateway.require(principal, 'retention.manage', { type: 'tenant', id: tenantId, tenantId }, ctx);
  const rows = await deps.store.sql.rows<HoldRow>(
    `SELECT ${COLUMNS} FROM legal_holds WHERE tenant_id = ?${request.includeReleased ? '' : ' AND released_at IS NULL'} ORDER BY created_at, id`,
    [tenantId],
  );
  return rows.map(toHold);
}

/**
 * The active holds that cover any of a subject's data: the tenant, the subject, or one of the
 * subject's calls. Oldest first, so an error names the same hold every time.
 */
export async function holdsOnSubject(sql: SqlStatements, tenantId: string, subjectRef: string): Promise<string[]> {
  const rows = await sql.rows<{ id: string }>(
    `SELECT h.id FROM legal_holds h
     WHERE h.tenant_id = ? AND h.released_at IS NULL
       AND (h.scope = 'tenant'
         OR (h.scope = 'subject' AND h.target = ?)
         OR (h.scope = 'call' AND EXISTS (SELECT 1 FROM calls c WHERE c.id = h.target AND c.tenant_id = h.tenant_id AND c.subject_ref = ?)))
     ORDER BY h.created_at, h.id`,
    [tenantId, subjectRef, subjectRef],
  );
  return rows.map((r) => r.id);
}

/** SQL: no active hold covers artifact `a` (tenant, its subject, or a call that names it). */
export const ARTIFACT_NOT_HELD = `NOT EXISTS (SELECT 1 FROM legal_holds h WHERE h.tenant_id = a.tenant_id AND h.released_at IS NULL
  AND (h.scope = 'tenant' OR (h.scope = 'subject' AND h.target = a.subject_ref)
    OR (h.scope = 'call' AND EXISTS (SELECT 1 FROM calls hc WHERE hc.id = h.target AND hc.tenant_id = a.tenant_id
      AND (hc.recording_artifact_id = a.id OR hc.transcript_artifact_id = a.id OR hc.unredacted_transcript_artifact_id = a.id)))))`;

/** SQL: no active hold covers call `c`. */
export const CALL_NOT_HELD = `NOT EXISTS (SELECT 1 FROM legal_holds h WHERE h.tenant_id = c.tenant_id AND h.released_at IS NULL
  AND (h.scope = 'tenant' OR (h.scope = 'subject' AND h.target = c.subject_ref) OR (h.scope = 'call' AND h.target = c.id)))`;

async function getHold(sql: SqlStatements, id: string): Promise<LegalHold | undefined> {
  const [row] = await sql.rows<HoldRow>(`SELECT ${COLUMNS} FROM legal_holds WHERE id = ?`, [id]);
  return row === undefined ? undefined : toHold(row);
}

function holdResource(hold: LegalHold): ResourceRef {
  return { type: 'legal_hold', id: hold.id, tenantId: hold.tenantId, ...(hold.scope === 'subject' && hold.target ? { subjectRef: hold.target } : {}) };
}

function toHold(row: HoldRow): LegalHold {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    scope: row.scope,
    target: row.target ?? undefined,
    note: row.note ?? undefined,
    createdAt: timestampColumn(row.created_at, 'created_at'),
    createdBy: row.created_by,
    releasedAt: optionalTimestampColumn(row.released_at, 'released_at'),
    releasedBy: row.released_by ?? undefined,
  };
}
