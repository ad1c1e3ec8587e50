// The lifecycle endpoints of the authorization table (issue 6): retention, legal holds, erasure
// and the public deletion-certificate endpoints, aimed at acme's resources like the rest.
import type { Endpoint } from './endpoints.js';

const note = 'table: matter 2026-001';

export const LIFECYCLE_ENDPOINTS: readonly Endpoint[] = [
  {
    name: 'GET /v1/retention',
    method: 'GET',
    path: () => '/v1/retention',
    rule: { kind: 'permission', permission: 'retention.manage' },
    crossTenant: 'own-tenant',
    action: 'retention.manage',
    ok: 200,
  },
  {
    name: 'PUT /v1/retention/:dataClass',
    method: 'PUT',
    path: () => '/v1/retention/transcript',
    // The default period again: every cell may set it, and nothing else in the table changes.
    body: () => ({ days: 90 }),
    rule: { kind: 'permission', permission: 'retention.manage' },
    crossTenant: 'own-tenant',
    action: 'retention.manage',
    ok: 200,
  },
  {
    name: 'GET /v1/legal-holds?all=true',
    method: 'GET',
    path: () => '/v1/legal-holds?all=true',
    rule: { kind: 'permission', permission: 'retention.manage' },
    crossTenant: 'own-tenant',
    action: 'retention.manage',
    ok: 200,
  },
  {
    name: 'POST /v1/legal-holds (a call)',
    method: 'POST',
    path: () => '/v1/legal-holds',
    body: (t) => ({ target: { callId: t.callId }, note }),
    missingBody: (t) => ({ target: { callId: t.missingCallId }, note }),
    rule: { kind: 'permission', permission: 'retention.manage' },
    // The hold is set in the caller's tenant, where acme's call does not exist.
    crossTenant: 'permission-then-not-found',
    action: 'retention.manage',
    ok: 201,
  },
  {
    name: 'POST /v1/legal-holds/:id/release',
    method: 'POST',
    path: (t) => `/v1/legal-holds/${t.holdId}/release`,
    missingPath: (t) => `/v1/legal-holds/${t.missingHoldId}/release`,
    setup: async (t) => ({ ...t, holdId: await t.newHoldId() }),
    rule: { kind: 'permission', permission: 'retention.manage' },
    crossTenant: 'permission-then-not-found',
    notFound: 'LEGAL_HOLD_NOT_FOUND',
    action: 'retention.manage',
    ok: 200,
  },
  {
    name: 'POST /v1/erasures',
    method: 'POST',
    path: () => '/v1/erasures',
    // Erased at setup, so acme's cells get the same certificate back (alreadyErased); another
    // tenant erases "its" subject of that id, which it never had: a certificate of nothing.
    body: (t) => ({ subject: t.erasureSubject }),
    rule: { kind: 'permission', permission: 'call.delete' },
    crossTenant: 'own-tenant',
    action: 'call.delete',
    ok: 200,
  },
  {
    name: 'GET /v1/erasures',
    method: 'GET',
    path: () => '/v1/erasures?limit=50',
    // Authorized like one certificate (call.delete) and audited once for the page.
    rule: { kind: 'permission', permission: 'call.delete' },
    crossTenant: 'own-tenant',
    action: 'call.delete',
    ok: 200,
  },
  {
    name: 'GET /v1/erasures/:id/certificate',
    method: 'GET',
    path: (t) => `/v1/erasures/${t.erasureId}/certificate`,
    missingPath: (t) => `/v1/erasures/${t.missingErasureId}/certificate`,
    rule: { kind: 'permission', permission: 'call.delete' },
    crossTenant: 'not-found',
    action: 'call.delete',
    ok: 200,
  },
  {
    name: 'GET /deletion-certificates/verifier-key',
    method: 'GET',
    path: () => '/deletion-certificates/verifier-key',
    rule: { kind: 'public' },
    crossTenant: 'own-tenant',
    action: '',
    ok: 200,
  },
  {
    name: 'POST /deletion-certificates/verify',
    method: 'POST',
    path: () => '/deletion-certificates/verify',
    body: (t) => ({ certificate: t.certificate }),
    rule: { kind: 'public' },
    crossTenant: 'own-tenant',
    action: '',
    ok: 200,
  },
];
