import type { Principal, RequestContext } from '../access/index.js';
import { randomId } from '../crypto/index.js';
import { integerColumn, optionalTimestampColumn, timestampParam, type IntegerColumn, type TimestampColumn } from '../store/meta/records.js';
import type { SqlTransaction, SqlValue } from '../store/meta/sql-client.js';
import type { DataClass } from './data-classes.js';
import type { ResolvedLifecycleDeps } from './deps.js';
import { keepLease, renewLease } from './deletion-lease.js';
import { ARTIFACT_NOT_HELD, CALL_NOT_HELD } from './legal-holds.js';

/**
 * The deletion ledger (table `deletions`) makes deleting many items crash-safe and safe with
 * several processes at once. Deleting an item takes two steps:
 *
 *   1. claim, in one short transaction: the item is made unreadable at once (an artifact's
 *      wrapped data key is erased and it is marked deleted; a call record's row is removed) and
 *      a ledger row records it, leased to this batch. On PostgreSQL the candidates are locked
 *      with FOR UPDATE SKIP LOCKED, so concurrent claimers take disjoint rows without waiting.
 *   2. complete: the blob is removed, the deletion is audited, and the ledger row is marked
 *      done with the audit entry's index.
 *
 * A process killed between the two leaves items unreadable but with their blob and audit entry
 * pending; once the lease runs out, the next sweep or erasure run takes the rows over. A live
 * process keeps its lease while it completes (renewed every third of the lease), and appends
 * audit entries only for rows it still holds right after a renewal: a batch slower than the
 * lease is not taken over, and one that was (its process stalled) is audited once, by the taker.
 */
export interface DeletionCause {
  cause: 'retention' | 'erasure';
  erasureId: string | null;
}

export interface CompletedDeletion {
  itemType: 'artifact' | 'call';
  itemId: string;
  kind: DataClass;
  erasureId: string | null;
  auditIndex: number;
}

/** Who is recorded as deleting: the sweeper for retention, the requester for an erasure. */
export interface DeletionAuditor {
  principal(row: { cause: DeletionCause['cause'] }): Principal;
  ctx: RequestContext;
}

interface LedgerRow {
  item_type: 'artifact' | 'call';
  item_id: string;
  tenant_id: string;
  kind: DataClass;
  blob_key: string | null;
  cause: DeletionCause['cause'];
  erasure_id: string | null;
  lease_until?: TimestampColumn | null;
}

const NO_KEY = Buffer.alloc(0);
const BLOB_DELETE_CONCURRENCY = 32;

/** Hands out a fresh lease owner per claimed batch, so each batch finds exactly its own rows. */
export class LeaseOwners {
  private readonly runner = randomId('run');
  private next = 0;

  owner(): string {
    return `${this.runner}.${this.next++}`;
  }
}

export interface Claim extends DeletionCause {
  owner: string;
  now: string;
  leaseUntil: string;
  limit: number;
}

/** Claim live artifacts matching `where` (over alias `a`) that no legal hold covers. */
export async function claimArtifacts(tx: SqlTransaction, claim: Claim, where: string, params: readonly SqlValue[]): Promise<number> {
  const claimed = await tx.run(
    `INSERT INTO deletions (item_type, item_id, tenant_id, kind, blob_key, cause, erasure_id, deleted_at, lease_owner, lease_until)
     SELECT 'artifact', a.id, a.tenant_id, a.kind, a.blob_key, ?, ?, ?, ?, ? FROM artifacts a
     WHERE a.deleted_at IS NULL AND ${where} AND ${ARTIFACT_NOT_HELD}
     ORDER BY a.created_at, a.id LIMIT ?${tx.claimRows('a')}`,
    [...claimHead(claim), ...params, claim.limit],
  );
  if (claimed > 0) {
    // The wrapped data key goes in the same transaction: from its commit the blob, and any
    // copy of it in a backup, can no longer be decrypted with what the live store holds.
    await tx.run(
      `UPDATE artifacts SET deleted_at = ?, wrapped_data_key = ?
       WHERE id IN (SELECT item_id FROM deletions WHERE lease_owner = ? AND item_type = 'artifact' AND completed_at IS NULL)`,
      [claim.now, NO_KEY, claim.owner],
    );
  }
  return claimed;
}

/** Claim call records matching `where` (over alias `c`) that no legal hold covers; their rows are removed. */
export async function claimCalls(tx: SqlTransaction, claim: Claim, where: string, params: readonly SqlValue[]): Promise<number> {
  const claimed = await tx.run(
    `INSERT INTO deletions (item_type, item_id, tenant_id, kind, blob_key, cause, erasure_id, deleted_at, lease_owner, lease_until)
     SELECT 'call', c.id, c.tenant_id, 'call_record', NULL, ?, ?, ?, ?, ? FROM calls c
     WHERE ${where} AND ${CALL_NOT_HELD}
     ORDER BY c.started_at, c.id LIMIT ?${tx.claimRows('c')}`,
    [...claimHead(claim), ...params, claim.limit],
  );
  if (claimed > 0) {
    // The ledger row is the call's tombstone: id, tenant, times — no caller, no outcome.
    await tx.run(
      `DELETE FROM calls WHERE id IN (SELECT item_id FROM deletions WHERE lease_owner = ? AND item_type = 'call' AND completed_at IS NULL)`,
      [claim.owner],
    );
  }
  return claimed;
}

