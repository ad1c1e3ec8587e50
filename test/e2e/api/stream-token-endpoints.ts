// Minting the one-time token a media stream connects with (call.connect: owner, admin and
// developer), in the caller's own tenant, and for a tenant named in the body.
import type { Endpoint } from './endpoints.js';

/** A tenant id of the right shape that exists nowhere. */
const MISSING_TENANT = 'no-such-tenant';

export const STREAM_TOKEN_ENDPOINTS: readonly Endpoint[] = [
  {
    name: 'POST /v1/calls/stream-tokens',
    method: 'POST',
    path: () => '/v1/calls/stream-tokens',
    // Short-lived: the table mints one for every entitled caller and connects none.
    body: () => ({ ttlSeconds: 60 }),
    rule: { kind: 'permission', permission: 'call.connect' },
    crossTenant: 'own-tenant',
    action: 'call.connect',
    ok: 201,
  },
  {
    name: 'POST /v1/calls/stream-tokens (tenant: acme)',
    method: 'POST',
    path: () => '/v1/calls/stream-tokens',
    body: () => ({ tenant: 'acme', ttlSeconds: 60 }),
    missingBody: () => ({ tenant: MISSING_TENANT, ttlSeconds: 60 }),
    rule: { kind: 'permission', permission: 'call.connect' },
    // acme's own tenant named: as above. Another tenant's principal naming acme: not found,
    // whatever its role, like a tenant that does not exist.
    crossTenant: 'not-found',
    action: 'call.connect',
    ok: 201,
  },
];
