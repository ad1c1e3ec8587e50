// Every endpoint of the API, as the authorization table calls it: always aimed at acme's
// resources, with the rule that decides it and what a caller may expect.
import type { Permission } from '../../../src/access/index.js';
import type { ErrorCode } from '../../../src/errors/index.js';
import type { Caller } from './callers.js';
import { IDENTITY_ENDPOINTS } from './identity-endpoints.js';
import { INCIDENT_ENDPOINTS } from './incidents-endpoints.js';
import { LIFECYCLE_ENDPOINTS } from './lifecycle-endpoints.js';
import { LIVE_ENDPOINTS } from './live-endpoints.js';
import { POSTURE_ENDPOINTS } from './posture-endpoints.js';
import { STREAM_TOKEN_ENDPOINTS } from './stream-token-endpoints.js';
import { SUBJECT_EXPORT_ENDPOINTS } from './subject-export-endpoints.js';
import { SUBPROCESSOR_ENDPOINTS } from './subprocessors-endpoints.js';
import { BREAK_GLASS_GRANTS, GRANTS } from './role-matrix.js';

/** Ids in acme the table aims at, and ids that exist nowhere. */
export interface Targets {
  callId: string;
  missingCallId: string;
  /** An acme API token the table revokes (again and again: revoking is idempotent). */
  victimTokenId: string;
  missingTokenId: string;
  /** An acme break-glass grant held by acme's compliance officer. */
  grantId: string;
  grantHolderId: string;
  missingGrantId: string;
  /** An audit entry about acme only. */
  entryIndex: number;
  missingEntryIndex: number;
  checkpointSizes: { from: number; to: number };
  /** An active legal hold on acme's call, fresh for each cell that releases one (see `setup`). */
  holdId: string;
  missingHoldId: string;
  newHoldId(): Promise<string>;
  /** A data subject of acme (raw id: it must appear in no answer and no audit entry), erased at setup. */
  erasureSubject: string;
  erasureId: string;
  missingErasureId: string;
  /** The signed deletion certificate of that erasure. */
  certificate: unknown;
  /** An open acme incident (regime gdpr) that the rows read, update and notify on, never close. */
  incidentId: string;
  missingIncidentId: string;
  /** A fresh acme incident in that status, for the cell that closes or reopens one (see `setup`). */
  newIncidentId(status: 'open' | 'closed'): Promise<string>;
  /** Made fresh at setup by newIncidentId, for close and reopen. */
  freshIncidentId: string;
  /** The acme fixture call's raw subject id: sent in export bodies, it must come back in nothing. */
  exportSubject: string;
  /** An age X25519 key pair: exports are sealed to the recipient (no slow scrypt) and opened with the identity. */
  exportRecipient: string;
  exportIdentity: string;
  /** An acme subject export of that subject, sealed to exportRecipient. */
  exportId: string;
  missingExportId: string;
}

export type Rule =
  | { kind: 'public' }
  | { kind: 'signed-in' }
  /** Only people have sessions: an API token gets USAGE. */
  | { kind: 'person' }
  | { kind: 'permission'; permission: Permission }
  /** transcript.view_unredacted without a break-glass grant: refused for everyone. */
  | { kind: 'break-glass-read' }
  | { kind: 'break-glass-open' }
  /** The grant's holder, or whoever has users.manage. */
  | { kind: 'break-glass-close' };

export interface Endpoint {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path(t: Targets): string;
  /** The same request for an id that exists nowhere: another tenant's id must answer the same. */
  missingPath?(t: Targets): string;
  /** As missingPath, for an id sent in the body. */
  missingBody?(t: Targets): unknown;
  headers?: Record<string, string>;
  body?(t: Targets): unknown;
  /** Run before each cell (before the audit mark): the targets that cell uses. */
  setup?(t: Targets): Promise<Targets>;
  /** The code of a not-found answer (default NOT_FOUND). */
  notFound?: ErrorCode;
  rule: Rule;
  /**
   * For another tenant's caller: 'not-found' (404 whatever the role, the tenant is checked first),
   * 'permission-then-not-found' (the role is checked in the caller's tenant, then 404), or
   * 'own-tenant' (the request acts in the caller's own tenant and must show nothing of acme's).
   */
  crossTenant: 'not-found' | 'permission-then-not-found' | 'own-tenant';
  /** The audit action of the entry that records the decision. */
  action: string;
  ok: number;
  /** The caller signs in afresh for this row (it ends the session it uses). */
  freshSession?: boolean;
  /**
   * Security headers this (public) route sets to other values on purpose, e.g. a cacheable,
   * cross-origin listing; every other header of SECURITY_HEADERS is still checked.
   */
  ownHeaders?: Record<string, string>;
}

export interface Expectation {
  status: number;
  code?: ErrorCode;
  audit: { action: string; outcome: 'allowed' | 'denied' } | 'none';
}

let sequence = 0;
const unique = (): number => ++sequence;

