import { SottoError } from '../../errors/index.js';
import type { MetadataStore } from '../../store/meta/metadata-store.js';
import type { KeyProvider } from '../../vault/keys/provider.js';
import type { Principal } from '../principal.js';
import { SqlApiTokenRepository } from './api-token-repository.js';
import { ApiTokens, type CreatedApiToken, type NewApiToken } from './api-tokens.js';
import { isSottoToken, tokenKind } from './bearer-token.js';

import { OWASP_ARGON2ID, PasswordHasher } from './password.js';
import { SqlSessionRepository } from './session-repository.js';
import { DEFAULT_SESSION_POLICY, Sessions, type LoginRequest, type LoginResult, type SessionPolicy } from './sessions.js';
import { TotpSecretWrapper } from './totp-secret.js';
import { SqlUserRepository } from './user-repository.js';
import { Users, type CreatedUser, type NewUser } from './users.js';

/** Verifies a bearer token that is not one of Sotto's own (an OIDC JWT). */
export interface BearerVerifier {
  verify(token: string): Promise<Principal>;
}

export interface IdentityDeps {
  /** Migrated to version 3 ('identity') or later. */
  store: MetadataStore;
  /** Wraps TOTP secrets under the tenant KEK. */
  keys: KeyProvider;
  now?: () => Date;
  sessionPolicy?: Partial<SessionPolicy>;
  /** Default: argon2id with the OWASP parameters. */
  passwordHasher?: PasswordHasher;
  /** Optional single sign-on: bearer JWTs that are not Sotto tokens are verified here. */
  oidc?: BearerVerifier;
  /** Shown by authenticator apps; default 'Sotto'. */
  totpIssuer?: string;
}

/**
 * Who is asking: people (argon2id password + TOTP → session), services (API tokens) and,
 * optionally, OIDC single sign-on. Everything it returns is a Principal; what a principal
 * may do is the policy's business, not this module's.
 */
export class IdentityService {
  readonly users: Users;
  readonly sessions: Sessions;
  readonly apiTokens: ApiTokens;
  private readonly oidc: BearerVerifier | undefined;

  constructor(deps: IdentityDeps) {
    const now = deps.now ?? (() => new Date());
    const userRepo = new SqlUserRepository(deps.store.sql);
    const sessionRepo = new SqlSessionRepository(deps.store.sql);
    const secrets = new TotpSecretWrapper(deps.keys);
    const hasher = deps.passwordHasher ?? new PasswordHasher(OWASP_ARGON2ID);
    const policy = { ...DEFAULT_SESSION_POLICY, ...deps.sessionPolicy };
    for (const value of [policy.absoluteTtlMs, policy.idleTimeoutMs]) {
      if (!Number.isSafeInteger(value) || value <= 0) throw new SottoError('CONFIG_INVALID', 'session lifetimes must be positive');
    }
    this.users = new Users({
      store: deps.store,
      users: userRepo,
      sessions: sessionRepo,
      secrets,
      hasher,
      now,
      totpIssuer: deps.totpIssuer ?? 'Sotto',
    });
    this.sessions = new Sessions({ users: userRepo, sessions: sessionRepo, secrets, hasher, now, policy });
    this.apiTokens = new ApiTokens(new SqlApiTokenRepository(deps.store.sql), now);
    this.oidc = deps.oidc;
  }

  createUser(request: NewUser): Promise<CreatedUser> {
    return this.users.create(request);
  }

  login(request: LoginRequest): Promise<LoginResult> {
    return this.sessions.login(request);
  }

  /**
   * The principal behind a bearer token: `sotto_s_…` a person's session, `sotto_t_…` a
   * service's API token, anything else an OIDC JWT if SSO is configured. AUTH_REQUIRED for
   * none, AUTH_INVALID for unknown, forged or revoked, AUTH_EXPIRED for expired.
   */
  async authenticate(token: string | undefined): Promise<Principal> {
    if (token === undefined || token === '') throw new SottoError('AUTH_REQUIRED');
    if (isSottoToken(token)) {
      return tokenKind(token) === 'session' ? this.sessions.authenticate(token) : this.apiTokens.authenticate(token);
    }
    if (this.oidc !== undefined) return this.oidc.verify(token);
    throw new SottoError('AUTH_INVALID');
  }

  logout(sessionToken: string): Promise<void> {
    return this.sessions.logout(sessionToken);
  }

  logoutEverywhere(userId: string): Promise<number> {
    return this.sessions.logoutEverywhere(userId);
  }

  createApiToken(request: NewApiToken): Promise<CreatedApiToken> {
    return this.apiTokens.create(request);
  }

  revokeApiToken(tenantId: string, tokenId: string): Promise<void> {
    return this.apiTokens.revoke(tenantId, tokenId);
  }
}
