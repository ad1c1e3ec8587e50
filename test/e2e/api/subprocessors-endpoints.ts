// The subprocessor endpoints in the authorization table: the tenant's policy (subprocessors.manage:
// owner and compliance officer) and the public transparency listing, which like the public
// deletion-certificate endpoints answers everyone, credentials or not, and is not audited.
import type { Endpoint } from './endpoints.js';

/** The default policy again: every cell may set it, and no call in the table is refused for it. */
const DEFAULT_POLICY = { healthDataRequires: ['hipaa_baa'], cardDataRequires: ['pci_dss'], sameRegionOnly: true, allowedProviders: null };

export const SUBPROCESSOR_ENDPOINTS: readonly Endpoint[] = [
  {
    name: 'GET /v1/subprocessors/policy',
    method: 'GET',
    path: () => '/v1/subprocessors/policy',
    rule: { kind: 'permission', permission: 'subprocessors.manage' },
    crossTenant: 'own-tenant',
    action: 'subprocessors.manage',
    ok: 200,
  },
  {
    name: 'PUT /v1/subprocessors/policy',
    method: 'PUT',
    path: () => '/v1/subprocessors/policy',
    body: () => DEFAULT_POLICY,
    rule: { kind: 'permission', permission: 'subprocessors.manage' },
    crossTenant: 'own-tenant',
    action: 'subprocessors.manage',
    ok: 200,
  },
  {
    name: 'GET /transparency/subprocessors',
    method: 'GET',
    path: () => '/transparency/subprocessors',
    rule: { kind: 'public' },
    crossTenant: 'own-tenant',
    action: '',
    ok: 200,
    // Deployment configuration only, for a customer's transparency page (GDPR Art. 28(2)):
    // cacheable and readable from another origin, on purpose (subprocessors-routes.ts).
    ownHeaders: { 'cache-control': 'public, max-age=300', 'cross-origin-resource-policy': 'cross-origin' },
  },
];