/** Take over claims whose lease ran out (their process died), optionally of one erasure only. */
export async function reclaimAbandoned(deps: ResolvedLifecycleDeps, claim: Claim, erasureId?: string): Promise<number> {
  const params: SqlValue[] = [claim.owner, claim.leaseUntil, claim.now];
  if (erasureId !== undefined) params.push(erasureId);
  params.push(claim.limit);
  return deps.store.sql.transaction((tx) =>
    tx.run(
      `UPDATE deletions SET lease_owner = ?, lease_until = ?
       WHERE (item_type, item_id) IN (
         SELECT d.item_type, d.item_id FROM deletions d
         WHERE d.completed_at IS NULL AND d.lease_until < ?${erasureId === undefined ? '' : ' AND d.erasure_id = ?'}
         ORDER BY d.lease_until LIMIT ?${tx.claimRows('d')})`,
      params,
    ),
  );
}

/** Step 2 for one claimed batch: remove blobs, audit each deletion, mark the rows done. */
export async function completeClaimed(deps: ResolvedLifecycleDeps, owner: string, auditor: DeletionAuditor): Promise<CompletedDeletion[]> {
  const claimed = await ownedRows(deps, owner);
  if (claimed.length === 0) return [];
  const keeper = keepLease(deps, owner);
  try {
    // Removing an absent blob succeeds (BlobStore.delete), so a re-run after a crash goes through.
    await mapLimited(
      claimed.filter((r) => r.blob_key !== null),
      BLOB_DELETE_CONCURRENCY,
      (r) => deps.blobs.delete(r.blob_key as string),
    );
    // Audit only what this batch still holds, with a fresh lease: rows taken over while this
    // process stalled are audited by the run that took them, not a second time here.
    await renewLease(deps, owner);
    const rows = await ownedRows(deps, owner);
    return await auditAndMarkDone(deps, owner, auditor, rows);
  } finally {
    await keeper.stop();
  }
}

async function ownedRows(deps: ResolvedLifecycleDeps, owner: string): Promise<LedgerRow[]> {
  return deps.store.sql.rows<LedgerRow>(
    `SELECT item_type, item_id, tenant_id, kind, blob_key, cause, erasure_id FROM deletions
     WHERE lease_owner = ? AND completed_at IS NULL ORDER BY item_type, item_id`,
    [owner],
  );
}

async function auditAndMarkDone(deps: ResolvedLifecycleDeps, owner: string, auditor: DeletionAuditor, rows: LedgerRow[]): Promise<CompletedDeletion[]> {
  if (rows.length === 0) return [];
  // Appended together: the audit log commits them as a few group-committed batches.
  const indexes = await Promise.all(
    rows.map((r) =>
      deps.gateway.record(
        auditor.principal(r),
        r.item_type === 'artifact' ? 'artifact.delete' : 'call_record.delete',
        { type: r.item_type, id: r.item_id, tenantId: r.tenant_id },
        'allowed',
        r.cause === 'erasure' ? `erasure ${r.erasure_id ?? ''}` : `retention period of ${r.kind} ended`,
        auditor.ctx,
      ),
    ),
  );
  const done = deps.now().toISOString();
  const completed: CompletedDeletion[] = [];
  await deps.store.sql.transaction(async (tx) => {
    for (const [i, r] of rows.entries()) {
      const auditIndex = indexes[i] as number;
      // lease_owner = ?: if the lease was lost to another run meanwhile, that run completes it.
      const changed = await tx.run(
        `UPDATE deletions SET completed_at = ?, audit_index = ?, lease_owner = NULL, lease_until = NULL
         WHERE item_type = ? AND item_id = ? AND lease_owner = ? AND completed_at IS NULL`,
        [done, auditIndex, r.item_type, r.item_id, owner],
      );
      if (changed === 1) completed.push({ itemType: r.item_type, itemId: r.item_id, kind: r.kind, erasureId: r.erasure_id, auditIndex });
    }
  });
  return completed;
}

/** When the earliest foreign lease on an erasure's pending rows runs out, if any is pending. */
export async function pendingLeaseExpiry(deps: ResolvedLifecycleDeps, erasureId: string): Promise<string | undefined> {
  const [row] = await deps.store.sql.rows<{ until: TimestampColumn | null; n: IntegerColumn }>(
    'SELECT MIN(lease_until) AS until, COUNT(*) AS n FROM deletions WHERE erasure_id = ? AND completed_at IS NULL',
    [erasureId],
  );
  if (row === undefined || integerColumn(row.n, 'count') === 0) return undefined;
  return optionalTimestampColumn(row.until, 'lease_until') ?? deps.now().toISOString();
}

export function newClaim(deps: ResolvedLifecycleDeps, owners: LeaseOwners, cause: DeletionCause): Claim {
  const now = deps.now();
  return {
    ...cause,
    owner: owners.owner(),
    now: now.toISOString(),
    leaseUntil: new Date(now.getTime() + deps.claimLeaseMs).toISOString(),
    limit: deps.batchSize,
  };
}

function claimHead(claim: Claim): SqlValue[] {
  return [claim.cause, claim.erasureId, timestampParam(claim.now, 'now'), claim.owner, timestampParam(claim.leaseUntil, 'leaseUntil')];
}

async function mapLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++] as T);
  });
  await Promise.all(lanes);
}
