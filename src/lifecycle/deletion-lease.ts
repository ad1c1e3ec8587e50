import { timestampParam } from '../store/meta/records.js';
import type { ResolvedLifecycleDeps } from './deps.js';

// Leases of the deletion ledger (src/lifecycle/deletion-ledger.ts): a claimed batch is reserved
// for its claimer until lease_until; after that another sweep or erasure run may take it over.

/** Extend the lease of this batch's pending rows to a full lease from now; rows lost to another run stay lost. */
export async function renewLease(deps: ResolvedLifecycleDeps, owner: string): Promise<number> {
  const until = new Date(deps.now().getTime() + deps.claimLeaseMs).toISOString();
  return deps.store.sql.run('UPDATE deletions SET lease_until = ? WHERE lease_owner = ? AND completed_at IS NULL', [timestampParam(until, 'leaseUntil'), owner]);
}

/**
 * Renew the lease every third of its length while a batch completes (a slow blob store, a
 * large batch). A failed renewal is left to the next one, and to the renewal before auditing,
 * which fails the batch if the store is gone.
 */
export function keepLease(deps: ResolvedLifecycleDeps, owner: string): { stop(): Promise<void> } {
  let inFlight: Promise<unknown> = Promise.resolve();
  const timer = setInterval(
    () => {
      inFlight = renewLease(deps, owner).catch(() => undefined);
    },
    Math.max(10, Math.floor(deps.claimLeaseMs / 3)),
  );
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await inFlight;
    },
  };
}
