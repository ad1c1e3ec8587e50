import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSottoError, SottoError } from '../../errors/index.js';
import { LoginRateLimiter, type LoginAttempt } from './login-limiter.js';

const MINUTE = 60_000;
const rateLimited = (err: unknown) => isSottoError(err, 'RATE_LIMITED');

function limiter(limits: ConstructorParameters<typeof LoginRateLimiter>[0] = {}) {
  let t = 1_000_000;
  const l = new LoginRateLimiter(limits, () => t);
  return { l, advance: (ms: number) => (t += ms) };
}

const ana: LoginAttempt = { tenantId: 'acme', email: 'ana@example.com', source: '203.0.113.7' };
const failWith = (code: 'AUTH_INVALID' | 'MFA_REQUIRED') => () => Promise.reject(new SottoError(code));

void describe('when an account fails to log in five times within 15 minutes', () => {
  void it('refuses the sixth attempt with RATE_LIMITED before trying it', async () => {
    const { l } = limiter();
    for (let i = 0; i < 5; i++) await assert.rejects(l.guard(ana, failWith('AUTH_INVALID')), (e: unknown) => isSottoError(e, 'AUTH_INVALID'));
    let tried = false;
    await assert.rejects(
      l.guard(ana, async () => {
        tried = true;
      }),
      rateLimited,
    );
    assert.equal(tried, false);
  });

  void it('counts the account case-insensitively and from any address', () => {
    const { l } = limiter();
    for (let i = 0; i < 5; i++) l.recordFailure({ ...ana, email: i % 2 ? 'ANA@example.com' : ana.email, source: `198.51.100.${i}` });
    assert.throws(() => l.check({ ...ana, source: '192.0.2.1' }), rateLimited);
  });

  void it('lets the account try again once the oldest failure leaves the window', () => {
    const { l, advance } = limiter();
    l.recordFailure(ana);
    advance(5 * MINUTE);
    for (let i = 0; i < 4; i++) l.recordFailure(ana);
    assert.throws(() => l.check(ana), rateLimited);
    advance(10 * MINUTE + 1);
    l.check(ana);
  });

  void it('does not lock another account or another tenant’s account of the same email', () => {
    const { l } = limiter();
    for (let i = 0; i < 5; i++) l.recordFailure(ana);
    l.check({ ...ana, email: 'bo@example.com', source: '192.0.2.9' });
    l.check({ ...ana, tenantId: 'other', source: '192.0.2.9' });
  });
});

void describe('when one address fails against many accounts', () => {
  void it('refuses that address after 20 failures, and only that address', () => {
    const { l } = limiter();
    for (let i = 0; i < 20; i++) l.recordFailure({ ...ana, email: `user${i}@example.com` });
    assert.throws(() => l.check({ ...ana, email: 'new@example.com' }), rateLimited);
    l.check({ ...ana, email: 'new@example.com', source: '192.0.2.1' });
  });
});

void describe('when a login succeeds or needs its second factor', () => {
  void it('clears the account’s failures on success', async () => {
    const { l } = limiter();
    for (let i = 0; i < 4; i++) l.recordFailure(ana);
    assert.equal(await l.guard(ana, async () => 'session'), 'session');
    for (let i = 0; i < 4; i++) l.recordFailure(ana);
    l.check(ana);
  });

  void it('does not count MFA_REQUIRED as a failure', async () => {
    const { l } = limiter();
    for (let i = 0; i < 10; i++) await assert.rejects(l.guard(ana, failWith('MFA_REQUIRED')));
    l.check(ana);
  });
});

void describe('when failures come from very many keys', () => {
  void it('keeps at most maxTrackedKeys, forgetting the oldest', () => {
    const { l } = limiter({ maxTrackedKeys: 10, maxFailuresPerAccount: 1 });
    l.recordFailure(ana);
    assert.throws(() => l.check(ana), rateLimited);
    for (let i = 0; i < 20; i++) l.recordFailure({ tenantId: 'acme', email: `u${i}@example.com`, source: `s${i}` });
    l.check(ana);
  });
});

void describe('when many wrong passwords for one account arrive at once (security review)', () => {
  void it('lets at most the limit through to the password check, counting attempts in flight', async () => {
    const { l } = limiter();
    let checked = 0;
    const slowWrong = () =>
      new Promise<never>((_resolve, reject) => {
        checked++;
        setTimeout(() => reject(new SottoError('AUTH_INVALID')), 20);
      });
    const results = await Promise.allSettled(Array.from({ length: 40 }, () => l.guard(ana, slowWrong)));
    assert.equal(checked, 5);
    assert.equal(results.filter((r) => r.status === 'rejected' && rateLimited(r.reason)).length, 35);
  });
});
