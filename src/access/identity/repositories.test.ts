// The identity repositories on both metadata-store backends: the same SQL, the same answers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { randomBytes, randomId } from '../../crypto/index.js';
import { isSottoError, type ErrorCode } from '../../errors/index.js';
import type { WrappedKey } from '../../vault/keys/provider.js';
import { SqlApiTokenRepository } from './api-token-repository.js';
import { backends, type IdentityFixture } from './identity-fixture.js';
import type { ApiTokenRecord, SessionRecord, UserRecord } from './records.js';
import { SqlSessionRepository } from './session-repository.js';
import { SqlUserRepository } from './user-repository.js';

const at = (minute: number): string => new Date(Date.UTC(2025, 2, 4, 5, minute, 7, 890)).toISOString();
const code = (expected: ErrorCode) => (err: unknown) => {
  assert.ok(isSottoError(err), `expected ${expected}, got ${String(err)}`);
  assert.equal(err.code, expected);
  return true;
};
const wrapped = (version: number): WrappedKey => ({
  provider: 'local',
  keyId: 'tenant-x',
  version,
  ciphertext: Buffer.concat([Buffer.from([0, 0xff]), randomBytes(46), Buffer.from([0])]),
});
const hashOf = () => randomBytes(32).toString('hex');

for (const backend of await backends()) {
  void describe(`identity repositories on ${backend.name}`, { skip: backend.skip }, () => {
    let f: IdentityFixture;
    let users: SqlUserRepository;
    let sessions: SqlSessionRepository;
    let tokens: SqlApiTokenRepository;

    before(async () => {
      f = await backend.open();
      users = new SqlUserRepository(f.store.sql);
      sessions = new SqlSessionRepository(f.store.sql);
      tokens = new SqlApiTokenRepository(f.store.sql);
    });
    after(async () => f?.close());

    async function newUser(overrides: Partial<UserRecord> = {}): Promise<UserRecord> {
      const user: UserRecord = {
        id: randomId('usr'),
        tenantId: await f.newTenant(),
        email: `${randomBytes(4).toString('hex')}@example.com`,
        role: 'analyst',
        passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
        totpSecret: wrapped(1),
        totpEnabled: true,
        totpLastStep: undefined,
        createdAt: at(1),
        disabledAt: undefined,
        ...overrides,
      };
      await users.create(user);
      return user;
    }

    function sessionOf(user: UserRecord, overrides: Partial<SessionRecord> = {}): SessionRecord {
      return {
        id: randomId('ses'),
        userId: user.id,
        tenantId: user.tenantId,
        tokenHash: hashOf(),
        createdAt: at(2),
        expiresAt: at(50),
        lastSeenAt: at(2),
        revokedAt: undefined,
        ...overrides,
      };
    }

    void describe('when migrations run', () => {
      void it('records version 3 as identity', async () => {
        const rows = await f.store.sql.rows<{ version: number | string; name: string }>(
          'SELECT version, name FROM schema_migrations WHERE version = 3',
        );
        assert.deepEqual(rows.map((r) => ({ version: Number(r.version), name: r.name })), [{ version: 3, name: 'identity' }]);
      });
    });

    void describe('when a user is created', () => {
      void it('reads it back exactly, the wrapped TOTP secret byte for byte', async () => {
        const user = await newUser({ totpLastStep: 2 ** 40 });
        assert.deepEqual(await users.get(user.id), user);
        assert.deepEqual(await users.findByEmail(user.tenantId, user.email), user);
        assert.deepEqual(await users.listByTenant(user.tenantId), [user]);
      });

      void it('reads back a user without TOTP', async () => {
        const user = await newUser({ totpSecret: undefined, totpEnabled: false });
        assert.deepEqual(await users.get(user.id), user);
      });

      void it('throws USER_EXISTS for an email the tenant already has, and allows it in another tenant', async () => {
        const user = await newUser();
        await assert.rejects(users.create({ ...user, id: randomId('usr') }), code('USER_EXISTS'));
        await newUser({ email: user.email });
      });

      void it('throws NOT_FOUND for a tenant that does not exist', async () => {
        await assert.rejects(newUser({ tenantId: 'no-such-tenant' }), code('NOT_FOUND'));
      });

      void it('refuses TOTP enabled without a secret (a CHECK in the schema)', async () => {
        await assert.rejects(newUser({ totpSecret: undefined, totpEnabled: true }));
      });

      void it('throws USAGE for an unknown role', async () => {
        await assert.rejects(newUser({ role: 'root' as UserRecord['role'] }), code('USAGE'));
      });
    });

    void describe('when TOTP steps are accepted', () => {
      void it('accepts only steps later than the last one', async () => {
        const user = await newUser();
        assert.equal(await users.acceptTotpStep(user.id, 100), true);
        assert.equal(await users.acceptTotpStep(user.id, 100), false);
        assert.equal(await users.acceptTotpStep(user.id, 99), false);
        assert.equal(await users.acceptTotpStep(user.id, 101), true);
        assert.equal((await users.get(user.id))?.totpLastStep, 101);
      });

      void it('lets exactly one of many concurrent acceptances of one step win', async () => {
        const user = await newUser();
        const results = await Promise.all(Array.from({ length: 8 }, () => users.acceptTotpStep(user.id, 500)));
        assert.equal(results.filter(Boolean).length, 1);
      });
    });

    void describe('when TOTP secrets are re-wrapped', () => {
      void it('lists those not under a version and swaps only on the expected version', async () => {
        const user = await newUser({ totpSecret: wrapped(1) });
        const current = await newUser({ tenantId: user.tenantId, email: 'b@example.com', totpSecret: wrapped(2) });
        await newUser({ tenantId: user.tenantId, email: 'c@example.com', totpSecret: undefined, totpEnabled: false });
        assert.deepEqual((await users.listTotpNotUnder(user.tenantId, 2, 10)).map((u) => u.id), [user.id]);
        const next = wrapped(2);
        assert.equal(await users.rewrapTotpSecret(user.id, 7, next), false);
        assert.equal(await users.rewrapTotpSecret(user.id, 1, next), true);
        assert.deepEqual((await users.get(user.id))?.totpSecret, next);
        assert.deepEqual((await users.get(current.id))?.totpSecret, current.totpSecret);
      });
    });

    void describe('when a user is disabled', () => {
      void it('keeps the first time, and throws NOT_FOUND for an unknown user', async () => {
        const user = await newUser();
        await users.disable(user.id, at(10));
        await users.disable(user.id, at(20));
        assert.equal((await users.get(user.id))?.disabledAt, at(10));
        await assert.rejects(users.disable(randomId('usr'), at(10)), code('NOT_FOUND'));
      });
    });

    void describe('when a session is created', () => {
      void it('is found by its token hash only', async () => {
        const user = await newUser();
        const session = sessionOf(user);
        await sessions.create(session);
        assert.deepEqual(await sessions.findByTokenHash(session.tokenHash), session);
        assert.equal(await sessions.findByTokenHash(hashOf()), undefined);
      });

      void it('throws NOT_FOUND when it names another tenant than its user’s', async () => {
        const user = await newUser();
        const other = await f.newTenant();
        await assert.rejects(sessions.create(sessionOf(user, { tenantId: other })), code('NOT_FOUND'));
      });

      void it('throws STORE_CONFLICT for a token hash already in use', async () => {
        const user = await newUser();
        const session = sessionOf(user);
        await sessions.create(session);
        await assert.rejects(sessions.create(sessionOf(user, { tokenHash: session.tokenHash })), code('STORE_CONFLICT'));
      });
    });

    void describe('when a session is touched and revoked', () => {
      void it('moves last_seen_at forward only, and not once revoked', async () => {
        const user = await newUser();
        const session = sessionOf(user);
        await sessions.create(session);
        await sessions.touch(session.id, at(10));
        await sessions.touch(session.id, at(5));
        assert.equal((await sessions.findByTokenHash(session.tokenHash))?.lastSeenAt, at(10));
        assert.equal(await sessions.revokeByTokenHash(session.tokenHash, at(11)), true);
        assert.equal(await sessions.revokeByTokenHash(session.tokenHash, at(12)), false);
        await sessions.touch(session.id, at(13));
        const read = await sessions.findByTokenHash(session.tokenHash);
        assert.equal(read?.revokedAt, at(11));
        assert.equal(read?.lastSeenAt, at(10));
      });

      void it('revokes every live session of one user, and no one else’s', async () => {
        const user = await newUser();
        const bystander = await newUser();
        const mine = [sessionOf(user), sessionOf(user), sessionOf(user, { revokedAt: at(3) })];
        const theirs = sessionOf(bystander);
        for (const s of [...mine, theirs]) await sessions.create(s);
        assert.equal(await sessions.revokeAllForUser(user.id, at(30)), 2);
        const listed = await sessions.listByUser(user.id);
        assert.deepEqual(listed.map((s) => s.revokedAt).sort(), [at(3), at(30), at(30)].sort());
        assert.equal((await sessions.findByTokenHash(theirs.tokenHash))?.revokedAt, undefined);
      });
    });

    void describe('when an API token is created', () => {
      async function newToken(overrides: Partial<ApiTokenRecord> = {}): Promise<ApiTokenRecord> {
        const token: ApiTokenRecord = {
          id: randomId('tok'),
          tenantId: await f.newTenant(),
          role: 'auditor',
          name: 'ci export',
          tokenHash: hashOf(),
          createdAt: at(1),
          expiresAt: undefined,
          revokedAt: undefined,
          ...overrides,
        };
        await tokens.create(token);
        return token;
      }

      void it('is found by its hash, with and without an expiry', async () => {
        const forever = await newToken();
        const expiring = await newToken({ expiresAt: at(40) });
        assert.deepEqual(await tokens.findByTokenHash(forever.tokenHash), forever);
        assert.deepEqual(await tokens.findByTokenHash(expiring.tokenHash), expiring);
        assert.deepEqual(await tokens.listByTenant(forever.tenantId), [forever]);
      });

      void it('is revoked only through its own tenant, keeping the first time', async () => {
        const token = await newToken();
        const other = await f.newTenant();
        assert.equal(await tokens.revoke(other, token.id, at(5)), false);
        assert.equal((await tokens.findByTokenHash(token.tokenHash))?.revokedAt, undefined);
        assert.equal(await tokens.revoke(token.tenantId, token.id, at(6)), true);
        assert.equal(await tokens.revoke(token.tenantId, token.id, at(7)), true);
        assert.equal((await tokens.findByTokenHash(token.tokenHash))?.revokedAt, at(6));
      });

      void it('throws NOT_FOUND for a tenant that does not exist', async () => {
        await assert.rejects(newToken({ tenantId: 'no-such-tenant' }), code('NOT_FOUND'));
      });
    });
  });
}
