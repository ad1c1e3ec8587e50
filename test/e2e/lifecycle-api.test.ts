// Issue 6 through the HTTPS API: retention, legal holds, subject erasure and deletion
// certificates on a real server (test/support/api-fixture.ts). Who may call what is the
// authorization table's job (test/e2e/api/); this file checks what the calls do.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { verifyCertificate } from '../../src/lifecycle/index.js';
import { startApiFixture, type ApiAnswer } from '../support/api-fixture.js';
import { assertErrorAnswer } from './api/assertions.js';

const fx = await startApiFixture();
after(() => fx.close());
const acme = fx.tenants.acme;
const owner = acme.users.owner.session;
const officer = acme.users.compliance_officer.session;
const subject = acme.call.subjectId;
const json = <T>(answer: ApiAnswer): T => JSON.parse(answer.text) as T;

interface Hold {
  id: string;
  scope: string;
  target: string | null;
  note: string | null;
  releasedAt: string | null;
}

interface Erasure {
  erasureId: string;
  alreadyErased: boolean;
  counts: Record<string, number>;
  certificate: { certificate: { erasureId: string; subjectRef: string; counts: Record<string, number> }; signature: unknown };
}

describe('retention periods over the API', () => {
  it('GET shows the defaults; PUT sets one class and is audited with old and new periods', async () => {
    const shown = json<{ retention: Record<string, { days: number; source: string }> }>(await fx.request('/v1/retention', { token: owner }));
    assert.deepEqual([shown.retention['recording']?.days, shown.retention['recording']?.source], [30, 'default']);
    const mark = await fx.auditMark();
    const set = await fx.request('/v1/retention/recording', { method: 'PUT', token: officer, json: { days: 14 } });
    assert.equal(set.status, 200, set.text);
    const body = json<{ previous: { days: number }; current: { days: number; source: string } }>(set);
    assert.deepEqual([body.previous.days, body.current.days, body.current.source], [30, 14, 'tenant']);
    const reasons = (await fx.auditSince(mark)).filter(({ entry }) => entry.action === 'retention.set').map(({ entry }) => entry.reason);
    assert.deepEqual(reasons, ['recording: 30 -> 14 days']);
  });

  for (const [label, path, payload] of [
    ['an unknown data class', '/v1/retention/voicemail', { days: 3 }],
    ['zero days', '/v1/retention/recording', { days: 0 }],
    ['a fraction of a day', '/v1/retention/recording', { days: 1.5 }],
    ['a string of days', '/v1/retention/recording', { days: 'soon' }],
    ['an extra field', '/v1/retention/recording', { days: 3, tenant: 'globex' }],
  ] as const) {
    it(`refuses ${label} with 400 USAGE and changes nothing`, async () => {
      const answer = await fx.request(path, { method: 'PUT', token: owner, json: payload });
      assert.equal(answer.status, 400, answer.text);
      assertErrorAnswer(answer, 'USAGE');
      const shown = json<{ retention: Record<string, { days: number }> }>(await fx.request('/v1/retention', { token: owner }));
      assert.equal(shown.retention['recording']?.days, 14);
    });
  }
});

