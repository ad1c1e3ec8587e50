// Regression tests for the security review's invariant-5 findings (DESIGN.md: personal data
// never enters the audit log) and for break-glass grants that could not be recorded.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { AuditEntry } from '../../../src/audit/entry.js';
import { startApiFixture, type ApiAnswer, type ApiRequest } from '../../support/api-fixture.js';

const fx = await startApiFixture();
after(() => fx.close());
const owner = fx.tenants.acme.users.owner;
const officer = fx.tenants.acme.users.compliance_officer;
const EMAIL = 'jane.doe@example.com';

async function audited(path: string, options: ApiRequest = {}): Promise<{ answer: ApiAnswer; entries: AuditEntry[] }> {
  const mark = await fx.auditMark();
  const answer = await fx.request(path, options);
  const entries = (await fx.auditSince(mark)).map(({ entry }) => entry).filter((entry) => entry.requestId === answer.headers['x-request-id']);
  return { answer, entries };
}

describe('invariant 5: text a user typed where an id belongs stays out of the audit log', () => {
  it('a sign-in with an email in the tenant field is audited with no tenant', async () => {
    const { answer, entries } = await audited('/v1/sessions', { method: 'POST', json: { tenant: EMAIL, email: EMAIL, password: 'not the password at all' } });
    assert.equal(answer.status, 401);
    assert.ok(entries.length > 0);
    assert.ok(entries.every((e) => e.resource.tenantId === null));
    assert.doesNotMatch(JSON.stringify(entries), /jane\.doe/);
  });

  for (const path of [`/v1/tokens/${encodeURIComponent(EMAIL)}`, `/v1/break-glass/${encodeURIComponent(EMAIL)}`]) {
    it(`DELETE ${path.replace(/%40.*/, '…')} with an email for an id is audited as (malformed)`, async () => {
      const { entries } = await audited(path, { method: 'DELETE', token: owner.session });
      assert.ok(entries.length > 0);
      assert.ok(entries.some((e) => e.resource.id === '(malformed)'));
      assert.doesNotMatch(JSON.stringify(entries), /jane\.doe/);
    });
  }
});

describe('when a break-glass grant cannot be recorded in the audit log', () => {
  it('refuses with AUDIT_WRITE_FAILED and leaves no usable grant (fail closed)', async () => {
    const audit = fx.runtime.audit;
    const append = audit.append.bind(audit);
    // Replaces the real append for this one action only: an audit store failing at that moment.
    audit.append = (entry) => (entry.action === 'break_glass.open' && entry.outcome === 'allowed' ? Promise.reject(new Error('disk full')) : append(entry));
    let answer: ApiAnswer;
    try {
      answer = await fx.request('/v1/break-glass', { method: 'POST', token: officer.session, json: { reason: 'customer disputes a payment, ticket 4471' } });
    } finally {
      audit.append = append;
    }
    assert.equal(answer.status, 503);
    const principal = { id: officer.id, kind: 'user' as const, tenantId: 'acme', roles: ['compliance_officer'] };
    assert.equal(await fx.runtime.breakGlass.active(principal, 'transcript.view_unredacted', 'acme', null, new Date()), undefined);
  });
});
