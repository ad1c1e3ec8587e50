import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { URI } from 'otpauth';
import { sha256 } from '../../crypto/index.js';
import { isSottoError, type ErrorCode } from '../../errors/index.js';
import { tenantKekId } from '../../vault/names.js';
import { backends, type IdentityFixture } from './identity-fixture.js';
import type { OidcVerifier } from './oidc.js';
import { PasswordHasher } from './password.js';
import { totpCode } from './totp.js';

const MINUTE = 60_000;
const PASSWORD = 'correct horse battery staple';

const code = (expected: ErrorCode) => (err: unknown) => {
  assert.ok(isSottoError(err), `expected ${expected}, got ${String(err)}`);
  assert.equal(err.code, expected);
  return true;
};

/** Counts how often a password hash is computed, to prove unknown users cost the same. */
class CountingHasher extends PasswordHasher {
  verifies = 0;
  spends = 0;
  override async verify(stored: string, password: string): Promise<boolean> {
    this.verifies++;
    return super.verify(stored, password);
  }
  override async spend(password: string): Promise<void> {
    this.spends++;
    return super.spend(password);
  }
}

for (const backend of await backends()) {
  void describe(`identity service on ${backend.name}`, { skip: backend.skip }, () => {
    let f: IdentityFixture;
    const hasher = new CountingHasher();
    before(async () => {
      f = await backend.open({ passwordHasher: hasher });
    });
    after(async () => f?.close());

    /** A user with the fixed password and TOTP enrolled; `code()` gives the current TOTP code. */
    async function enrolled(role = 'supervisor') {
      const tenantId = await f.newTenant();
      const email = `Ana.${Math.random().toString(36).slice(2)}@Example.com`;
      const created = await f.identity.createUser({ tenantId, email, role, password: PASSWORD });
      assert.ok(created.totpUri);
      const secret = Buffer.from(URI.parse(created.totpUri).secret.bytes);
      return { tenantId, email, user: created.user, secret, code: (offsetMs = 0) => totpCode(secret, new Date(f.clock.now().getTime() + offsetMs)) };
    }

    async function dumpIdentityTables(): Promise<string> {
      const rows = [...(await f.rows('users')), ...(await f.rows('sessions')), ...(await f.rows('api_tokens'))];
      return JSON.stringify(rows, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v));
    }

    /** On SQLite, every byte of the database and its WAL; on PostgreSQL, the identity rows. */
    async function storedBytes(): Promise<Buffer> {
      if (backend.name === 'PostgreSQL') return Buffer.from(await dumpIdentityTables());
      const files = (await readdir(f.dir)).filter((name) => name.startsWith('sotto.db'));
      return Buffer.concat(await Promise.all(files.map((name) => readFile(join(f.dir, name)))));
    }

    void describe('when a user is created without a password', () => {
      void it('generates one, returns it once with the TOTP URI, and stores neither', async () => {
        const tenantId = await f.newTenant();
        const created = await f.identity.createUser({ tenantId, email: 'Bo@Example.COM', role: 'analyst' });
        assert.match(created.generatedPassword ?? '', /^[A-Za-z0-9_-]{24}$/);
        assert.match(created.totpUri ?? '', /^otpauth:\/\/totp\/Sotto:bo%40example\.com%20\(t-[0-9a-f]+\)\?/);
        assert.deepEqual(
          { ...created.user, id: 'x', createdAt: 'x' },
          { id: 'x', tenantId, email: 'bo@example.com', role: 'analyst', totpEnabled: true, createdAt: 'x', disabledAt: undefined },
        );
        const secret = Buffer.from(URI.parse(created.totpUri ?? '').secret.bytes);
        const stored = await storedBytes();
        assert.equal(stored.includes(created.generatedPassword ?? '-'), false, 'generated password stored');
        assert.equal(stored.includes(secret), false, 'TOTP secret stored in plaintext');
        assert.equal(stored.includes(secret.toString('hex')), false, 'TOTP secret stored as hex');
        assert.equal(stored.includes(URI.parse(created.totpUri ?? '').secret.base32), false, 'TOTP secret stored as base32');
      });

      void it('stores an argon2id hash of the password', async () => {
        const { user } = await enrolled();
        const [row] = (await f.rows('users')).filter((r) => r.id === user.id);
        assert.match(String(row?.password_hash), /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
        assert.equal(String(row?.totp_key_id), tenantKekId(user.tenantId));
      });
    });

    void describe('when a user cannot be created', () => {
      void it('throws PASSWORD_WEAK, USAGE, USER_EXISTS or NOT_FOUND as the case may be', async () => {
        const tenantId = await f.newTenant();
        const base = { tenantId, email: 'cy@example.com', role: 'analyst', password: PASSWORD };
        await assert.rejects(f.identity.createUser({ ...base, password: 'short-pass1' }), code('PASSWORD_WEAK'));
        await assert.rejects(f.identity.createUser({ ...base, role: 'root' }), code('USAGE'));
        await assert.rejects(f.identity.createUser({ ...base, email: 'not an email' }), code('USAGE'));
        await assert.rejects(f.identity.createUser({ ...base, tenantId: 'Bad Tenant' }), code('USAGE'));
        await assert.rejects(f.identity.createUser({ ...base, tenantId: 'no-such-tenant' }), code('NOT_FOUND'));
        await f.identity.createUser(base);
        await assert.rejects(f.identity.createUser({ ...base, email: ' CY@example.com ' }), code('USER_EXISTS'));
      });
    });

    void describe('when a user logs in with password and TOTP', () => {
      void it('returns a session token once, valid for 8 hours, for a user principal of their tenant and role', async () => {
        const { tenantId, email, user, code: totp } = await enrolled('compliance_officer');
        const login = await f.identity.login({ tenantId, email: email.toUpperCase(), password: PASSWORD, totp: totp() });
        assert.match(login.sessionToken, /^sotto_s_[A-Za-z0-9_-]{43}$/);
        assert.equal(login.expiresAt, new Date(f.clock.now().getTime() + 8 * 60 * MINUTE).toISOString());
        assert.deepEqual(login.principal, { id: user.id, kind: 'user', tenantId, roles: ['compliance_officer'] });
        assert.deepEqual(await f.identity.authenticate(login.sessionToken), login.principal);
      });

      void it('stores only the SHA-256 of the session token', async () => {
        const { tenantId, email, code: totp } = await enrolled();
        const { sessionToken, sessionId } = await f.identity.login({ tenantId, email, password: PASSWORD, totp: totp() });
        const [row] = (await f.rows('sessions')).filter((r) => r.id === sessionId);
        assert.equal(row?.token_hash, sha256(Buffer.from(sessionToken)).toString('hex'));
        assert.equal((await storedBytes()).includes(sessionToken), false);
        assert.equal((await storedBytes()).includes(sessionToken.slice(8)), false);
      });
    });

    void describe('when a login is wrong', () => {
      void it('answers AUTH_INVALID whichever factor was wrong, or if the account does not exist', async () => {
        const { tenantId, email, code: totp } = await enrolled();
        const other = await f.newTenant();
        const attempts = [
          { tenantId, email, password: `${PASSWORD}!`, totp: totp() },
          { tenantId, email, password: `${PASSWORD}!` },
          { tenantId, email, password: PASSWORD, totp: totp(5 * MINUTE) },
          { tenantId, email, password: PASSWORD, totp: 'abcdef' },
          { tenantId, email: 'nobody@example.com', password: PASSWORD, totp: totp() },
          { tenantId: other, email, password: PASSWORD, totp: totp() },
          { tenantId, email: 'not-an-email', password: PASSWORD, totp: totp() },
        ];
        for (const attempt of attempts) await assert.rejects(f.identity.login(attempt), code('AUTH_INVALID'));
      });

      void it('answers MFA_REQUIRED only when the password was right and no code was given', async () => {
        const { tenantId, email } = await enrolled();
        await assert.rejects(f.identity.login({ tenantId, email, password: PASSWORD }), code('MFA_REQUIRED'));
        await assert.rejects(f.identity.login({ tenantId, email, password: PASSWORD, totp: '' }), code('MFA_REQUIRED'));
      });

      void it('spends a full password hash for an unknown email (no user-enumeration timing)', async () => {
        const { tenantId } = await enrolled();
        const before = { verifies: hasher.verifies, spends: hasher.spends };
        await assert.rejects(f.identity.login({ tenantId, email: 'ghost@example.com', password: PASSWORD, totp: '123456' }));
        await assert.rejects(f.identity.login({ tenantId: 'no-such-tenant', email: 'x@example.com', password: PASSWORD }));
        assert.equal(hasher.spends - before.spends, 2);
        assert.equal(hasher.verifies, before.verifies);
      });
    });

    void describe('when a TOTP code is replayed', () => {
      void it('accepts it once, and neither it nor an earlier step again', async () => {
        const { tenantId, email, code: totp } = await enrolled();
        const now = totp();
        const previous = totp(-30_000);
        await f.identity.login({ tenantId, email, password: PASSWORD, totp: now });
        await assert.rejects(f.identity.login({ tenantId, email, password: PASSWORD, totp: now }), code('AUTH_INVALID'));
        await assert.rejects(f.identity.login({ tenantId, email, password: PASSWORD, totp: previous }), code('AUTH_INVALID'));
        f.clock.advance(30_000);
        await f.identity.login({ tenantId, email, password: PASSWORD, totp: totp() });
      });

      void it('lets only one of two simultaneous logins with the same code through', async () => {
        const { tenantId, email, code: totp } = await enrolled();
        const same = totp();
        const results = await Promise.allSettled([1, 2].map(() => f.identity.login({ tenantId, email, password: PASSWORD, totp: same })));
        assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
      });
    });

    void describe('when a session ages', () => {
      void it('expires after 30 idle minutes with AUTH_EXPIRED', async () => {
        const { tenantId, email, code: totp } = await enrolled();
        const { sessionToken } = await f.identity.login({ tenantId, email, password: PASSWORD, totp: totp() });
        f.clock.advance(29 * MINUTE);
        await f.identity.authenticate(sessionToken);
        f.clock.advance(29 * MINUTE);
        await f.identity.authenticate(sessionToken);
        f.clock.advance(30 * MINUTE);
        await assert.rejects(f.identity.authenticate(sessionToken), code('AUTH_EXPIRED'));
      });

      void it('expires 8 hours after login however active it is', async () => {
        const { tenantId, email, code: totp } = await enrolled();
        const { sessionToken } = await f.identity.login({ tenantId, email, password: PASSWORD, totp: totp() });
        for (let elapsed = 0; elapsed < 8 * 60 - 20; elapsed += 20) {
          f.clock.advance(20 * MINUTE);
          await f.identity.authenticate(sessionToken);
        }
        f.clock.advance(20 * MINUTE);
        await assert.rejects(f.identity.authenticate(sessionToken), code('AUTH_EXPIRED'));
      });
    });

    void describe('when sessions are ended', () => {
      void it('logout ends that session only', async () => {
        const { tenantId, email, code: totp } = await enrolled();
        const a = await f.identity.login({ tenantId, email, password: PASSWORD, totp: totp() });
        f.clock.advance(30_000);
        const b = await f.identity.login({ tenantId, email, password: PASSWORD, totp: totp() });
        await f.identity.logout(a.sessionToken);
        await f.identity.logout(a.sessionToken);
        await assert.rejects(f.identity.authenticate(a.sessionToken), code('AUTH_INVALID'));
        await f.identity.authenticate(b.sessionToken);
      });

      void it('logout everywhere ends every session of the user, and no one else’s', async () => {
        const ana = await enrolled();
        const bo = await enrolled();
        const tokens = [];
        for (let i = 0; i < 3; i++) {
          tokens.push((await f.identity.login({ tenantId: ana.tenantId, email: ana.email, password: PASSWORD, totp: ana.code() })).sessionToken);
          f.clock.advance(30_000);
        }
        const bystander = await f.identity.login({ tenantId: bo.tenantId, email: bo.email, password: PASSWORD, totp: bo.code() });
        assert.equal(await f.identity.logoutEverywhere(ana.user.id), 3);
        for (const token of tokens) await assert.rejects(f.identity.authenticate(token), code('AUTH_INVALID'));
        await f.identity.authenticate(bystander.sessionToken);
      });

      void it('disabling a user ends their sessions and refuses their logins', async () => {
        const { tenantId, email, user, code: totp } = await enrolled();
        const { sessionToken } = await f.identity.login({ tenantId, email, password: PASSWORD, totp: totp() });
        await f.identity.users.disable(tenantId, user.id);
        await assert.rejects(f.identity.authenticate(sessionToken), code('AUTH_INVALID'));
        f.clock.advance(30_000);
        await assert.rejects(f.identity.login({ tenantId, email, password: PASSWORD, totp: totp() }), code('AUTH_INVALID'));
      });
    });

    void describe('when a bearer token is forged or malformed', () => {
      void it('answers AUTH_REQUIRED for none and AUTH_INVALID for anything not issued', async () => {
        const { tenantId, email, code: totp } = await enrolled();
        const { sessionToken } = await f.identity.login({ tenantId, email, password: PASSWORD, totp: totp() });
        const last = sessionToken.at(-1) === 'A' ? 'B' : 'A';
        await assert.rejects(f.identity.authenticate(undefined), code('AUTH_REQUIRED'));
        await assert.rejects(f.identity.authenticate(''), code('AUTH_REQUIRED'));
        for (const forged of [
          `${sessionToken.slice(0, -1)}${last}`,
          `sotto_t_${sessionToken.slice(8)}`,
          `sotto_s_${'A'.repeat(43)}`,
          'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
          sha256(Buffer.from(sessionToken)).toString('hex'),
        ]) {
          await assert.rejects(f.identity.authenticate(forged), code('AUTH_INVALID'), forged);
        }
      });
    });

    void describe('when an API token is created', () => {
      void it('is shown once, stored only hashed, and authenticates as a service of its tenant and role', async () => {
        const tenantId = await f.newTenant();
        const created = await f.identity.createApiToken({ tenantId, role: 'auditor', name: 'nightly export' });
        assert.match(created.token, /^sotto_t_[A-Za-z0-9_-]{43}$/);
        assert.equal(created.expiresAt, undefined);
        const [row] = (await f.rows('api_tokens')).filter((r) => r.id === created.id);
        assert.equal(row?.token_hash, sha256(Buffer.from(created.token)).toString('hex'));
        assert.equal((await storedBytes()).includes(created.token.slice(8)), false);
        assert.deepEqual(await f.identity.authenticate(created.token), { id: created.id, kind: 'service', tenantId, roles: ['auditor'] });
        assert.deepEqual((await f.identity.apiTokens.list(tenantId)).map((t) => Object.keys(t).sort()), [
          ['createdAt', 'expiresAt', 'id', 'name', 'revokedAt', 'role', 'tenantId'],
        ]);
      });

      void it('expires after its time to live with AUTH_EXPIRED', async () => {
        const tenantId = await f.newTenant();
        const { token } = await f.identity.createApiToken({ tenantId, role: 'developer', ttlMs: 24 * 60 * MINUTE });
        f.clock.advance(24 * 60 * MINUTE - 1);
        await f.identity.authenticate(token);
        f.clock.advance(1);
        await assert.rejects(f.identity.authenticate(token), code('AUTH_EXPIRED'));
      });

      void it('is revoked only by its own tenant, then answers AUTH_INVALID', async () => {
        const tenantId = await f.newTenant();
        const other = await f.newTenant();
        const { id, token } = await f.identity.createApiToken({ tenantId, role: 'analyst' });
        await assert.rejects(f.identity.revokeApiToken(other, id), code('NOT_FOUND'));
        await f.identity.authenticate(token);
        await f.identity.revokeApiToken(tenantId, id);
        await f.identity.revokeApiToken(tenantId, id);
        await assert.rejects(f.identity.authenticate(token), code('AUTH_INVALID'));
      });

      void it('throws USAGE for an unknown role, a bad name or a non-positive lifetime', async () => {
        const tenantId = await f.newTenant();
        await assert.rejects(f.identity.createApiToken({ tenantId, role: 'superuser' }), code('USAGE'));
        await assert.rejects(f.identity.createApiToken({ tenantId, role: 'analyst', name: 'a\nb' }), code('USAGE'));
        await assert.rejects(f.identity.createApiToken({ tenantId, role: 'analyst', ttlMs: 0 }), code('USAGE'));
      });
    });

    void describe('when the tenant KEK is rotated', () => {
      void it('re-wraps TOTP secrets under the new version and logins keep working', async () => {
        const { tenantId, email, user, code: totp } = await enrolled();
        const rotated = await f.keys.rotate(tenantKekId(tenantId));
        assert.equal(await f.identity.users.rewrapTotpSecrets(tenantId, rotated.primaryVersion), 1);
        const [row] = (await f.rows('users')).filter((r) => r.id === user.id);
        assert.equal(Number(row?.totp_key_version), rotated.primaryVersion);
        await f.keys.retire(tenantKekId(tenantId), 1);
        await f.identity.login({ tenantId, email, password: PASSWORD, totp: totp() });
      });
    });

    void describe('when a wrapped TOTP secret is copied onto another user', () => {
      void it('does not unwrap there: the wrap is bound to tenant and user', async () => {
        const ana = await enrolled();
        const mallory = await f.identity.createUser({ tenantId: ana.tenantId, email: 'm@example.com', role: 'analyst', password: PASSWORD });
        const [anaRow] = (await f.rows('users')).filter((r) => r.id === ana.user.id);
        await f.store.sql.run('UPDATE users SET totp_secret = ?, totp_key_version = ? WHERE id = ?', [
          Buffer.from(anaRow?.totp_secret as Uint8Array),
          Number(anaRow?.totp_key_version),
          mallory.user.id,
        ]);
        await assert.rejects(
          f.identity.login({ tenantId: ana.tenantId, email: 'm@example.com', password: PASSWORD, totp: ana.code() }),
          code('KEY_UNWRAP_FAILED'),
        );
      });
    });
  });
}

void describe('when single sign-on is configured', () => {
  let f: IdentityFixture;
  const seen: string[] = [];
  const oidc = {
    verify: async (token: string) => {
      seen.push(token);
      return { id: 'oidc:sub-1', kind: 'user' as const, tenantId: 'acme', roles: [] };
    },
  } as unknown as OidcVerifier;
  before(async () => {
    const [sqlite] = await backends();
    f = await (sqlite as NonNullable<typeof sqlite>).open({ oidc });
  });
  after(async () => f?.close());

  void it('sends bearer tokens that are not Sotto tokens to the OIDC verifier, and only those', async () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzdWItMSJ9.c2ln';
    assert.equal((await f.identity.authenticate(jwt)).id, 'oidc:sub-1');
    await assert.rejects(f.identity.authenticate(`sotto_s_${'A'.repeat(43)}`), code('AUTH_INVALID'));
    await assert.rejects(f.identity.authenticate('sotto_s_short'), code('AUTH_INVALID'));
    assert.deepEqual(seen, [jwt]);
  });
});
