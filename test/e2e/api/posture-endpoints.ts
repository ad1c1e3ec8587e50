// The posture report in the authorization table: it maps a tenant's weak points, so it is for
// those who audit the tenant (audit.read), and always about the caller's own tenant.
import type { Endpoint } from './endpoints.js';

export const POSTURE_ENDPOINTS: readonly Endpoint[] = [
  {
    name: 'GET /v1/posture',
    method: 'GET',
    path: () => '/v1/posture',
    rule: { kind: 'permission', permission: 'audit.read' },
    crossTenant: 'own-tenant',
    action: 'audit.read',
    ok: 200,
  },
];