describe('legal holds and erasure over the API', () => {
  let hold: Hold;
  let erasure: Erasure;

  it('a subject hold takes the identifier in the body and shows only its keyed hash', async () => {
    const answer = await fx.request('/v1/legal-holds', { method: 'POST', token: officer, json: { target: { subject }, note: 'matter 2026-7' } });
    assert.equal(answer.status, 201, answer.text);
    hold = json<Hold>(answer);
    assert.equal(hold.scope, 'subject');
    assert.match(hold.target ?? '', /^[0-9a-f]{64}$/);
    assert.ok(!answer.text.includes(subject));
    const listed = json<{ holds: Hold[] }>(await fx.request('/v1/legal-holds', { token: owner }));
    assert.deepEqual(listed.holds.map((h) => h.id), [hold.id]);
  });

  for (const [label, target] of [
    ['both a subject and a call', { subject: '+1555', callId: 'call_x' }],
    ['an unknown scope', 'everything'],
    ['an empty subject', { subject: '' }],
  ] as const) {
    it(`refuses a hold target of ${label} with 400 USAGE`, async () => {
      const answer = await fx.request('/v1/legal-holds', { method: 'POST', token: officer, json: { target } });
      assert.equal(answer.status, 400, answer.text);
      assertErrorAnswer(answer, 'USAGE');
    });
  }

  it('a held subject is not erased: 409 LEGAL_HOLD_ACTIVE naming the hold, not the subject, and the call stays readable', async () => {
    const answer = await fx.request('/v1/erasures', { method: 'POST', token: officer, json: { subject } });
    assert.equal(answer.status, 409, answer.text);
    assertErrorAnswer(answer, 'LEGAL_HOLD_ACTIVE');
    assert.match(answer.text, new RegExp(hold.id));
    assert.ok(!answer.text.includes(subject));
    const read = await fx.request(`/v1/calls/${acme.call.id}/transcript`, { token: owner });
    assert.equal(read.status, 200);
    assert.ok(read.body.equals(acme.call.transcript));
  });

  it('refuses an erasure body with a field besides the subject (400 USAGE) and erases nothing', async () => {
    const answer = await fx.request('/v1/erasures', { method: 'POST', token: officer, json: { subject, tenantId: 'globex' } });
    assert.equal(answer.status, 400, answer.text);
    assertErrorAnswer(answer, 'USAGE');
  });

  it('refuses the subject in the URL (400 USAGE) and erases nothing', async () => {
    const answer = await fx.request(`/v1/erasures?subject=${encodeURIComponent(subject)}`, { method: 'POST', token: officer, json: { subject } });
    assert.equal(answer.status, 400, answer.text);
    assertErrorAnswer(answer, 'USAGE');
    assert.equal((await fx.request(`/v1/calls/${acme.call.id}`, { token: owner })).status, 200);
  });

  it('after the hold is released, erasure deletes the call and returns a certificate the public endpoint verifies', async () => {
    const released = await fx.request(`/v1/legal-holds/${hold.id}/release`, { method: 'POST', token: owner });
    assert.equal(released.status, 200, released.text);
    assert.notEqual(json<Hold>(released).releasedAt, null);
    const again = await fx.request(`/v1/legal-holds/${hold.id}/release`, { method: 'POST', token: owner });
    assertErrorAnswer(again, 'LEGAL_HOLD_NOT_FOUND');

    const answer = await fx.request('/v1/erasures', { method: 'POST', token: officer, json: { subject } });
    assert.equal(answer.status, 200, answer.text);
    erasure = json<Erasure>(answer);
    assert.equal(erasure.alreadyErased, false);
    assert.deepEqual(erasure.counts, { recording: 1, transcript: 2, export: 0, call_record: 1 });
    assert.ok(!answer.text.includes(subject));
    assert.equal((await fx.request(`/v1/calls/${acme.call.id}`, { token: owner })).status, 404);

    const verified = await fx.request('/deletion-certificates/verify', { method: 'POST', json: { certificate: erasure.certificate } });
    assert.equal(verified.status, 200, verified.text);
    assert.deepEqual(json<{ valid: boolean; erasureId: string }>(verified).valid, true);
    // Offline, with the published key: the same check without the server.
    const { verifierKey } = json<{ verifierKey: string }>(await fx.request('/deletion-certificates/verifier-key'));
    assert.equal(verifyCertificate(JSON.stringify(erasure.certificate), verifierKey).erasureId, erasure.erasureId);
  });

  it('the certificate is fetched again by id, and erasing again returns it (alreadyErased)', async () => {
    const fetched = await fx.request(`/v1/erasures/${erasure.erasureId}/certificate`, { token: owner });
    assert.equal(fetched.status, 200, fetched.text);
    assert.deepEqual(json<Erasure>(fetched).certificate, erasure.certificate);
    const again = json<Erasure>(await fx.request('/v1/erasures', { method: 'POST', token: owner, json: { subject } }));
    assert.deepEqual([again.erasureId, again.alreadyErased], [erasure.erasureId, true]);
  });

  it('an edited certificate answers 422 CERTIFICATE_INVALID, never valid:false', async () => {
    const edited = structuredClone(erasure.certificate);
    edited.certificate.counts['recording'] = 0;
    const answer = await fx.request('/deletion-certificates/verify', { method: 'POST', json: { certificate: edited } });
    assert.equal(answer.status, 422, answer.text);
    assertErrorAnswer(answer, 'CERTIFICATE_INVALID');
    const malformed = await fx.request('/deletion-certificates/verify', { method: 'POST', json: { certificate: { hello: 'world' } } });
    assertErrorAnswer(malformed, 'CERTIFICATE_INVALID');
  });

  it('left the subject id in no log line', () => {
    assert.ok(!fx.logText().includes(subject));
  });
});

describe("a data subject's identifier never goes in a URL", () => {
  it('no operation of /openapi.json has a path or query parameter that could carry one', async () => {
    const doc = json<{ paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> }>(await fx.request('/openapi.json'));
    assert.ok(doc.paths['/v1/erasures'] && doc.paths['/v1/legal-holds'] && doc.paths['/v1/subject-exports'], 'the lifecycle routes are documented');
    for (const [path, operations] of Object.entries(doc.paths)) {
      // Path templates only: a fixed segment such as /v1/subject-exports carries no identifier.
      for (const template of path.match(/\{[^}]*\}|:[^/]+/g) ?? []) assert.doesNotMatch(template, /subject|phone|caller|number/i, path);
      for (const [method, operation] of Object.entries(operations)) {
        for (const p of operation.parameters ?? []) {
          if (p.in === 'path' || p.in === 'query') assert.doesNotMatch(p.name, /subject|phone|caller|number|msisdn/i, `${method} ${path} ${p.name}`);
        }
      }
    }
  });
});
