// The console's session cookie and CSRF rules, over real HTTPS (docs/console.md): the cookie is
// HttpOnly, Secure, SameSite=Strict, __Host-; a change it authorizes must carry our own Origin;
// a forged or doubled cookie is refused; every refusal is audited like any failed authentication.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SESSION_COOKIE } from '../../src/server/console-session.js';
import { startConsoleFixture, type ConsoleFixture } from './console/console-fixture.js';
import type { Role } from '../../src/access/index.js';
import { createPerson, type Person } from '../support/api-fixture.js';

let fx: ConsoleFixture;
let origin: string;

before(async () => {
  fx = await startConsoleFixture();
  origin = fx.url;
});
after(async () => fx.close());

function errorCode(text: string): string | undefined {
  return (JSON.parse(text) as { error?: { code?: string } }).error?.code;
}

let people = 0;
/**
 * Signs a new person of this role in as the console does; returns the cookie pair to send back
 * (`name=value`). A new person each time: TOTP codes are single-use per 30 s step.
 */
async function cookieLogin(role: Role): Promise<string> {
  const person: Person = await createPerson(fx.runtime, 'acme', role, `${role}-cookie-${++people}`);
  const answer = await fx.request('/v1/sessions', {
    method: 'POST',
    headers: { origin },
    json: { tenant: person.tenant, email: person.email, password: person.password, totp: await fx.totp(person), cookie: true },
  });
  assert.equal(answer.status, 201, answer.text);
  const setCookie = answer.headers['set-cookie']?.[0] ?? '';
  return setCookie.split(';')[0] ?? '';
}

describe('when the console signs in with {"cookie": true}', () => {
  it('sets an HttpOnly, Secure, SameSite=Strict __Host- cookie and returns no token to the page', async () => {
    const answer = await fx.request('/v1/sessions', {
      method: 'POST',
      headers: { origin },
      json: { tenant: 'acme', email: fx.people.supervisor.email, password: fx.people.supervisor.password, totp: await fx.totp(fx.people.supervisor), cookie: true },
    });
    assert.equal(answer.status, 201);
    const body = JSON.parse(answer.text) as Record<string, unknown>;
    assert.equal(body['token'], undefined);
    assert.equal(typeof body['expiresAt'], 'string');
    const cookie = answer.headers['set-cookie']?.[0] ?? '';
    assert.match(cookie, new RegExp(`^${SESSION_COOKIE}=sotto_s_[A-Za-z0-9_-]{43}; Max-Age=\\d+; Path=/; Secure; HttpOnly; SameSite=Strict$`));
    const me = await fx.request('/v1/me', { headers: { cookie: cookie.split(';')[0] ?? '' } });
    assert.equal(me.status, 200);
    assert.equal((JSON.parse(me.text) as { id: string }).id, fx.people.supervisor.id);
  });

  it('refuses a cookie login from another origin with CSRF_ORIGIN_MISMATCH, audited, and sets no cookie', async () => {
    const mark = await fx.auditMark();
    const answer = await fx.request('/v1/sessions', {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
      json: { tenant: 'acme', email: fx.people.analyst.email, password: fx.people.analyst.password, totp: '000000', cookie: true },
    });
    assert.equal(answer.status, 403);
    assert.equal(errorCode(answer.text), 'CSRF_ORIGIN_MISMATCH');
    assert.equal(answer.headers['set-cookie'], undefined);
    const entries = (await fx.auditSince(mark)).map((e) => e.entry);
    assert.ok(entries.some((e) => e.action === 'session.login' && e.outcome === 'denied' && e.reason === 'CSRF_ORIGIN_MISMATCH'));
  });
});

describe('when a request is authenticated by the session cookie', () => {
  it('lets a GET through without Origin (an <audio> element range request included)', async () => {
    const cookie = await cookieLogin('supervisor');
    const answer = await fx.request(`/v1/calls/${fx.callId}/recording`, { headers: { cookie, range: 'bytes=0-99' } });
    assert.equal(answer.status, 206);
    assert.match(String(answer.headers['content-range']), /^bytes 0-99\/\d+$/);
  });

  it('refuses a state change without Origin or from another origin (CSRF), audited, and the session survives', async () => {
    const cookie = await cookieLogin('supervisor');
    for (const headers of [{ cookie }, { cookie, origin: 'https://evil.example' }, { cookie, origin: 'null' }] as Record<string, string>[]) {
      const mark = await fx.auditMark();
      const answer = await fx.request('/v1/sessions', { method: 'DELETE', headers });
      assert.equal(answer.status, 403);
      assert.equal(errorCode(answer.text), 'CSRF_ORIGIN_MISMATCH');
      const entries = (await fx.auditSince(mark)).map((e) => e.entry);
      assert.ok(entries.some((e) => e.action === 'session.authenticate' && e.outcome === 'denied' && e.reason === 'CSRF_ORIGIN_MISMATCH'));
    }
    assert.equal((await fx.request('/v1/me', { headers: { cookie } })).status, 200);
  });

  it('signs out with our own Origin: the cookie is cleared and the session no longer works', async () => {
    const cookie = await cookieLogin('supervisor');
    const answer = await fx.request('/v1/sessions/current', { method: 'DELETE', headers: { cookie, origin } });
    assert.equal(answer.status, 204);
    assert.match(answer.headers['set-cookie']?.[0] ?? '', new RegExp(`^${SESSION_COOKIE}=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Strict$`));
    assert.equal((await fx.request('/v1/me', { headers: { cookie } })).status, 401);
  });

  it('refuses a forged, malformed or doubled cookie with AUTH_INVALID, audited as a failed authentication', async () => {
    const good = await cookieLogin('analyst');
    const forged = `${SESSION_COOKIE}=sotto_s_${'A'.repeat(43)}`;
    for (const cookie of [forged, `${SESSION_COOKIE}=not a token"`, `${good}; ${forged}`]) {
      const mark = await fx.auditMark();
      const answer = await fx.request('/v1/me', { headers: { cookie } });
      assert.equal(answer.status, 401, cookie);
      assert.equal(errorCode(answer.text), 'AUTH_INVALID');
      const entries = (await fx.auditSince(mark)).map((e) => e.entry);
      assert.ok(entries.some((e) => e.action === 'session.authenticate' && e.outcome === 'denied'));
    }
  });

  it('lets the Authorization header win: a bad bearer with a good cookie is refused', async () => {
    const cookie = await cookieLogin('analyst');
    const answer = await fx.request('/v1/me', { headers: { cookie, authorization: `Bearer sotto_s_${'B'.repeat(43)}` } });
    assert.equal(answer.status, 401);
  });

  it('gives an analyst no recording and no unredacted transcript, whatever the request (403, audited)', async () => {
    const cookie = await cookieLogin('analyst');
    for (const path of [`/v1/calls/${fx.callId}/recording`, `/v1/calls/${fx.callId}/transcript?view=unredacted`]) {
      const mark = await fx.auditMark();
      const answer = await fx.request(path, { headers: { cookie, range: 'bytes=0-' } });
      assert.equal(answer.status, 403, path);
      const entries = (await fx.auditSince(mark)).map((e) => e.entry);
      assert.ok(entries.some((e) => e.outcome === 'denied' && e.principal.roles.includes('analyst')), path);
    }
    const me = JSON.parse((await fx.request('/v1/me', { headers: { cookie } })).text) as { permissions: string[] };
    assert.deepEqual(me.permissions, ['call.view', 'transcript.view']);
  });
});