export const ENDPOINTS: readonly Endpoint[] = [
  { name: 'GET /healthz', method: 'GET', path: () => '/healthz', rule: { kind: 'public' }, crossTenant: 'own-tenant', action: '', ok: 200 },
  { name: 'GET /openapi.json', method: 'GET', path: () => '/openapi.json', rule: { kind: 'public' }, crossTenant: 'own-tenant', action: '', ok: 200 },
  { name: 'GET /v1/me', method: 'GET', path: () => '/v1/me', rule: { kind: 'signed-in' }, crossTenant: 'own-tenant', action: '', ok: 200 },
  { name: 'GET /v1/users', method: 'GET', path: () => '/v1/users', rule: { kind: 'permission', permission: 'users.manage' }, crossTenant: 'own-tenant', action: 'users.manage', ok: 200 },
  {
    name: 'GET /v1/calls?tenant=acme',
    method: 'GET',
    path: () => '/v1/calls?tenant=acme',
    rule: { kind: 'permission', permission: 'call.view' },
    crossTenant: 'own-tenant',
    action: 'call.view',
    ok: 200,
  },
  {
    name: 'GET /v1/calls/:id',
    method: 'GET',
    path: (t) => `/v1/calls/${t.callId}`,
    missingPath: (t) => `/v1/calls/${t.missingCallId}`,
    rule: { kind: 'permission', permission: 'call.view' },
    crossTenant: 'not-found',
    action: 'call.view',
    ok: 200,
  },
  {
    name: 'GET /v1/calls/:id/recording',
    method: 'GET',
    path: (t) => `/v1/calls/${t.callId}/recording`,
    missingPath: (t) => `/v1/calls/${t.missingCallId}/recording`,
    rule: { kind: 'permission', permission: 'recording.listen' },
    crossTenant: 'not-found',
    action: 'recording.listen',
    ok: 200,
  },
  {
    name: 'GET /v1/calls/:id/recording (Range: bytes=1000-20999)',
    method: 'GET',
    path: (t) => `/v1/calls/${t.callId}/recording`,
    missingPath: (t) => `/v1/calls/${t.missingCallId}/recording`,
    headers: { range: 'bytes=1000-20999' },
    rule: { kind: 'permission', permission: 'recording.listen' },
    crossTenant: 'not-found',
    action: 'recording.listen',
    ok: 206,
  },
  {
    name: 'GET /v1/calls/:id/transcript',
    method: 'GET',
    path: (t) => `/v1/calls/${t.callId}/transcript`,
    missingPath: (t) => `/v1/calls/${t.missingCallId}/transcript`,
    rule: { kind: 'permission', permission: 'transcript.view' },
    crossTenant: 'not-found',
    action: 'transcript.view',
    ok: 200,
  },
  {
    name: 'GET /v1/calls/:id/transcript?view=unredacted (no break-glass grant)',
    method: 'GET',
    path: (t) => `/v1/calls/${t.callId}/transcript?view=unredacted`,
    missingPath: (t) => `/v1/calls/${t.missingCallId}/transcript?view=unredacted`,
    rule: { kind: 'break-glass-read' },
    crossTenant: 'not-found',
    action: 'transcript.view_unredacted',
    ok: 200,
  },
  {
    name: 'GET /v1/audit/entries',
    method: 'GET',
    path: () => '/v1/audit/entries?limit=20',
    rule: { kind: 'permission', permission: 'audit.read' },
    crossTenant: 'own-tenant',
    action: 'audit.read',
    ok: 200,
  },
  {
    name: 'GET /v1/audit/checkpoint',
    method: 'GET',
    path: () => '/v1/audit/checkpoint',
    rule: { kind: 'permission', permission: 'audit.read' },
    crossTenant: 'own-tenant',
    action: 'audit.read',
    ok: 200,
  },
  {
    name: 'GET /v1/audit/proofs/inclusion/:index',
    method: 'GET',
    path: (t) => `/v1/audit/proofs/inclusion/${t.entryIndex}`,
    missingPath: (t) => `/v1/audit/proofs/inclusion/${t.missingEntryIndex}`,
    rule: { kind: 'permission', permission: 'audit.read' },
    crossTenant: 'permission-then-not-found',
    action: 'audit.read',
    ok: 200,
  },
  {
    name: 'GET /v1/audit/proofs/consistency',
    method: 'GET',
    path: (t) => `/v1/audit/proofs/consistency?from=${t.checkpointSizes.from}&to=${t.checkpointSizes.to}`,
    rule: { kind: 'permission', permission: 'audit.read' },
    crossTenant: 'own-tenant',
    action: 'audit.read',
    ok: 200,
  },
  {
    name: 'POST /v1/users',
    method: 'POST',
    path: () => '/v1/users',
    // auditor: a role whose every grant users.manage holders (owner, admin) hold too, so the
    // no-more-than-you-hold rule of role assignment does not decide this cell.
    body: () => ({ email: `table-${unique()}@example.org`, role: 'auditor' }),
    rule: { kind: 'permission', permission: 'users.manage' },
    crossTenant: 'own-tenant',
    action: 'users.manage',
    ok: 201,
  },
  {
    name: 'POST /v1/tokens',
    method: 'POST',
    path: () => '/v1/tokens',
    body: () => ({ role: 'developer', name: `table ${unique()}` }),
    rule: { kind: 'permission', permission: 'users.manage' },
    crossTenant: 'own-tenant',
    action: 'users.manage',
    ok: 201,
  },
  {
    name: 'DELETE /v1/tokens/:id',
    method: 'DELETE',
    path: (t) => `/v1/tokens/${t.victimTokenId}`,
    missingPath: (t) => `/v1/tokens/${t.missingTokenId}`,
    rule: { kind: 'permission', permission: 'users.manage' },
    crossTenant: 'permission-then-not-found',
    action: 'users.manage',
    ok: 204,
  },
  {
    name: 'POST /v1/break-glass',
    method: 'POST',
    path: () => '/v1/break-glass',
    // Scoped to a call that exists nowhere, so no grant made here unlocks anything.
    body: () => ({ reason: 'table: checking who may break glass', callId: `call_table${String(unique()).padStart(17, '0')}`, minutes: 1 }),
    rule: { kind: 'break-glass-open' },
    crossTenant: 'own-tenant',
    action: 'break_glass.open',
    ok: 201,
  },
  {
    name: 'DELETE /v1/break-glass/:id',
    method: 'DELETE',
    path: (t) => `/v1/break-glass/${t.grantId}`,
    missingPath: (t) => `/v1/break-glass/${t.missingGrantId}`,
    rule: { kind: 'break-glass-close' },
    crossTenant: 'not-found',
    action: 'break_glass.close',
    ok: 204,
  },
  ...LIFECYCLE_ENDPOINTS,
  ...INCIDENT_ENDPOINTS,
  ...SUBPROCESSOR_ENDPOINTS,
  ...SUBJECT_EXPORT_ENDPOINTS,
  ...STREAM_TOKEN_ENDPOINTS,
  ...POSTURE_ENDPOINTS,
  ...IDENTITY_ENDPOINTS,
  ...LIVE_ENDPOINTS,
  {
    name: 'DELETE /v1/sessions/current',
    method: 'DELETE',
    path: () => '/v1/sessions/current',
    rule: { kind: 'person' },
    crossTenant: 'own-tenant',
    action: 'session.logout',
    ok: 204,
    freshSession: true,
  },
  // Last: it ends every session of the person, the table's own included.
  { name: 'DELETE /v1/sessions', method: 'DELETE', path: () => '/v1/sessions', rule: { kind: 'person' }, crossTenant: 'own-tenant', action: 'session.logout_all', ok: 204 },
];

