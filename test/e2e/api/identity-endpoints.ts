// The role matrix in the authorization table: the loaded policy with each grant's `why`, for
// those who assign roles (users.manage: owner, admin); the same for every tenant.
import type { Endpoint } from './endpoints.js';

export const IDENTITY_ENDPOINTS: readonly Endpoint[] = [
  {
    name: 'GET /v1/roles',
    method: 'GET',
    path: () => '/v1/roles',
    rule: { kind: 'permission', permission: 'users.manage' },
    crossTenant: 'own-tenant',
    action: 'users.manage',
    ok: 200,
  },
];
