import { setTimeout as sleep } from 'node:timers/promises';
import type { Principal, RequestContext } from '../access/index.js';
import { isSottoError, SottoError } from '../errors/index.js';
import { integerColumn, type IntegerColumn } from '../store/meta/records.js';
import type { SqlClient, SqlStatements } from '../store/meta/sql-client.js';
import { subjectKeyLockName } from '../store/meta/subject-key-repository.js';
import { checkSubjectId, checkTenantId } from '../vault/names.js';
import { loadCertificateSigner } from './certificate-key.js';
import { signCertificate, type SignedDeletionCertificate } from './certificate.js';
import type { DataClass } from './data-classes.js';
import { claimArtifacts, claimCalls, completeClaimed, newClaim, pendingLeaseExpiry, reclaimAbandoned, type DeletionAuditor, type LeaseOwners } from './deletion-ledger.js';
import type { ResolvedLifecycleDeps } from './deps.js';
import { buildCertificate, erasedCounts } from './erasure-certificate.js';
import { completeErasure, createErasure, getErasure, latestCompletedErasure, openErasure, type ErasureRequest } from './erasure-requests.js';
import { holdLockName, holdsOnSubject } from './legal-holds.js';
import { requireTenant } from './retention.js';
import { destroyRenewedKey, destroySubjectKey, refuseIfHeld } from './subject-key-destruction.js';

export interface EraseSubjectRequest {
  tenantId: string;
  /** The caller's number or customer id; used only to compute its keyed hash. */
  subjectId: string;
}

export interface EraseOptions {
  /** Called after each batch of deletions (progress output; tests use it to act mid-erasure). */
  onProgress?: (progress: { erasureId: string; deleted: number }) => Promise<void> | void;
  /** Called once the subject key is destroyed: from here every artifact of the subject is undecryptable. */
  onUnreadable?: (erasureId: string) => void;
}

export interface ErasureResult {
  erasureId: string;
  /** True when an earlier erasure had already removed everything: its certificate is returned. */
  alreadyErased: boolean;
  counts: Record<DataClass, number>;
  certificate: SignedDeletionCertificate;
}

/**
 * Erase everything held about one data subject (GDPR Art. 17): recordings, transcripts,
 * exports and call records found by the subject's keyed hash. In order: authorize (call.delete)
 * and record the request; destroy the subject key (all of it unreadable at once); delete each
 * item through the deletion ledger; sign a deletion certificate. Every step is recorded in
 * `erasure_requests`/`deletions`, so running it again after a crash resumes where it stopped,
 * and running it after it finished returns the same certificate.
 */
export async function eraseSubject(
  deps: ResolvedLifecycleDeps,
  owners: LeaseOwners,
  principal: Principal,
  request: EraseSubjectRequest,
  ctx: RequestContext,
  options: EraseOptions = {},
): Promise<ErasureResult> {
  const tenantId = checkTenantId(request.tenantId);
  const subjectId = checkSubjectId(request.subjectId);
  await requireTenant(deps, tenantId); // subjectRef() would create a missing tenant
  // Needs the tenant's pseudonym key: with the key provider down this fails before anything changed.
  const subjectRef = await deps.subjects.subjectRef(tenantId, subjectId);
  const { auditIndex } = await deps.gateway.requireAudited(principal, 'call.delete', { type: 'subject', id: null, tenantId, subjectRef }, ctx);
  const sql = deps.store.sql;
  let erasure = await openErasure(sql, tenantId, subjectRef);
  if (erasure === undefined) {
    const done = await latestCompletedErasure(sql, tenantId, subjectRef);
    if (done?.certificate !== undefined && !(await hasLiveData(sql, tenantId, subjectRef))) return resultOf(done, true);
    erasure = await createErasure(sql, { tenantId, subjectRef, requestedAt: deps.now().toISOString(), requestedBy: principal.id, requestAuditIndex: auditIndex });
  }
  try {
    return await runErasure(deps, owners, principal, erasure, ctx, options);
  } catch (err) {
    if (isSottoError(err, 'LEGAL_HOLD_ACTIVE') || isSottoError(err, 'ERASURE_INCOMPLETE')) throw err;
    const code = isSottoError(err) ? err.code : 'INTERNAL';
    throw new SottoError('ERASURE_INCOMPLETE', `erasure ${erasure.id} is not finished (${code}); run erase again to resume`, { cause: err });
  }
}

