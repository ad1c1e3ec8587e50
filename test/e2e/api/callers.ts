// Who calls in the authorization table: every role of acme signed in, a few acme API tokens,
// every role of globex (another tenant, acting on acme's ids), and credentials that must
// not authenticate — none, malformed, forged, random, revoked and expired.
import { ROLES, type Role } from '../../../src/access/index.js';
import { tokenHash } from '../../../src/access/identity/bearer-token.js';
import { randomToken } from '../../../src/crypto/index.js';
import type { ErrorCode } from '../../../src/errors/index.js';
import { createPerson, TENANTS, type ApiFixture, type TenantName } from '../../support/api-fixture.js';

export interface Caller {
  label: string;
  /** The whole Authorization header, or undefined for none. */
  authorization: string | undefined;
  kind: 'user' | 'service' | 'none';
  tenant: TenantName | undefined;
  role: Role | undefined;
  /** The principal id the audit entry must name ('anonymous' when authentication fails). */
  principalId: string;
  /** The 401 code, for credentials that must not authenticate. */
  failure?: Extract<ErrorCode, 'AUTH_REQUIRED' | 'AUTH_INVALID' | 'AUTH_EXPIRED'>;
  /** A person's user record, so a test can sign them in again (logout rows). */
  user?: ApiFixture['tenants'][TenantName]['users'][Role];
}

/** Change one character in the middle of a token, keeping its shape (prefix + 43 base64url). */
export function forge(token: string): string {
  const at = token.length - 20;
  const swapped = token[at] === 'A' ? 'B' : 'A';
  return `${token.slice(0, at)}${swapped}${token.slice(at + 1)}`;
}

export async function buildCallers(fx: ApiFixture): Promise<Caller[]> {
  const callers: Caller[] = [];
  for (const tenant of TENANTS) {
    const t = fx.tenants[tenant];
    for (const role of ROLES) {
      const user = t.users[role];
      callers.push({
        label: `${tenant} ${role} (session)`,
        authorization: `Bearer ${user.session}`,
        kind: 'user',
        tenant,
        role,
        principalId: user.id,
        user,
      });
    }
    const tokenRoles: readonly Role[] = tenant === 'acme' ? ['owner', 'supervisor', 'auditor'] : ['owner'];
    for (const role of tokenRoles) {
      const token = t.tokens[role];
      if (token === undefined) throw new Error(`fixture has no ${tenant} ${role} token`);
      callers.push({ label: `${tenant} ${role} (API token)`, authorization: `Bearer ${token.token}`, kind: 'service', tenant, role, principalId: token.id });
    }
  }
  const bad = (label: string, authorization: string | undefined, failure: NonNullable<Caller['failure']>): Caller => ({
    label,
    authorization,
    kind: 'none',
    tenant: undefined,
    role: undefined,
    principalId: 'anonymous',
    failure,
  });
  const owner = fx.tenants.acme.users.owner;
  callers.push(
    bad('no credentials', undefined, 'AUTH_REQUIRED'),
    bad('a Basic header', 'Basic b3duZXJAYWNtZTpwYXNzd29yZA==', 'AUTH_INVALID'),
    bad('a malformed session token', 'Bearer sotto_s_short', 'AUTH_INVALID'),
    bad('an OIDC-looking JWT (no SSO configured)', 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJvd25lciIsInJvbGUiOiJvd25lciJ9.c2lnbmF0dXJl', 'AUTH_INVALID'),
    bad('a random session token', `Bearer sotto_s_${randomToken(32)}`, 'AUTH_INVALID'),
    bad('a random API token', `Bearer sotto_t_${randomToken(32)}`, 'AUTH_INVALID'),
    bad('a forged session token (one character changed)', `Bearer ${forge(owner.session)}`, 'AUTH_INVALID'),
    bad('a signed-out session token', `Bearer ${await signedOutSession(fx)}`, 'AUTH_INVALID'),
    bad('an expired session token', `Bearer ${await expiredSession(fx)}`, 'AUTH_EXPIRED'),
    bad('an expired API token', `Bearer ${await expiredApiToken(fx)}`, 'AUTH_EXPIRED'),
    bad('a revoked API token', `Bearer ${await revokedApiToken(fx)}`, 'AUTH_INVALID'),
  );
  return callers;
}

/** An owner's session, ended through the API (DELETE /v1/sessions/current). */
async function signedOutSession(fx: ApiFixture): Promise<string> {
  const person = await createPerson(fx.runtime, 'acme', 'owner', 'signed-out-owner');
  const session = await fx.login(person);
  const answer = await fx.request('/v1/sessions/current', { method: 'DELETE', token: session });
  if (answer.status !== 204) throw new Error(`logout failed: ${answer.status} ${answer.text}`);
  return session;
}

/** An owner's session whose absolute lifetime has passed (the stored expiry moved into the past). */
async function expiredSession(fx: ApiFixture): Promise<string> {
  const person = await createPerson(fx.runtime, 'acme', 'owner', 'expired-owner');
  const session = await fx.login(person);
  const changed = await fx.runtime.store.sql.run('UPDATE sessions SET expires_at = ? WHERE token_hash = ?', [
    new Date(Date.now() - 60_000).toISOString(),
    tokenHash(session),
  ]);
  if (changed !== 1) throw new Error('could not expire the session');
  return session;
}

async function expiredApiToken(fx: ApiFixture): Promise<string> {
  const made = await fx.runtime.identity.apiTokens.create({ tenantId: 'acme', role: 'owner', name: 'expires at once', ttlMs: 1 });
  await new Promise((resolve) => setTimeout(resolve, 5));
  return made.token;
}

async function revokedApiToken(fx: ApiFixture): Promise<string> {
  const made = await fx.runtime.identity.apiTokens.create({ tenantId: 'acme', role: 'owner', name: 'revoked' });
  await fx.runtime.identity.apiTokens.revoke('acme', made.id);
  return made.token;
}
