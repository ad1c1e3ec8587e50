// Signing in and out over HTTPS: password + TOTP, no account enumeration, login rate limiting
// (audited without the email), logout and logout everywhere, people and API tokens created
// through the API, and the role ceiling on who may hand out which role.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { URI, type TOTP } from 'otpauth';
import type { AuditEntry } from '../../../src/audit/entry.js';
import { createPerson, FIXTURE_PASSWORD, startApiFixture, type ApiAnswer, type ApiRequest, type Person } from '../../support/api-fixture.js';
import { assertErrorAnswer, assertNoSecrets } from './assertions.js';

const fx = await startApiFixture();
after(() => fx.close());
const acme = fx.tenants.acme;

async function audited(path: string, options: ApiRequest = {}): Promise<{ answer: ApiAnswer; entries: AuditEntry[] }> {
  const mark = await fx.auditMark();
  const answer = await fx.request(path, options);
  const entries = (await fx.auditSince(mark)).map(({ entry }) => entry).filter((entry) => entry.requestId === answer.headers['x-request-id']);
  for (const entry of entries) assertNoSecrets(JSON.stringify(entry), fx, options.token, { allowEmails: false });
  return { answer, entries };
}

const signIn = (person: Person, extra: { password?: string; totp?: string }): Promise<{ answer: ApiAnswer; entries: AuditEntry[] }> =>
  audited('/v1/sessions', { method: 'POST', json: { tenant: person.tenant, email: person.email, password: extra.password ?? person.password, ...(extra.totp ? { totp: extra.totp } : {}) } });

describe('when a person signs in', () => {
  it('gets a session token once (201), and the audit entry names them by id, not by email', async () => {
    const person = await createPerson(fx.runtime, 'acme', 'supervisor', 'signs-in');
    const mark = await fx.auditMark();
    const token = await fx.login(person);
    assert.match(token, /^sotto_s_[A-Za-z0-9_-]{43}$/);
    const [entry] = (await fx.auditSince(mark)).map((e) => e.entry);
    assert.equal(entry?.action, 'session.login');
    assert.equal(entry?.outcome, 'allowed');
    assert.equal(entry?.principal.id, person.id);
    assertNoSecrets(JSON.stringify(entry), fx, token, { allowEmails: false });
    const me = await fx.request('/v1/me', { token });
    assert.equal(JSON.parse(me.text).id, person.id);
  });

  it('needs the TOTP code: MFA_REQUIRED without one, AUTH_INVALID with a wrong one, both audited as anonymous', async () => {
    const person = await createPerson(fx.runtime, 'acme', 'analyst', 'second-factor');
    const without = await signIn(person, {});
    assert.equal(without.answer.status, 401);
    assertErrorAnswer(without.answer, 'MFA_REQUIRED');
    const code = person.totp.generate();
    const wrong = await signIn(person, { totp: String((Number(code) + 500_000) % 1_000_000).padStart(6, '0') });
    assertErrorAnswer(wrong.answer, 'AUTH_INVALID');
    for (const { entries } of [without, wrong]) {
      assert.equal(entries.length, 1);
      assert.deepEqual(
        { id: entries[0]?.principal.id, action: entries[0]?.action, outcome: entries[0]?.outcome, resource: entries[0]?.resource },
        { id: 'anonymous', action: 'session.login', outcome: 'denied', resource: { type: 'user', id: null, tenantId: 'acme' } },
      );
    }
  });

  it('cannot tell an unknown email from a wrong password (byte-identical 401s)', async () => {
    const person = await createPerson(fx.runtime, 'acme', 'analyst', 'enumeration');
    const wrongPassword = await signIn(person, { password: 'not the password at all, no', totp: '123456' });
    const unknown = await signIn({ ...person, email: 'nobody.here@example.com' }, { totp: '123456' });
    assert.equal(wrongPassword.answer.status, 401);
    assert.equal(unknown.answer.status, 401);
    assert.ok(unknown.answer.body.equals(wrongPassword.answer.body));
  });

  it('is rate limited after 5 wrong passwords (429 RATE_LIMITED, even with the right one), every attempt audited without the email', async () => {
    const person = await createPerson(fx.runtime, 'acme', 'auditor', 'rate-limited');
    const attempts: { answer: ApiAnswer; entries: AuditEntry[] }[] = [];
    for (let i = 0; i < 6; i++) attempts.push(await signIn(person, { password: `wrong password number ${i}` }));
    assert.deepEqual(attempts.map((a) => a.answer.status), [401, 401, 401, 401, 401, 429]);
    assertErrorAnswer(attempts[5]?.answer as ApiAnswer, 'RATE_LIMITED');
    const right = await signIn(person, { totp: person.totp.generate() });
    assert.equal(right.answer.status, 429);
    for (const { entries } of [...attempts, right]) {
      assert.equal(entries.length, 1);
      assert.equal(entries[0]?.principal.id, 'anonymous');
      assert.equal(entries[0]?.outcome, 'denied');
      assert.ok(!JSON.stringify(entries).includes('rate-limited') && !JSON.stringify(entries).includes('wrong password'));
    }
    assert.deepEqual([...attempts, right].map(({ entries }) => entries[0]?.reason), [...Array(5).fill('AUTH_INVALID'), 'RATE_LIMITED', 'RATE_LIMITED']);
  });
});

