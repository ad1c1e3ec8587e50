import type { Authorizer, Decision } from './decision.js';

/**
 * Interim authorizer until the policy engine is wired: the local operator (shell access to the
 * data directory and its keys) may act; every other principal is denied. Fails closed.
 */
export const operatorOnlyAuthorizer: Authorizer = {
  authorize({ principal, resource }): Decision {
    if (principal.tenantId !== undefined && principal.tenantId !== resource.tenantId) {
      return { allowed: false, reason: 'tenant mismatch', rule: null };
    }
    if (principal.kind === 'operator') return { allowed: true, reason: 'local operator', rule: 'operator' };
    return { allowed: false, reason: 'no policy loaded', rule: null };
  },
};
