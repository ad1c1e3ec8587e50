// The incident register's endpoints in the authorization table (incident.manage: owner and
// compliance officer), aimed at an open acme incident like the rest of the table aims at acme's call.
import type { Endpoint } from './endpoints.js';

let sequence = 0;
const unique = (): number => ++sequence;

/** Opened "now", its window the hour before: a valid incident whenever the cell runs. */
function newIncident(): Record<string, unknown> {
  const now = Date.now();
  return {
    title: `table: incident ${unique()}`,
    severity: 'low',
    detectedAt: new Date(now).toISOString(),
    windowStart: new Date(now - 3_600_000).toISOString(),
    regimes: ['gdpr'],
  };
}

const byId = {
  rule: { kind: 'permission', permission: 'incident.manage' },
  // The incident is found first; another tenant's reads as missing, whatever the role.
  crossTenant: 'not-found',
  notFound: 'INCIDENT_NOT_FOUND',
  action: 'incident.manage',
  ok: 200,
} as const;

export const INCIDENT_ENDPOINTS: readonly Endpoint[] = [
  {
    name: 'GET /v1/incidents',
    method: 'GET',
    path: () => '/v1/incidents?all=true',
    rule: { kind: 'permission', permission: 'incident.manage' },
    crossTenant: 'own-tenant',
    action: 'incident.manage',
    ok: 200,
  },
  {
    name: 'POST /v1/incidents',
    method: 'POST',
    path: () => '/v1/incidents',
    body: newIncident,
    rule: { kind: 'permission', permission: 'incident.manage' },
    // Opened in the caller's own tenant.
    crossTenant: 'own-tenant',
    action: 'incident.manage',
    ok: 201,
  },
  {
    name: 'GET /v1/incidents/:id',
    method: 'GET',
    path: (t) => `/v1/incidents/${t.incidentId}`,
    missingPath: (t) => `/v1/incidents/${t.missingIncidentId}`,
    ...byId,
  },
  {
    name: 'PATCH /v1/incidents/:id',
    method: 'PATCH',
    path: (t) => `/v1/incidents/${t.incidentId}`,
    missingPath: (t) => `/v1/incidents/${t.missingIncidentId}`,
    // A new count each time, so every allowed cell records a change (incident.update) as well.
    body: () => ({ affectedIndividuals: unique() }),
    ...byId,
  },
  {
    name: 'POST /v1/incidents/:id/close',
    method: 'POST',
    path: (t) => `/v1/incidents/${t.freshIncidentId}/close`,
    missingPath: (t) => `/v1/incidents/${t.missingIncidentId}/close`,
    setup: async (t) => ({ ...t, freshIncidentId: await t.newIncidentId('open') }),
    ...byId,
  },
  {
    name: 'POST /v1/incidents/:id/reopen',
    method: 'POST',
    path: (t) => `/v1/incidents/${t.freshIncidentId}/reopen`,
    missingPath: (t) => `/v1/incidents/${t.missingIncidentId}/reopen`,
    setup: async (t) => ({ ...t, freshIncidentId: await t.newIncidentId('closed') }),
    ...byId,
  },
  {
    name: 'GET /v1/incidents/:id/impact',
    method: 'GET',
    path: (t) => `/v1/incidents/${t.incidentId}/impact`,
    missingPath: (t) => `/v1/incidents/${t.missingIncidentId}/impact`,
    ...byId,
  },
  {
    name: 'POST /v1/incidents/:id/notifications',
    method: 'POST',
    path: (t) => `/v1/incidents/${t.incidentId}/notifications`,
    missingPath: (t) => `/v1/incidents/${t.missingIncidentId}/notifications`,
    // The same mark every time: recording a notification again replaces it.
    body: () => ({ regime: 'gdpr', recipient: 'authority', status: 'sent' }),
    ...byId,
  },
];
