import type { Permission } from './permissions.js';
import type { Principal } from './principal.js';

/** What a decision is about: ids only (and a keyed hash for a data subject). */
export interface ResourceRef {
  type: 'call' | 'artifact' | 'user' | 'api_token' | 'audit' | 'break_glass' | 'tenant' | 'subject' | 'legal_hold' | 'erasure' | 'incident';
  id: string | null;
  tenantId: string;
  subjectRef?: string;
}

export interface BreakGlassGrantRef {
  grantId: string;
  principalId: string;
  tenantId: string;
  permission: Permission;
  resourceId: string | null;
  expiresAt: string;
}

export interface AuthorizationRequest {
  principal: Principal;
  permission: Permission;
  resource: { tenantId: string; type: string; id: string | null };
  context: { now: Date; breakGlassGrant?: BreakGlassGrantRef };
}

export interface Decision {
  allowed: boolean;
  /** Short and machine-friendly: 'granted by role supervisor', 'tenant mismatch', … */
  reason: string;
  rule: string | null;
  breakGlass?: { grantId: string; expiresAt: string };
}

/** The policy engine as the gateway uses it: synchronous, no I/O. */
export interface Authorizer {
  authorize(request: AuthorizationRequest): Decision;
}

/** Finds an active break-glass grant that could cover a request. */
export interface BreakGlassLookup {
  active(principal: Principal, permission: Permission, tenantId: string, resourceId: string | null, now: Date): Promise<BreakGlassGrantRef | undefined>;
}

/** Where a request came from, for the audit entry. */
export interface RequestContext {
  requestId: string | null;
  source: string | null;
}

export const CLI_CONTEXT: RequestContext = Object.freeze({ requestId: null, source: 'cli' });
