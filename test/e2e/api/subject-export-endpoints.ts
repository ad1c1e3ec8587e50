// Data subject access exports in the authorization table (call.export: owner and compliance
// officer). Sealed to an age X25519 recipient: a passphrase would run scrypt for every cell.
import type { Endpoint } from './endpoints.js';

export const SUBJECT_EXPORT_ENDPOINTS: readonly Endpoint[] = [
  {
    name: 'POST /v1/subject-exports',
    method: 'POST',
    path: () => '/v1/subject-exports',
    // acme's cells export the fixture call's subject; another tenant exports "its" subject of
    // that id, which it never had: an empty export, nothing of acme's.
    body: (t) => ({ subject: t.exportSubject, recipient: t.exportRecipient }),
    rule: { kind: 'permission', permission: 'call.export' },
    crossTenant: 'own-tenant',
    action: 'call.export',
    ok: 201,
  },
  {
    name: 'GET /v1/subject-exports',
    method: 'GET',
    path: () => '/v1/subject-exports?limit=50',
    rule: { kind: 'permission', permission: 'call.export' },
    crossTenant: 'own-tenant',
    action: 'call.export',
    ok: 200,
  },
  {
    name: 'GET /v1/subject-exports/:id',
    method: 'GET',
    path: (t) => `/v1/subject-exports/${t.exportId}`,
    missingPath: (t) => `/v1/subject-exports/${t.missingExportId}`,
    rule: { kind: 'permission', permission: 'call.export' },
    crossTenant: 'not-found',
    action: 'call.export',
    ok: 200,
  },
];
