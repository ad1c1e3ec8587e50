/** Who is asking. Issue 3 adds people, services, roles and sessions. */
export interface Principal {
  id: string;
  kind: 'operator' | 'user' | 'service' | 'system';
  /** undefined only for the local operator, who acts on every tenant of this installation. */
  tenantId: string | undefined;
  roles: readonly string[];
}

/** The person at the machine running the `sotto` CLI against its own data directory. */
export const LOCAL_OPERATOR: Principal = Object.freeze({
  id: 'local-operator',
  kind: 'operator',
  tenantId: undefined,
  roles: Object.freeze(['owner']),
});

/**
 * Sotto itself, deleting what a tenant's retention policy says has expired (src/lifecycle).
 * It holds no role: the policy set through retention.manage is its authority, and each
 * deletion it makes is recorded under this id.
 */
export const RETENTION_SWEEPER: Principal = Object.freeze({
  id: 'retention-sweeper',
  kind: 'system',
  tenantId: undefined,
  roles: Object.freeze([]),
});
