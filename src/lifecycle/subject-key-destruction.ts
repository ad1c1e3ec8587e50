import type { Principal, RequestContext } from '../access/index.js';
import { SottoError } from '../errors/index.js';
import { integerColumn, timestampParam, type IntegerColumn } from '../store/meta/records.js';
import { subjectKeyLockName } from '../store/meta/subject-key-repository.js';
import type { ResolvedLifecycleDeps } from './deps.js';
import type { ErasureRequest } from './erasure-requests.js';
import { holdLockName, holdsOnSubject } from './legal-holds.js';

/**
 * The first step of an erasure and its point of no return: destroying the subject key makes
 * every artifact of the subject undecryptable at once, copies in backups included. It is
 * recorded in the audit log first, then done in one transaction that re-checks legal holds
 * under the tenant's hold lock, so a hold set at the same moment either blocks it or comes after.
 */
export async function destroySubjectKey(deps: ResolvedLifecycleDeps, principal: Principal, erasure: ErasureRequest, ctx: RequestContext): Promise<void> {
  const { tenantId, subjectRef } = erasure;
  const subject = { type: 'subject' as const, id: null, tenantId, subjectRef };
  await refuseIfHeld(deps, principal, erasure, await holdsOnSubject(deps.store.sql, tenantId, subjectRef), ctx, 'nothing was erased');
  const keyAuditIndex = await deps.gateway.record(principal, 'subject_key.destroy', subject, 'allowed', `erasure ${erasure.id}`, ctx);
  const at = timestampParam(deps.now().toISOString(), 'at');
  const held = await deps.store.sql.transaction(async (tx) => {
    await tx.lock(holdLockName(tenantId), 'shared');
    // Waits for artifact writes under the key to commit (the erasure then sees them), and
    // makes later ones find the key destroyed (they go under a new generation).
    await tx.lock(subjectKeyLockName(tenantId, subjectRef), 'exclusive');
    const holds = await holdsOnSubject(tx, tenantId, subjectRef);
    if (holds.length > 0) return holds;
    const [key] = await tx.rows<{ provider: string | null; key_id: string | null; key_version: IntegerColumn | null }>(
      'SELECT provider, key_id, key_version FROM subject_keys WHERE tenant_id = ? AND subject_ref = ?',
      [tenantId, subjectRef],
    );
    // Same statement as SubjectKeyRepository.destroy: key bytes gone, tombstone kept, first time kept.
    await tx.run(
      `UPDATE subject_keys SET provider = NULL, key_id = NULL, key_version = NULL, ciphertext = NULL,
         destroyed_at = COALESCE(destroyed_at, ?) WHERE tenant_id = ? AND subject_ref = ?`,
      [at, tenantId, subjectRef],
    );
    const live = key?.provider != null && key.key_id != null && key.key_version != null;
    await tx.run(
      `UPDATE erasure_requests SET key_destroyed_at = ?, key_audit_index = ?,
         destroyed_key_provider = ?, destroyed_key_id = ?, destroyed_key_version = ?
       WHERE id = ? AND key_destroyed_at IS NULL`,
      [at, keyAuditIndex, live ? key.provider : null, live ? key.key_id : null, live ? integerColumn(key.key_version as IntegerColumn, 'key_version') : null, erasure.id],
    );
    return [];
  });
  await refuseIfHeld(deps, principal, erasure, held, ctx, 'the key was not destroyed');
}

/** A hold blocks the erasure: audited (the hold's id, not the subject's), then LEGAL_HOLD_ACTIVE. */
export async function refuseIfHeld(
  deps: ResolvedLifecycleDeps,
  principal: Principal,
  erasure: ErasureRequest,
  holds: readonly string[],
  ctx: RequestContext,
  consequence: string,
): Promise<void> {
  const [hold] = holds;
  if (hold === undefined) return;
  const resource = { type: 'erasure' as const, id: erasure.id, tenantId: erasure.tenantId, subjectRef: erasure.subjectRef };
  await deps.gateway.record(principal, 'erasure.blocked', resource, 'denied', `legal hold ${hold}`, ctx);
  throw new SottoError('LEGAL_HOLD_ACTIVE', `erasure ${erasure.id} is blocked by legal hold ${hold}; ${consequence}. Release the hold and run erase again`);
}

/**
 * A returning caller's call stored while this erasure ran made a new key generation (see
 * SubjectKeys.current); once the erasure has deleted what was written under it, that key is
 * destroyed too, so no copy of what the erasure deleted (a backup) stays decryptable. Only the
 * generation seen: one made after this is a newer caller's, written after the erasure's end.
 */
export async function destroyRenewedKey(deps: ResolvedLifecycleDeps, principal: Principal, erasure: ErasureRequest, generation: number, ctx: RequestContext): Promise<void> {
  const { tenantId, subjectRef } = erasure;
  const subject = { type: 'subject' as const, id: null, tenantId, subjectRef };
  await deps.gateway.record(principal, 'subject_key.destroy', subject, 'allowed', `erasure ${erasure.id}: key generation ${generation} made while it ran`, ctx);
  const at = timestampParam(deps.now().toISOString(), 'at');
  await deps.store.sql.transaction(async (tx) => {
    await tx.lock(subjectKeyLockName(tenantId, subjectRef), 'exclusive');
    await tx.run(
      `UPDATE subject_keys SET provider = NULL, key_id = NULL, key_version = NULL, ciphertext = NULL, destroyed_at = ?
       WHERE tenant_id = ? AND subject_ref = ? AND generation = ? AND destroyed_at IS NULL`,
      [at, tenantId, subjectRef, generation],
    );
  });
  await deps.store.sql.afterShred();
}