/** What the caller must get, from the hand-written role matrix. */
export function expectation(endpoint: Endpoint, caller: Caller, t: Targets): Expectation {
  const { rule } = endpoint;
  if (rule.kind === 'public') return { status: endpoint.ok, audit: 'none' };
  if (caller.failure !== undefined) return { status: 401, code: caller.failure, audit: { action: 'session.authenticate', outcome: 'denied' } };
  const role = caller.role;
  if (role === undefined) throw new Error(`${caller.label} has neither a role nor a failure`);
  const otherTenant = caller.tenant !== 'acme';
  const denied = (code: ErrorCode = 'ACCESS_DENIED'): Expectation => ({ status: 403, code, audit: { action: endpoint.action, outcome: 'denied' } });
  const notFound = endpoint.notFound ?? 'NOT_FOUND';
  if (otherTenant && endpoint.crossTenant === 'not-found') return { status: 404, code: notFound, audit: { action: endpoint.action, outcome: 'denied' } };

  let allowed: boolean;
  switch (rule.kind) {
    case 'signed-in':
      return { status: endpoint.ok, audit: 'none' };
    case 'person':
      if (caller.kind !== 'user') return { status: 400, code: 'USAGE', audit: 'none' };
      allowed = true;
      break;
    case 'permission':
      allowed = GRANTS[role].includes(rule.permission);
      break;
    case 'break-glass-read':
      // A person who may break glass is told to; everyone else (API tokens included) is refused.
      return caller.kind === 'user' && BREAK_GLASS_GRANTS[role].includes('transcript.view_unredacted') ? denied('BREAK_GLASS_REQUIRED') : denied();
    case 'break-glass-open':
      allowed = caller.kind === 'user' && BREAK_GLASS_GRANTS[role].includes('transcript.view_unredacted');
      break;
    case 'break-glass-close':
      allowed = caller.principalId === t.grantHolderId || GRANTS[role].includes('users.manage');
      break;
  }
  if (!allowed) return denied();
  if (otherTenant && endpoint.crossTenant === 'permission-then-not-found') {
    return { status: 404, code: notFound, audit: { action: endpoint.action, outcome: 'allowed' } };
  }
  return { status: endpoint.ok, audit: { action: endpoint.action, outcome: 'allowed' } };
}