/** A finished erasure's certificate, by id (`sotto erase certificate ID`). */
export async function erasureCertificate(deps: ResolvedLifecycleDeps, principal: Principal, erasureId: string, ctx: RequestContext): Promise<ErasureResult> {
  const erasure = await getErasure(deps.store.sql, erasureId);
  // Another tenant's erasure is recorded and answered exactly like a missing one: a 'tenant
  // mismatch' entry naming the owner would tell the prober's auditors it exists (found in review).
  if (erasure === undefined || (principal.tenantId !== undefined && principal.tenantId !== erasure.tenantId)) {
    await deps.gateway.record(principal, 'call.delete', { type: 'erasure', id: '(unknown)', tenantId: principal.tenantId ?? null }, 'denied', 'not found', ctx);
    throw new SottoError('NOT_FOUND', 'no such erasure');
  }
  const resource = { type: 'erasure' as const, id: erasure.id, tenantId: erasure.tenantId, subjectRef: erasure.subjectRef };
  await deps.gateway.require(principal, 'call.delete', resource, ctx);
  if (erasure.certificate === undefined) throw new SottoError('ERASURE_INCOMPLETE', `erasure ${erasure.id} is not finished; run erase again to resume`);
  return resultOf(erasure, true);
}

async function runErasure(
  deps: ResolvedLifecycleDeps,
  owners: LeaseOwners,
  principal: Principal,
  erasure: ErasureRequest,
  ctx: RequestContext,
  options: EraseOptions,
): Promise<ErasureResult> {
  const { tenantId, subjectRef } = erasure;
  const sql = deps.store.sql;
  if (erasure.keyDestroyedAt === undefined) await destroySubjectKey(deps, principal, erasure, ctx);
  // SQLite keeps the erased key's old page in its WAL until a checkpoint: the erasure is not
  // done before that copy is gone (STORE_UNAVAILABLE if a reader blocks it; a re-run retries).
  await sql.afterShred();
  options.onUnreadable?.(erasure.id);

  const auditor: DeletionAuditor = { principal: () => principal, ctx };
  const cause = { cause: 'erasure' as const, erasureId: erasure.id };
  let deleted = 0;
  for (let pass = 0; ; pass++) {
    // Live items: artifacts, then call records, in short claiming transactions.
    for (;;) {
      const claim = newClaim(deps, owners, cause);
      const claimed = await sql.transaction(async (tx) => {
        await tx.lock(holdLockName(tenantId), 'shared');
        const artifacts = await claimArtifacts(tx, claim, 'a.tenant_id = ? AND a.subject_ref = ?', [tenantId, subjectRef]);
        if (artifacts > 0) return artifacts;
        return claimCalls(tx, claim, 'c.tenant_id = ? AND c.subject_ref = ?', [tenantId, subjectRef]);
      });
      if (claimed === 0) break;
      deleted += (await completeClaimed(deps, claim.owner, auditor)).length;
      await options.onProgress?.({ erasureId: erasure.id, deleted });
    }
    // Claims of this erasure left by a run that died: take them over once their lease ends.
    for (;;) {
      const claim = newClaim(deps, owners, cause);
      if ((await reclaimAbandoned(deps, claim, erasure.id)) > 0) {
        deleted += (await completeClaimed(deps, claim.owner, auditor)).length;
        continue;
      }
      const until = await pendingLeaseExpiry(deps, erasure.id);
      if (until === undefined) break;
      // Another run of this erasure may still be working on them: look again shortly.
      await sleep(Math.min(250, Math.max(10, Date.parse(until) - deps.now().getTime() + 10)));
    }
    const { left, liveKeyGeneration } = await finalCheck(sql, tenantId, subjectRef);
    if (left === 0 && liveKeyGeneration === undefined) break;
    if (left === 0 && liveKeyGeneration !== undefined) {
      // A returning caller's key made while this ran: destroyed, then everything checked again.
      await destroyRenewedKey(deps, principal, erasure, liveKeyGeneration, ctx);
      if (pass >= 3) throw new SottoError('ERASURE_INCOMPLETE', `erasure ${erasure.id}: new data keeps arriving for this subject; run erase again`);
      continue;
    }
    // What is left is held (a hold set while this ran), or arrived meanwhile (a new call).
    await refuseIfHeld(deps, principal, erasure, await holdsOnSubject(sql, tenantId, subjectRef), ctx, `${left} item(s) under it were kept`);
    if (pass >= 3) throw new SottoError('ERASURE_INCOMPLETE', `erasure ${erasure.id}: new data keeps arriving for this subject; run erase again`);
  }

  // The signer first: with the key provider down nothing is marked complete (run again later).
  const { signer } = await loadCertificateSigner(deps);
  const current = (await getErasure(sql, erasure.id)) ?? erasure;
  if (current.certificate !== undefined) return resultOf(current, false);
  const completedAt = deps.now().toISOString();
  const counts = await erasedCounts(sql, erasure.id);
  const resource = { type: 'erasure' as const, id: erasure.id, tenantId, subjectRef };
  const completedIndex = await deps.gateway.record(
    principal,
    'erasure.complete',
    resource,
    'allowed',
    `erased ${counts.recording + counts.transcript + counts.export} artifacts and ${counts.call_record} call records`,
    ctx,
  );
  const certificate = signCertificate(await buildCertificate(deps, current, completedAt, completedIndex), signer);
  if (!(await completeErasure(sql, erasure.id, completedAt, completedIndex, JSON.stringify(certificate)))) {
    const winner = await getErasure(sql, erasure.id);
    if (winner?.certificate !== undefined) return resultOf(winner, false);
  }
  return { erasureId: erasure.id, alreadyErased: false, counts: certificate.certificate.counts, certificate };
}

