// The live transcript stream in the authorization table (transcript.view). The fixture's call
// has ended, so an allowed caller gets the single `ended` event and the stream closes.
// GET /v1/calls/live?carrierCallId= is not a row: no call runs here, so every caller, entitled
// or not, gets the same not-found answer (and with a live feed wired in it waits up to 10 s).
import type { Endpoint } from './endpoints.js';

export const LIVE_ENDPOINTS: readonly Endpoint[] = [
  {
    name: 'GET /v1/calls/:id/live',
    method: 'GET',
    path: (t) => `/v1/calls/${t.callId}/live`,
    missingPath: (t) => `/v1/calls/${t.missingCallId}/live`,
    rule: { kind: 'permission', permission: 'transcript.view' },
    crossTenant: 'not-found',
    action: 'transcript.view',
    ok: 200,
  },
];