describe('when a person signs out', () => {
  it('ends only that session: its token is then 401, another session of theirs still works', async () => {
    const person = await createPerson(fx.runtime, 'acme', 'supervisor', 'signs-out');
    const first = await fx.login(person);
    const second = await fx.login(person);
    const { answer, entries } = await audited('/v1/sessions/current', { method: 'DELETE', token: first });
    assert.equal(answer.status, 204);
    assert.ok(entries.some((e) => e.action === 'session.logout' && e.outcome === 'allowed' && e.principal.id === person.id));
    const ended = await fx.request('/v1/me', { token: first });
    assert.equal(ended.status, 401);
    assertErrorAnswer(ended, 'AUTH_INVALID');
    assert.equal((await fx.request('/v1/me', { token: second })).status, 200);
  });

  it('everywhere: every session of theirs is 401 afterwards', async () => {
    const person = await createPerson(fx.runtime, 'acme', 'analyst', 'signs-out-everywhere');
    const first = await fx.login(person);
    const second = await fx.login(person);
    const { answer, entries } = await audited('/v1/sessions', { method: 'DELETE', token: second });
    assert.equal(answer.status, 204);
    assert.ok(entries.some((e) => e.action === 'session.logout_all' && e.reason === 'revoked 2'));
    for (const token of [first, second]) assert.equal((await fx.request('/v1/me', { token })).status, 401);
    // Other people's sessions are untouched.
    assert.equal((await fx.request('/v1/me', { token: acme.users.analyst.session })).status, 200);
  });
});

describe('when an owner creates people and API tokens through the API', () => {
  it('returns a generated password and TOTP URI once, and the new person can sign in with them', async () => {
    const email = 'new.colleague.acme@example.com';
    const created = await audited('/v1/users', { method: 'POST', token: acme.users.owner.session, json: { email, role: 'supervisor' } });
    assert.equal(created.answer.status, 201, created.answer.text);
    const body = JSON.parse(created.answer.text) as { user: { id: string }; generatedPassword: string; totpUri: string };
    assert.ok(created.entries.some((e) => e.action === 'user.create' && e.resource.id === body.user.id));
    assert.ok(!JSON.stringify(created.entries).includes(body.generatedPassword));
    const person: Person = { id: body.user.id, tenant: 'acme', role: 'supervisor', email, password: body.generatedPassword, totp: URI.parse(body.totpUri) as TOTP };
    const session = await fx.login(person);
    assert.equal((await fx.request(`/v1/calls/${acme.call.id}/recording`, { token: session, headers: { range: 'bytes=0-3' } })).status, 206);
  });

  it('issues an API token that works until it is revoked, then is 401', async () => {
    const created = await fx.request('/v1/tokens', { method: 'POST', token: acme.users.owner.session, json: { role: 'analyst', name: 'reporting job' } });
    assert.equal(created.status, 201);
    const { id, token } = JSON.parse(created.text) as { id: string; token: string };
    assert.equal((await fx.request(`/v1/calls/${acme.call.id}/transcript`, { token })).status, 200);
    assert.equal((await fx.request(`/v1/calls/${acme.call.id}/recording`, { token })).status, 403);
    const revoked = await audited(`/v1/tokens/${id}`, { method: 'DELETE', token: acme.users.admin.session });
    assert.equal(revoked.answer.status, 204);
    assert.ok(revoked.entries.some((e) => e.action === 'api_token.revoke' && e.resource.id === id));
    assertErrorAnswer(await fx.request('/v1/me', { token }), 'AUTH_INVALID');
  });

  it('does not let globex revoke an acme token (404, and the token still works)', async () => {
    const made = await fx.runtime.identity.apiTokens.create({ tenantId: 'acme', role: 'auditor', name: 'survivor' });
    const attempt = await fx.request(`/v1/tokens/${made.id}`, { method: 'DELETE', token: fx.tenants.globex.users.owner.session });
    assert.equal(attempt.status, 404);
    assertErrorAnswer(attempt, 'NOT_FOUND');
    assert.equal((await fx.request('/v1/me', { token: made.token })).status, 200);
  });

  for (const [path, body, action] of [
    ['/v1/users', { email: 'would.be.owner@example.com', role: 'owner' }, 'user.create'],
    ['/v1/tokens', { role: 'owner' }, 'api_token.create'],
    // security-review finding: an admin (no content access) must not mint a content role either
    ['/v1/users', { email: 'would.be.co@example.com', role: 'compliance_officer' }, 'user.create'],
    ['/v1/tokens', { role: 'compliance_officer' }, 'api_token.create'],
    ['/v1/tokens', { role: 'supervisor' }, 'api_token.create'],
  ] as const) {
    it(`refuses an admin handing out the ${body.role} role at ${path} (403), and audits the refusal`, async () => {
      const { answer, entries } = await audited(path, { method: 'POST', token: acme.users.admin.session, json: body });
      assert.equal(answer.status, 403);
      assertErrorAnswer(answer, 'ACCESS_DENIED');
      assert.ok(entries.some((e) => e.action === action && e.outcome === 'denied'), JSON.stringify(entries));
      assert.ok(!entries.some((e) => e.action === action && e.outcome === 'allowed'));
    });
  }

  it('never stores the fixture password in the audit log', async () => {
    const all = JSON.stringify(await fx.auditSince(0));
    assert.ok(!all.includes(FIXTURE_PASSWORD));
    await fx.runtime.audit.verify();
  });
});