/**
 * What is left of the subject, read under the subject key lock (exclusive): an artifact write
 * either committed before (counted here) or runs after and finds no live key (it makes a new
 * generation, after the erasure). So nothing written during the erasure slips past it.
 */
async function finalCheck(sql: SqlClient, tenantId: string, subjectRef: string): Promise<{ left: number; liveKeyGeneration: number | undefined }> {
  return sql.transaction(async (tx) => {
    await tx.lock(subjectKeyLockName(tenantId, subjectRef), 'exclusive');
    const [key] = await tx.rows<{ generation: IntegerColumn }>(
      'SELECT generation FROM subject_keys WHERE tenant_id = ? AND subject_ref = ? AND destroyed_at IS NULL',
      [tenantId, subjectRef],
    );
    return { left: await countLive(tx, tenantId, subjectRef), liveKeyGeneration: key === undefined ? undefined : integerColumn(key.generation, 'generation') };
  });
}

async function countLive(sql: SqlStatements, tenantId: string, subjectRef: string): Promise<number> {
  const [row] = await sql.rows<{ n: IntegerColumn }>(
    `SELECT (SELECT COUNT(*) FROM artifacts WHERE tenant_id = ? AND subject_ref = ? AND deleted_at IS NULL)
          + (SELECT COUNT(*) FROM calls WHERE tenant_id = ? AND subject_ref = ?) AS n`,
    [tenantId, subjectRef, tenantId, subjectRef],
  );
  return row === undefined ? 0 : integerColumn(row.n, 'count');
}

/** Anything of the subject still there: a live key, a live artifact, or a call record. */
async function hasLiveData(sql: SqlStatements, tenantId: string, subjectRef: string): Promise<boolean> {
  const keys = await sql.rows('SELECT 1 FROM subject_keys WHERE tenant_id = ? AND subject_ref = ? AND destroyed_at IS NULL', [tenantId, subjectRef]);
  return keys.length > 0 || (await countLive(sql, tenantId, subjectRef)) > 0;
}

function resultOf(erasure: ErasureRequest, alreadyErased: boolean): ErasureResult {
  const certificate = JSON.parse(erasure.certificate ?? 'null') as SignedDeletionCertificate;
  return { erasureId: erasure.id, alreadyErased, counts: certificate.certificate.counts, certificate };
}
