import type { Permission, Role } from '../permissions.js';
import type { Principal } from '../principal.js';

/** What is being acted on. Every resource belongs to one tenant; `null` marks an
 *  installation-wide resource, which only a principal without a tenant may act on. */
export interface AccessResource {
  tenantId: string | null;
  /** 'call', 'recording', 'transcript', 'audit_log', …: for the audit entry, not the decision. */
  type: string;
  id: string | null;
}

/**
 * The fields of a break-glass grant a decision depends on. The break-glass module's
 * `BreakGlassGrant` has them; the policy checks them again on every decision, so a grant
 * fetched for one principal, tenant, call or permission never unlocks another.
 */
export interface BreakGlassEvidence {
  id: string;
  tenantId: string;
  principalId: string;
  permission: string;
  /** Undefined for a grant covering the whole tenant. */
  resourceId: string | undefined;
  /** ISO-8601; the grant is usable while now < expiresAt. */
  expiresAt: string;
  revokedAt: string | undefined;
}

export interface AccessContext {
  now: Date;
  /** The principal's active grant, looked up fresh for this request (BreakGlass.active). */
  breakGlassGrant?: BreakGlassEvidence | undefined;
}

export interface AccessRequest {
  principal: Principal;
  permission: Permission;
  resource: AccessResource;
  context: AccessContext;
}

/**
 * The outcome of one request. `reason` is short and machine-friendly, for the audit entry;
 * `rule` names the grant that decided (`role/permission`), 'tenant-isolation', or null when
 * nothing granted the permission.
 */
export interface Decision {
  allowed: boolean;
  reason: string;
  rule: string | null;
  /** Set when the access rides on a break-glass grant: the audit entry flags it. */
  breakGlass?: { grantId: string; expiresAt: string };
}

export type Condition = 'break_glass';

export interface GrantDescription {
  permission: Permission;
  requires: Condition | null;
  why: string;
}

export interface RoleDescription {
  role: Role;
  description: string;
  grants: GrantDescription[];
}

/** The policy as a reviewer reads it, for the CLI and API to show. */
export interface PolicyDescription {
  version: 1;
  source: string;
  roles: RoleDescription[];
}

/** Decides requests against a compiled policy. Synchronous: no I/O on the decision path. */
export interface Authorizer {
  authorize(request: AccessRequest): Decision;
  /**
   * Whether `principal` may ask for a break-glass grant for `permission` in `tenantId`: a
   * person (not a service) in that tenant, holding a role that grants the permission with
   * `requires: break_glass`. The decision's rule names that grant.
   */
  breakGlassEligibility(principal: Principal, permission: Permission, tenantId: string): Decision;
  describe(): PolicyDescription;
  /** One line per grant of `role`, for a human: `recording.listen: allowed. Why: …`. */
  explain(role: string): string[];
}
