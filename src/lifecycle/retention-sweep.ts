import { RETENTION_SWEEPER, type RequestContext } from '../access/index.js';
import { randomId } from '../crypto/index.js';
import { ARTIFACT_KINDS } from '../store/meta/metadata-store.js';
import { DAY_MS, type DataClass } from './data-classes.js';
import {
  claimArtifacts,
  claimCalls,
  completeClaimed,
  newClaim,
  reclaimAbandoned,
  type CompletedDeletion,
  type DeletionAuditor,
  type LeaseOwners,
} from './deletion-ledger.js';
import type { ResolvedLifecycleDeps } from './deps.js';
import { holdLockName } from './legal-holds.js';
import { retentionSchedule } from './retention.js';

export interface SweepReport {
  /** Correlates the sweep's audit entries (their requestId). */
  runId: string;
  /** Items deleted by this run, by data class (abandoned claims it finished included). */
  deleted: Record<DataClass, number>;
  /** Claims of dead processes this run took over and finished. */
  recovered: number;
  /** SQLite: whether erased key bytes were also scrubbed from the WAL now (else at the next checkpoint). */
  walScrubbed: boolean;
}

export interface SweepOptions {
  /** Stop between batches once aborted; what was claimed so far is completed first. */
  signal?: AbortSignal;
}

/**
 * One retention sweep over every tenant: artifacts whose created_at + the tenant's period for
 * their kind has passed, and call records whose started_at + the call-record period has passed,
 * skipping anything under legal hold. Each deletion is audited as RETENTION_SWEEPER.
 */
export async function sweepExpired(deps: ResolvedLifecycleDeps, owners: LeaseOwners, options: SweepOptions = {}): Promise<SweepReport> {
  const runId = randomId('sweep');
  const ctx: RequestContext = { requestId: runId, source: 'retention-sweep' };
  const auditor: DeletionAuditor = { principal: () => RETENTION_SWEEPER, ctx };
  const report: SweepReport = { runId, deleted: { recording: 0, transcript: 0, call_record: 0, export: 0 }, recovered: 0, walScrubbed: true };
  const count = (items: CompletedDeletion[]): number => {
    for (const item of items) report.deleted[item.kind]++;
    return items.length;
  };
  const retention = { cause: 'retention' as const, erasureId: null };

  // Claims left by processes that died: finish them first (their items are already unreadable).
  for (;;) {
    const claim = newClaim(deps, owners, retention);
    if ((await reclaimAbandoned(deps, claim)) === 0 || options.signal?.aborted) break;
    report.recovered += count(await completeClaimed(deps, claim.owner, auditor));
  }

  let artifactsDeleted = 0;
  for (const tenant of await deps.store.tenants.list()) {
    const schedule = await retentionSchedule(deps.store.sql, tenant.id);
    const cutoff = (dataClass: DataClass): string => new Date(deps.now().getTime() - schedule[dataClass].days * DAY_MS).toISOString();
    for (const kind of ARTIFACT_KINDS) {
      const expired = [tenant.id, kind, cutoff(kind)];
      while (!options.signal?.aborted) {
        const claim = newClaim(deps, owners, retention);
        const claimed = await deps.store.sql.transaction(async (tx) => {
          await tx.lock(holdLockName(tenant.id), 'shared');
          return claimArtifacts(tx, claim, 'a.tenant_id = ? AND a.kind = ? AND a.created_at < ?', expired);
        });
        if (claimed === 0) break;
        artifactsDeleted += count(await completeClaimed(deps, claim.owner, auditor));
      }
    }
    const expiredCalls = [tenant.id, cutoff('call_record')];
    while (!options.signal?.aborted) {
      const claim = newClaim(deps, owners, retention);
      const claimed = await deps.store.sql.transaction(async (tx) => {
        await tx.lock(holdLockName(tenant.id), 'shared');
        return claimCalls(tx, claim, 'c.tenant_id = ? AND c.started_at < ?', expiredCalls);
      });
      if (claimed === 0) break;
      count(await completeClaimed(deps, claim.owner, auditor));
    }
  }
  if (artifactsDeleted > 0) {
    // Erased data keys leave old page images in the SQLite WAL until a checkpoint; scrub now
    // if no reader is in the way. The keys are wrapped by live subject keys, so this is
    // defence in depth, and not worth failing the sweep over.
    report.walScrubbed = await deps.store.sql.afterShred().then(
      () => true,
      () => false,
    );
  }
  return report;
}
