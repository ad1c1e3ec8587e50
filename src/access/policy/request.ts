import type { Authorizer, Decision } from '../decision.js';
import type { Permission, Role } from '../permissions.js';
import type { Principal } from '../principal.js';

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
  /** SHA-256 (hex) of the policy text, so a log entry can name the exact policy in force. */
  digest: string;
  roles: RoleDescription[];
}

/**
 * The Authorizer the gateway uses (decision.ts), compiled from a policy file, plus what
 * break-glass and the policy listing need. `authorize` is synchronous: no I/O on the
 * decision path. Decisions name their rule as `role/permission`, 'tenant-isolation', or null.
 */
export interface PolicyAuthorizer extends Authorizer {
  /**
   * Whether `principal` may ask for a break-glass grant for `permission` in `tenantId`: a
   * person (not a service) in that tenant, holding a role that grants the permission with
   * `requires: break_glass`. The decision's rule names that grant.
   */
  breakGlassEligibility(principal: Principal, permission: Permission, tenantId: string): Decision;
  describe(): PolicyDescription;
  /** One line per grant of `role`, for a human: `analyst call.view: allowed. Why: …`. */
  explain(role: string): string[];
}
