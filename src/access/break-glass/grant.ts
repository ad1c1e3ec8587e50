import type { Permission } from '../permissions.js';

/**
 * Emergency access for one person, one permission, one tenant (optionally one resource), for
 * a limited time, with the reason they gave. The reason may hold personal data ("caller
 * disputes payment of …"), so it stays in this record; the audit log carries only the id.
 */
export interface BreakGlassGrant {
  /** `bg_…`, random. */
  id: string;
  tenantId: string;
  principalId: string;
  permission: Permission;
  /** The one resource (a call) it covers, or null for every resource of the tenant. */
  resourceId: string | null;
  reason: string;
  createdAt: string;
  /** Usable while now < expiresAt. */
  expiresAt: string;
  revokedAt: string | undefined;
}

export interface BreakGlassGrantRepository {
  /** STORE_CONFLICT if the id exists; NOT_FOUND if the tenant does not. */
  create(grant: BreakGlassGrant): Promise<void>;
  get(id: string): Promise<BreakGlassGrant | undefined>;
  /**
   * An unrevoked grant held by `principalId` for `permission` in `tenantId` that has not
   * expired at `now` and covers `resourceId` (a tenant-wide grant covers every resource; a
   * null `resourceId` is covered only by a tenant-wide grant). One naming the resource is
   * preferred, then the one lasting longest.
   */
  findActive(query: {
    tenantId: string;
    principalId: string;
    permission: Permission;
    resourceId: string | null;
    now: string;
  }): Promise<BreakGlassGrant | undefined>;
  /** Every unrevoked, unexpired grant of a tenant, for review. */
  listActive(tenantId: string, now: string): Promise<BreakGlassGrant[]>;
  /** Idempotent (the first `at` is kept); false for an unknown id. */
  revoke(id: string, at: string): Promise<boolean>;
}
