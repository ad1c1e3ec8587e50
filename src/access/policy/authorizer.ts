import type { AuthorizationRequest, BreakGlassGrantRef, Decision } from '../decision.js';
import { PERMISSIONS, ROLES, type Permission } from '../permissions.js';
import type { Principal } from '../principal.js';
import type { PolicyAuthorizer, PolicyDescription } from './request.js';
import type { PolicyDocument } from './schema.js';

/** One cell of the decision table: what a role's grant of a permission means. */
interface Cell {
  role: string;
  rule: string;
  breakGlass: boolean;
  /** The (shared, frozen) decision for an unconditional grant. */
  allowed: Decision;
}

const deny = (reason: string, rule: string | null): Decision => Object.freeze({ allowed: false, reason, rule });

const TENANT_MISMATCH = deny('tenant mismatch', 'tenant-isolation');
const UNKNOWN_PERMISSION = deny('unknown permission', null);
const SERVICE_BREAK_GLASS = deny('services cannot break glass', null);

/**
 * The policy compiled to a table: role → permission → cell. `authorize` does a couple of map
 * look-ups per role and returns shared frozen decisions, so it is synchronous and allocates
 * only when a break-glass grant is used.
 */
export class CompiledAuthorizer implements PolicyAuthorizer {
  private readonly table = new Map<string, Map<string, Cell>>();
  private readonly noGrant = new Map<string, Decision>();
  private readonly noBreakGlassGrant = new Map<string, Decision>();

  constructor(
    private readonly policy: PolicyDocument,
    private readonly source: string,
    private readonly digest: string,
  ) {
    for (const role of ROLES) {
      const cells = new Map<string, Cell>();
      for (const grant of policy.roles[role].grants) {
        const rule = `${role}/${grant.permission}`;
        const breakGlass = grant.requires === 'break_glass';
        cells.set(grant.permission, {
          role,
          rule,
          breakGlass,
          allowed: Object.freeze({ allowed: true, reason: `granted by role ${role}`, rule }),
        });
      }
      this.table.set(role, cells);
    }
    for (const permission of PERMISSIONS) {
      this.noGrant.set(permission, deny(`no role grants ${permission}`, null));
      this.noBreakGlassGrant.set(permission, deny(`no role grants ${permission} with break-glass`, null));
    }
  }

  authorize(request: AuthorizationRequest): Decision {
    const { principal, permission, resource, context } = request;
    if (!sameTenant(principal, resource.tenantId)) return TENANT_MISMATCH;
    let conditional: Cell | undefined;
    for (const role of principal.roles) {
      const cell = this.table.get(role)?.get(permission);
      if (cell === undefined) continue;
      if (!cell.breakGlass) return cell.allowed;
      conditional ??= cell;
    }
    // Permissions outside the vocabulary (from untyped callers) have no entry: denied too.
    if (conditional === undefined) return this.noGrant.get(permission) ?? UNKNOWN_PERMISSION;
    return withBreakGlass(conditional, request.principal, permission, resource, context.breakGlassGrant, context.now);
  }

  breakGlassEligibility(principal: Principal, permission: Permission, tenantId: string): Decision {
    // Break-glass is a person's accountable decision, with a reason in their own words; an
    // API token has no one behind it to answer for the reason.
    if (principal.kind === 'service') return SERVICE_BREAK_GLASS;
    if (!sameTenant(principal, tenantId)) return TENANT_MISMATCH;
    for (const role of principal.roles) {
      const cell = this.table.get(role)?.get(permission);
      if (cell?.breakGlass) return Object.freeze({ allowed: true, reason: `eligible by role ${cell.role}`, rule: cell.rule });
    }
    return this.noBreakGlassGrant.get(permission) ?? UNKNOWN_PERMISSION;
  }

  describe(): PolicyDescription {
    return {
      version: this.policy.version,
      source: this.source,
      digest: this.digest,
      roles: ROLES.map((role) => ({
        role,
        description: this.policy.roles[role].description,
        grants: this.policy.roles[role].grants.map((g) => ({ permission: g.permission, requires: g.requires ?? null, why: g.why })),
      })),
    };
  }

  explain(role: string): string[] {
    const found = this.describe().roles.find((r) => r.role === role);
    if (found === undefined) return [`${role}: not a role in this policy; it grants nothing.`];
    if (found.grants.length === 0) return [`${role}: no permissions. ${found.description}`];
    return found.grants.map(
      (g) => `${role} ${g.permission}: ${g.requires === 'break_glass' ? 'allowed only with break-glass' : 'allowed'}. Why: ${g.why}`,
    );
  }
}

/** A principal with a tenant acts only inside it; the local operator (no tenant) on all. */
function sameTenant(principal: Principal, tenantId: string): boolean {
  return principal.tenantId === undefined || principal.tenantId === tenantId;
}

function withBreakGlass(
  cell: Cell,
  principal: Principal,
  permission: Permission,
  resource: AuthorizationRequest['resource'],
  grant: BreakGlassGrantRef | undefined,
  now: Date,
): Decision {
  if (grant === undefined) return deny('break-glass required', cell.rule);
  const applies =
    grant.principalId === principal.id &&
    grant.tenantId === resource.tenantId &&
    grant.permission === permission &&
    (grant.resourceId === null || grant.resourceId === resource.id);
  if (!applies) return deny('break-glass grant does not apply', cell.rule);
  // An unparseable expiry compares false: expired, never open-ended.
  if (!(now.getTime() < Date.parse(grant.expiresAt))) return deny('break-glass expired', cell.rule);
  return {
    allowed: true,
    reason: `granted by role ${cell.role} with break-glass`,
    rule: cell.rule,
    breakGlass: { grantId: grant.grantId, expiresAt: grant.expiresAt },
  };
}
