// The subprocessor endpoints through a real HTTPS server (test/support/api-fixture.ts): the
// public transparency listing (no token, no tenant data, cacheable) and the tenant policy
// (subprocessors.manage, the principal's own tenant only). The listing reflects the deployment
// configuration, which this test changes in place on the running fixture (the registry reads
// it on every request) to give the deployment outside providers.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { startApiFixture } from '../support/api-fixture.js';
import { assertErrorAnswer, assertNoSecrets } from './api/assertions.js';

const fx = await startApiFixture();
after(() => fx.close());
const { acme, globex } = fx.tenants;
const config = fx.runtime.config;
config.calls.asr = { provider: 'deepgram' };
config.calls.llm = { baseUrl: 'https://models.example.com/v1', model: 'm' };
config.subprocessors.declarations.deepgram = {
  legalEntity: 'Deepgram, Inc.',
  purpose: 'speech recognition',
  certifications: ['soc2_type2', 'pci_dss'],
  regions: ['local'],
  dataCategories: ['audio'],
};

const POLICY = { healthDataRequires: [], cardDataRequires: ['pci_dss'], sameRegionOnly: true, allowedProviders: ['deepgram'] };
const policyOf = async (token: string): Promise<{ source: string; policy: typeof POLICY; providers: { name: string; allowed: boolean; rule: string | null }[] }> => {
  const answer = await fx.request('/v1/subprocessors/policy', { token });
  assert.equal(answer.status, 200, answer.text);
  return JSON.parse(answer.text) as never;
};

describe('GET /transparency/subprocessors without a token', () => {
  it('lists the outside providers with their declarations, an undeclared one as such, and what runs on the host', async () => {
    const answer = await fx.request('/transparency/subprocessors');
    assert.equal(answer.status, 200, answer.text);
    const body = JSON.parse(answer.text) as { subprocessors: { name: string; status: string; legalEntity: string | null; certifications: string[] }[]; processedOnHost: string[] };
    assert.deepEqual(body.subprocessors.map((s) => [s.name, s.status, s.legalEntity]), [
      ['deepgram', 'declared', 'Deepgram, Inc.'],
      ['models.example.com', 'undeclared', null],
    ]);
    assert.deepEqual(body.subprocessors[0]?.certifications, ['soc2_type2', 'pci_dss']);
    assert.deepEqual(body.processedOnHost, ['tts', 'storage', 'key_management']);
  });

  it('is cacheable and readable from another origin, and holds no tenant data', async () => {
    const answer = await fx.request('/transparency/subprocessors');
    assert.equal(answer.headers['cache-control'], 'public, max-age=300');
    assert.equal(answer.headers['access-control-allow-origin'], '*');
    assert.match(String(answer.headers.etag), /^"[A-Za-z0-9_-]{22}"$/);
    for (const tenant of ['acme', 'globex']) assert.equal(answer.text.includes(tenant), false);
    assertNoSecrets(answer.text, fx, undefined, { allowEmails: false });
  });

  it('answers 304 with no body to a matching If-None-Match', async () => {
    const first = await fx.request('/transparency/subprocessors');
    const again = await fx.request('/transparency/subprocessors', { headers: { 'if-none-match': String(first.headers.etag) } });
    assert.equal(again.status, 304);
    assert.equal(again.text, '');
  });
});

describe('the tenant policy at /v1/subprocessors/policy', () => {
  it('without a token: 401 AUTH_REQUIRED', async () => {
    assertErrorAnswer(await fx.request('/v1/subprocessors/policy'), 'AUTH_REQUIRED');
  });

  it('the owner reads the default and sees which providers it refuses and why', async () => {
    const view = await policyOf(acme.users.owner.session);
    assert.equal(view.source, 'default');
    const byName = new Map(view.providers.map((p) => [p.name, p]));
    assert.equal(byName.get('deepgram')?.rule, 'health_certification');
    assert.equal(byName.get('models.example.com')?.rule, 'undeclared');
    assert.equal(byName.get('flite')?.allowed, true);
  });

  it('the compliance officer replaces it; the owner reads it back; the change is audited without personal data', async () => {
    const mark = await fx.auditMark();
    const put = await fx.request('/v1/subprocessors/policy', { method: 'PUT', token: acme.users.compliance_officer.session, json: POLICY });
    assert.equal(put.status, 200, put.text);
    const view = await policyOf(acme.users.owner.session);
    assert.equal(view.source, 'tenant');
    assert.deepEqual(view.policy, POLICY);
    assert.equal(view.providers.find((p) => p.name === 'deepgram')?.allowed, true);
    const entries = (await fx.auditSince(mark)).map((e) => e.entry);
    const change = entries.find((e) => e.action === 'subprocessors.policy.set');
    assert.ok(change, JSON.stringify(entries));
    assert.equal(change.resource?.tenantId, 'acme');
    for (const e of entries) assertNoSecrets(JSON.stringify(e), fx, acme.users.compliance_officer.session, { allowEmails: false });
  });

  it('another tenant’s owner reads and writes only its own policy: acme’s is untouched', async () => {
    assert.equal((await policyOf(globex.users.owner.session)).source, 'default');
    const put = await fx.request('/v1/subprocessors/policy', { method: 'PUT', token: globex.users.owner.session, json: { ...POLICY, sameRegionOnly: false } });
    assert.equal(put.status, 200, put.text);
    assert.equal((await policyOf(acme.users.owner.session)).policy.sameRegionOnly, true);
    assert.equal((await policyOf(globex.users.owner.session)).policy.sameRegionOnly, false);
  });

  it('a role without subprocessors.manage is refused both ways, and nothing changes', async () => {
    for (const role of ['developer', 'supervisor'] as const) {
      assertErrorAnswer(await fx.request('/v1/subprocessors/policy', { token: acme.users[role].session }), 'ACCESS_DENIED');
      assertErrorAnswer(await fx.request('/v1/subprocessors/policy', { method: 'PUT', token: acme.users[role].session, json: { ...POLICY, allowedProviders: null } }), 'ACCESS_DENIED');
    }
    assert.deepEqual((await policyOf(acme.users.owner.session)).policy.allowedProviders, ['deepgram']);
  });

  for (const [what, json] of [
    ['an unknown certification', { ...POLICY, healthDataRequires: ['hipaa'] }],
    ['an unknown field', { ...POLICY, region: 'us-east' }],
    ['a missing field', { healthDataRequires: [], cardDataRequires: [], sameRegionOnly: true }],
    ['a malformed provider name', { ...POLICY, allowedProviders: ['<script>'] }],
  ] as const) {
    it(`a PUT with ${what}: 400 SUBPROCESSOR_POLICY_INVALID, the policy unchanged`, async () => {
      assertErrorAnswer(await fx.request('/v1/subprocessors/policy', { method: 'PUT', token: acme.users.owner.session, json }), 'SUBPROCESSOR_POLICY_INVALID');
      assert.deepEqual((await policyOf(acme.users.owner.session)).policy, POLICY);
    });
  }

  it('a PUT with a body that is not JSON: 400, the policy unchanged', async () => {
    const answer = await fx.request('/v1/subprocessors/policy', { method: 'PUT', token: acme.users.owner.session, body: '{"healthDataRequires":', headers: { 'content-type': 'application/json' } });
    assert.equal(answer.status, 400);
    assert.deepEqual((await policyOf(acme.users.owner.session)).policy, POLICY);
  });
});
