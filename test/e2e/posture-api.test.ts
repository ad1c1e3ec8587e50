// GET /v1/posture over the real HTTPS API: the tenant's own report for those who audit it,
// recorded in the audit log; refused, and recorded, for everyone else.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { PostureReport } from '../../src/posture/index.js';
import { startApiFixture } from '../support/api-fixture.js';

const fx = await startApiFixture();
after(() => fx.close());
const acme = fx.tenants.acme;

void describe('GET /v1/posture', () => {
  void it('gives an auditor the report of their own tenant only, and records the read', async () => {
    const mark = await fx.auditMark();
    const answer = await fx.request('/v1/posture', { token: acme.users.auditor.session });
    assert.equal(answer.status, 200, answer.text);
    const report = JSON.parse(answer.text) as PostureReport;
    assert.equal(report.tenantId, 'acme');
    const atRest = report.items.find((i) => i.id === 'encryption_at_rest');
    assert.deepEqual((atRest?.evidence.tenants as { tenant: string }[]).map((t) => t.tenant), ['acme']);
    assert.ok(!answer.text.includes('globex'), 'nothing about the other tenant');
    const entries = await fx.auditSince(mark);
    assert.ok(entries.some(({ entry }) => entry.action === 'audit.read' && entry.outcome === 'allowed' && entry.resource.tenantId === 'acme'));
  });

  void it('refuses a supervisor (no audit.read) and records the denial', async () => {
    const mark = await fx.auditMark();
    const answer = await fx.request('/v1/posture', { token: acme.users.supervisor.session });
    assert.equal(answer.status, 403, answer.text);
    const entries = await fx.auditSince(mark);
    assert.ok(entries.some(({ entry }) => entry.action === 'audit.read' && entry.outcome === 'denied'));
  });

  void it('refuses a request without credentials', async () => {
    const answer = await fx.request('/v1/posture');
    assert.equal(answer.status, 401);
  });
});
