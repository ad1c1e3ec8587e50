// Content checks for the incident, subprocessor, subject-export, stream-token, posture and
// live rows of the authorization table: what an entitled caller must get, in its own tenant.
import assert from 'node:assert/strict';
import { decryptExport, unpack } from '../../../src/lifecycle/fixtures/subject-export-helpers.js';
import type { ApiAnswer, ApiFixture } from '../../support/api-fixture.js';
import type { Caller } from './callers.js';
import type { Targets } from './endpoints.js';

const json = (answer: ApiAnswer): Record<string, unknown> => JSON.parse(answer.text) as Record<string, unknown>;

interface IncidentBody {
  id: string;
  tenantId: string;
  status: string;
  createdBy: string;
  affectedIndividuals?: number;
  notifications: { regime: string; recipient: string; status: string; by?: string }[];
}

const DEFAULT_POLICY = { healthDataRequires: ['hipaa_baa'], cardDataRequires: ['pci_dss'], sameRegionOnly: true, allowedProviders: null };

/** Checks the answer of a row named here and says true; false for a row it does not know. */
export async function assertAreaContent(name: string, caller: Caller, answer: ApiAnswer, t: Targets, fx: ApiFixture): Promise<boolean> {
  const incident = (): IncidentBody => json(answer) as unknown as IncidentBody;
  switch (name) {
    case 'GET /v1/incidents': {
      const incidents = json(answer)['incidents'] as IncidentBody[];
      assert.ok(incidents.every((i) => i.tenantId === caller.tenant));
      assert.equal(incidents.some((i) => i.id === t.incidentId), caller.tenant === 'acme');
      return true;
    }
    case 'POST /v1/incidents':
      assert.deepEqual([incident().tenantId, incident().status, incident().createdBy], [caller.tenant, 'open', caller.principalId]);
      assert.ok(incident().notifications.length > 0, 'GDPR deadlines');
      return true;
    case 'GET /v1/incidents/:id':
      assert.deepEqual([incident().id, incident().tenantId], [t.incidentId, 'acme']);
      return true;
    case 'PATCH /v1/incidents/:id':
      assert.deepEqual([incident().id, incident().status, typeof incident().affectedIndividuals], [t.incidentId, 'open', 'number']);
      return true;
    case 'POST /v1/incidents/:id/close':
      assert.deepEqual([incident().id, incident().status], [t.freshIncidentId, 'closed']);
      return true;
    case 'POST /v1/incidents/:id/reopen':
      assert.deepEqual([incident().id, incident().status], [t.freshIncidentId, 'open']);
      return true;
    case 'GET /v1/incidents/:id/impact': {
      const impact = json(answer) as { tenantId: string; subjects: string[]; tenants: { tenantId: string }[] };
      assert.equal(impact.tenantId, 'acme');
      assert.ok(impact.tenants.every((x) => x.tenantId === 'acme'), answer.text);
      return true;
    }
    case 'POST /v1/incidents/:id/notifications': {
      const marked = incident().notifications.find((n) => n.regime === 'gdpr' && n.recipient === 'authority');
      assert.deepEqual([marked?.status, marked?.by], ['sent', caller.principalId]);
      return true;
    }
    case 'GET /v1/subprocessors/policy':
    case 'PUT /v1/subprocessors/policy': {
      const view = json(answer) as { tenant: string; source: string; policy: unknown; providers: unknown[] };
      assert.equal(view.tenant, caller.tenant);
      assert.deepEqual(view.policy, DEFAULT_POLICY);
      assert.ok(view.providers.length > 0);
      if (name.startsWith('PUT')) assert.equal(view.source, 'tenant');
      return true;
    }
    case 'GET /transparency/subprocessors':
      assert.deepEqual(json(answer), JSON.parse(JSON.stringify(fx.runtime.subprocessors.transparency())));
      assert.match(String(answer.headers['etag']), /^"[A-Za-z0-9_-]+"$/);
      assert.equal(answer.headers['access-control-allow-origin'], '*');
      return true;
    case 'POST /v1/subject-exports': {
      const made = json(answer) as { exportId: string; empty: boolean; counts: { calls: number } };
      assert.match(made.exportId, /^art_/);
      // acme holds the fixture call of this subject; globex holds nothing under that id.
      assert.deepEqual([made.empty, made.counts.calls], caller.tenant === 'acme' ? [false, 1] : [true, 0]);
      return true;
    }
    case 'GET /v1/subject-exports': {
      const ids = (json(answer)['exports'] as { exportId: string }[]).map((e) => e.exportId);
      assert.equal(ids.includes(t.exportId), caller.tenant === 'acme');
      return true;
    }
    case 'GET /v1/erasures': {
      const erasures = json(answer)['erasures'] as { erasureId: string; completedAt: string | null }[];
      assert.equal(erasures.some((e) => e.erasureId === t.erasureId && e.completedAt !== null), caller.tenant === 'acme');
      return true;
    }
    case 'GET /v1/subject-exports/:id': {
      assert.equal(answer.headers['content-type'], 'application/octet-stream');
      const files = await unpack(await decryptExport(answer.body, { identity: t.exportIdentity }));
      const call = fx.tenants.acme.call;
      assert.ok(files.get(`calls/${call.id}/transcript.json`)?.equals(call.transcript), 'the redacted transcript');
      assert.ok(!Buffer.concat([...files.values()]).toString('latin1').includes('4111 1111'), 'unredacted content in an export');
      return true;
    }
    case 'POST /v1/calls/stream-tokens':
    case 'POST /v1/calls/stream-tokens (tenant: acme)': {
      const minted = json(answer) as { token: string; mediaUrl: string; expiresAt: string };
      assert.match(minted.token, /^sotto_m_[A-Za-z0-9_-]{43}$/);
      assert.match(minted.mediaUrl, /^wss:\/\/127\.0\.0\.1:\d+\//);
      assert.ok(minted.mediaUrl.endsWith(`/${minted.token}`));
      assert.ok(Date.parse(minted.expiresAt) <= Date.now() + 61_000, 'the asked ttl of 60 s');
      return true;
    }
    case 'GET /v1/posture': {
      const report = json(answer) as { tenantId: string; items: unknown[] };
      assert.equal(report.tenantId, caller.tenant);
      assert.ok(report.items.length > 0);
      return true;
    }
    case 'GET /v1/calls/:id/live':
      assert.match(String(answer.headers['content-type']), /^text\/event-stream/);
      assert.equal(answer.text, `event: ended\ndata: ${JSON.stringify({ type: 'ended', status: 'completed' })}\n\n`);
      return true;
    default:
      return false;
  }
}
