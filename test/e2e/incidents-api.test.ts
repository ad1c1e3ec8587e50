// The incident register over the real HTTPS API: incident.manage only (owner, compliance
// officer), another tenant's incident answers exactly like a missing one, impact from the
// audit log, notifications marked sent, and no title or summary text in the audit log.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApiFixture, type ApiFixture } from '../support/api-fixture.js';

const TITLE = 'Supervisor account of Alice Example misused';
const SUMMARY = 'Alice Example reported calls exported without reason';

describe('the incidents API', () => {
  let fx: ApiFixture;
  let id = '';
  const officer = () => fx.tenants.acme.users.compliance_officer.session;
  const body = () => {
    const now = Date.now();
    return {
      title: TITLE,
      summary: SUMMARY,
      severity: 'high',
      detectedAt: new Date(now).toISOString(),
      windowStart: new Date(now - 24 * 3_600_000).toISOString(),
      regimes: ['gdpr', 'pci_dss'],
      affectedIndividuals: 3,
    };
  };

  before(async () => {
    fx = await startApiFixture();
    // Something to find: the acme supervisor listens to the stored call's recording.
    const call = fx.tenants.acme.call;
    const listened = await fx.request(`/v1/calls/${call.id}/recording`, { token: fx.tenants.acme.users.supervisor.session });
    assert.equal(listened.status, 200);
  });
  after(() => fx?.close());

  it('a compliance officer opens an incident (201) with its GDPR 72-hour deadline', async () => {
    const opened = await fx.request('/v1/incidents', { method: 'POST', token: officer(), json: body() });
    assert.equal(opened.status, 201, opened.text);
    const incident = JSON.parse(opened.text) as { id: string; tenantId: string; notifications: { regime: string; recipient: string; due: string | null; status: string }[]; detectedAt: string };
    id = incident.id;
    assert.equal(incident.tenantId, 'acme');
    const authority = incident.notifications.find((n) => n.regime === 'gdpr' && n.recipient === 'authority');
    assert.equal(authority?.due, new Date(Date.parse(incident.detectedAt) + 72 * 3_600_000).toISOString());
    assert.equal(authority?.status, 'pending');
  });

  it('an analyst and a supervisor are refused (403)', async () => {
    for (const role of ['analyst', 'supervisor'] as const) {
      const answer = await fx.request('/v1/incidents', { method: 'POST', token: fx.tenants.acme.users[role].session, json: body() });
      assert.equal(answer.status, 403, `${role}: ${answer.text}`);
      assert.equal((await fx.request(`/v1/incidents/${id}`, { token: fx.tenants.acme.users[role].session })).status, 403);
    }
  });

  it('another tenant’s officer gets exactly the answer a missing id gets', async () => {
    const globex = fx.tenants.globex.users.compliance_officer.session;
    const foreign = await fx.request(`/v1/incidents/${id}`, { token: globex });
    const missing = await fx.request('/v1/incidents/inc_AAAAAAAAAAAAAAAAAAAAAA', { token: globex });
    assert.equal(foreign.status, 404);
    assert.equal(foreign.text, missing.text);
    for (const path of [`/v1/incidents/${id}/impact`, `/v1/incidents/${id}/close`]) {
      const answer = await fx.request(path, { method: path.endsWith('close') ? 'POST' : 'GET', token: globex });
      assert.equal(answer.status, 404);
    }
    const list = JSON.parse((await fx.request('/v1/incidents', { token: globex })).text) as { incidents: unknown[] };
    assert.deepEqual(list.incidents, []);
  });

  it('impact names the call the supervisor listened to, the subject only as a keyed hash', async () => {
    const answer = await fx.request(`/v1/incidents/${id}/impact`, { token: officer() });
    assert.equal(answer.status, 200, answer.text);
    const impact = JSON.parse(answer.text) as { calls: string[]; subjects: string[]; principals: { id: string }[] };
    assert.ok(impact.calls.includes(fx.tenants.acme.call.id));
    assert.ok(impact.subjects.length >= 1);
    assert.ok(!answer.text.includes(fx.tenants.acme.call.subjectId));
    assert.ok(impact.principals.some((p) => p.id === fx.tenants.acme.users.supervisor.id));
  });

  it('update, notify, close: each an audited change; malformed input is a 400 that changes nothing', async () => {
    const patched = await fx.request(`/v1/incidents/${id}`, { method: 'PATCH', token: officer(), json: { status: 'contained' } });
    assert.equal(patched.status, 200, patched.text);
    const bad = await fx.request(`/v1/incidents/${id}`, { method: 'PATCH', token: officer(), json: { windowStart: 'yesterday' } });
    assert.equal(bad.status, 400);
    const notified = await fx.request(`/v1/incidents/${id}/notifications`, { method: 'POST', token: officer(), json: { regime: 'gdpr', recipient: 'authority' } });
    assert.equal(notified.status, 200, notified.text);
    const closed = await fx.request(`/v1/incidents/${id}/close`, { method: 'POST', token: officer() });
    assert.equal((JSON.parse(closed.text) as { status: string }).status, 'closed');
    assert.equal((await fx.request(`/v1/incidents/${id}/close`, { method: 'POST', token: officer() })).status, 409);
    const shown = JSON.parse((await fx.request(`/v1/incidents/${id}`, { token: officer() })).text) as { status: string; notifications: { recipient: string; status: string }[] };
    assert.equal(shown.status, 'closed');
    assert.equal(shown.notifications.find((n) => n.recipient === 'authority')?.status, 'sent');
  });

  it('the audit log names the incident by id and holds neither its title nor its summary', async () => {
    const entries = await fx.auditSince(0);
    const changes = entries.filter((e) => e.entry.resource.id === id && e.entry.action.startsWith('incident.') && e.entry.action !== 'incident.manage');
    assert.deepEqual(changes.map((e) => e.entry.action), ['incident.open', 'incident.update', 'incident.notify', 'incident.close']);
    assert.doesNotMatch(JSON.stringify(entries), /Alice|Example|misused|without reason/);
  });
});
