import { randomId } from '../../crypto/index.js';
import { SottoError } from '../../errors/index.js';
import type { Principal } from '../principal.js';
import { issueToken, tokenHash, tokenKind } from './bearer-token.js';
import type { PasswordHasher } from './password.js';
import type { UserRecord } from './records.js';
import type { SqlSessionRepository } from './session-repository.js';
import { totpStep } from './totp.js';
import type { TotpSecretWrapper } from './totp-secret.js';
import type { SqlUserRepository } from './user-repository.js';
import { normalizeEmail } from './email.js';

/** OWASP Session Management: an absolute lifetime and an idle timeout, both enforced server-side. */
export interface SessionPolicy {
  absoluteTtlMs: number;
  idleTimeoutMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = Object.freeze({
  absoluteTtlMs: 8 * 60 * 60_000,
  idleTimeoutMs: 30 * 60_000,
});

export interface LoginRequest {
  tenantId: string;
  email: string;
  password: string;
  /** The 6-digit code; required when the user has TOTP enabled. */
  totp?: string;
}

export interface LoginResult {
  /** `sotto_s_…`: given to the client once; only its hash is stored. */
  sessionToken: string;
  sessionId: string;
  expiresAt: string;
  principal: Principal;
}

export interface SessionsDeps {
  users: SqlUserRepository;
  sessions: SqlSessionRepository;
  secrets: TotpSecretWrapper;
  hasher: PasswordHasher;
  now: () => Date;
  policy: SessionPolicy;
}

export function userPrincipal(user: UserRecord): Principal {
  return Object.freeze({ id: user.id, kind: 'user', tenantId: user.tenantId, roles: Object.freeze([user.role]) });
}

export class Sessions {
  constructor(private readonly deps: SessionsDeps) {}

  /**
   * Password, then (if enrolled) TOTP. Every failure is AUTH_INVALID, never saying which
   * factor or whether the account exists; MFA_REQUIRED only once the password was right.
   */
  async login(request: LoginRequest): Promise<LoginResult> {
    const { users, hasher } = this.deps;
    const email = normalizeEmail(request.email);
    const user = email === undefined ? undefined : await users.findByEmail(request.tenantId, email);
    if (user === undefined) {
      await hasher.spend(request.password);
      throw new SottoError('AUTH_INVALID');
    }
    const passwordOk = await hasher.verify(user.passwordHash, request.password);
    if (!passwordOk || user.disabledAt !== undefined) throw new SottoError('AUTH_INVALID');
    if (user.totpEnabled) await this.checkTotp(user, request.totp);
    if (hasher.needsRehash(user.passwordHash)) await this.rehash(user, request.password);
    return this.open(user);
  }

  /** The principal for a `sotto_s_…` token, or AUTH_INVALID / AUTH_EXPIRED. */
  async authenticate(token: string): Promise<Principal> {
    if (tokenKind(token) !== 'session') throw new SottoError('AUTH_INVALID');
    const session = await this.deps.sessions.findByTokenHash(tokenHash(token));
    if (session === undefined || session.revokedAt !== undefined) throw new SottoError('AUTH_INVALID');
    const user = await this.deps.users.get(session.userId);
    if (user === undefined || user.disabledAt !== undefined || user.tenantId !== session.tenantId) {
      throw new SottoError('AUTH_INVALID');
    }
    const now = this.deps.now();
    const idleFor = now.getTime() - Date.parse(session.lastSeenAt);
    if (now.getTime() >= Date.parse(session.expiresAt) || idleFor >= this.deps.policy.idleTimeoutMs) {
      throw new SottoError('AUTH_EXPIRED');
    }
    // Written at most once a minute: last_seen_at may lag, which only ever ends a session early.
    if (idleFor >= Math.min(60_000, this.deps.policy.idleTimeoutMs / 10)) {
      await this.deps.sessions.touch(session.id, now.toISOString());
    }
    return userPrincipal(user);
  }

  /** End one session. Unknown or already-ended tokens are not an error (nothing to end). */
  async logout(token: string): Promise<void> {
    if (tokenKind(token) !== 'session') throw new SottoError('AUTH_INVALID');
    await this.deps.sessions.revokeByTokenHash(tokenHash(token), this.deps.now().toISOString());
  }

  /** End every session of a user (password reset, lost device). Returns how many were live. */
  async logoutEverywhere(userId: string): Promise<number> {
    return this.deps.sessions.revokeAllForUser(userId, this.deps.now().toISOString());
  }

  private async checkTotp(user: UserRecord, code: string | undefined): Promise<void> {
    if (code === undefined || code === '') throw new SottoError('MFA_REQUIRED');
    const secret = await this.deps.secrets.unwrap(user);
    let step: number | undefined;
    try {
      step = totpStep(secret, code, this.deps.now());
    } finally {
      secret.fill(0);
    }
    // A step at or before the last accepted one is a replay (RFC 6238 §5.2).
    if (step === undefined || !(await this.deps.users.acceptTotpStep(user.id, step))) throw new SottoError('AUTH_INVALID');
  }

  /** Upgrade a hash made with weaker parameters; best effort, as the login itself succeeded. */
  private async rehash(user: UserRecord, password: string): Promise<void> {
    try {
      await this.deps.users.setPasswordHash(user.id, await this.deps.hasher.hash(password));
    } catch {
      // The old hash still verifies; the upgrade is tried again at the next login.
    }
  }

  private async open(user: UserRecord): Promise<LoginResult> {
    const now = this.deps.now();
    const issued = issueToken('session');
    const expiresAt = new Date(now.getTime() + this.deps.policy.absoluteTtlMs).toISOString();
    const id = randomId('ses');
    await this.deps.sessions.create({
      id,
      userId: user.id,
      tenantId: user.tenantId,
      tokenHash: issued.hash,
      createdAt: now.toISOString(),
      expiresAt,
      lastSeenAt: now.toISOString(),
      revokedAt: undefined,
    });
    return { sessionToken: issued.token, sessionId: id, expiresAt, principal: userPrincipal(user) };
  }
}
