import { randomId } from '../../crypto/index.js';
import { SottoError } from '../../errors/index.js';
import type { MetadataStore } from '../../store/meta/metadata-store.js';
import { checkTenantId } from '../../vault/names.js';
import type { Role } from '../permissions.js';
import { normalizeEmail } from './email.js';
import type { PasswordHasher } from './password.js';
import { generatePassword } from './password-policy.js';
import { roleParam, type UserRecord } from './records.js';
import type { SqlSessionRepository } from './session-repository.js';
import { newTotpSecret, totpEnrolmentUri } from './totp.js';
import type { TotpSecretWrapper } from './totp-secret.js';
import type { SqlUserRepository } from './user-repository.js';

export interface NewUser {
  tenantId: string;
  email: string;
  role: Role | string;
  /** Omitted: a strong password is generated and returned once. */
  password?: string;
  /** Enrol a TOTP second factor now (default true): the URI is returned once. */
  enrolTotp?: boolean;
}

/** A user as shown to operators and the API: no hash, no secret. */
export interface UserView {
  id: string;
  tenantId: string;
  email: string;
  role: Role;
  totpEnabled: boolean;
  createdAt: string;
  disabledAt: string | undefined;
}

export interface CreatedUser {
  user: UserView;
  /** Only when the password was generated: shown once, stored nowhere. */
  generatedPassword?: string;
  /** otpauth:// enrolment URI (holds the TOTP secret): shown once. */
  totpUri?: string;
}

export interface UsersDeps {
  store: MetadataStore;
  users: SqlUserRepository;
  sessions: SqlSessionRepository;
  secrets: TotpSecretWrapper;
  hasher: PasswordHasher;
  now: () => Date;
  /** The issuer an authenticator app shows next to the code. */
  totpIssuer: string;
}

export class Users {
  constructor(private readonly deps: UsersDeps) {}

  async create(request: NewUser): Promise<CreatedUser> {
    const tenantId = checkTenantId(request.tenantId);
    const email = normalizeEmail(request.email);
    if (email === undefined) throw new SottoError('USAGE', 'email must look like name@domain');
    const role = roleParam(request.role);
    if ((await this.deps.store.tenants.get(tenantId)) === undefined) throw new SottoError('NOT_FOUND', 'no such tenant');
    const password = request.password ?? generatePassword();
    const generatedPassword = request.password === undefined ? password : undefined;
    const passwordHash = await this.deps.hasher.hash(password);
    const id = randomId('usr');
    let totpUri: string | undefined;
    let totpSecret: UserRecord['totpSecret'];
    if (request.enrolTotp !== false) {
      const secret = newTotpSecret();
      try {
        totpSecret = await this.deps.secrets.wrap(tenantId, id, secret);
        totpUri = totpEnrolmentUri(secret, { issuer: this.deps.totpIssuer, label: `${email} (${tenantId})` });
      } finally {
        secret.fill(0);
      }
    }
    const record: UserRecord = {
      id,
      tenantId,
      email,
      role,
      passwordHash,
      totpSecret,
      totpEnabled: totpSecret !== undefined,
      totpLastStep: undefined,
      createdAt: this.deps.now().toISOString(),
      disabledAt: undefined,
    };
    await this.deps.users.create(record);
    return {
      user: userView(record),
      ...(generatedPassword === undefined ? {} : { generatedPassword }),
      ...(totpUri === undefined ? {} : { totpUri }),
    };
  }

  /** Tenant-scoped: another tenant's user is simply not found. */
  async get(tenantId: string, userId: string): Promise<UserView | undefined> {
    const user = await this.deps.users.get(userId);
    return user?.tenantId === tenantId ? userView(user) : undefined;
  }

  async list(tenantId: string): Promise<UserView[]> {
    return (await this.deps.users.listByTenant(tenantId)).map(userView);
  }

  /** Replace the TOTP secret (a lost phone): returns the new enrolment URI, once. */
  async enrolTotp(tenantId: string, userId: string): Promise<{ totpUri: string }> {
    const user = await this.require(tenantId, userId);
    const secret = newTotpSecret();
    try {
      await this.deps.users.setTotpSecret(user.id, await this.deps.secrets.wrap(user.tenantId, user.id, secret));
      return { totpUri: totpEnrolmentUri(secret, { issuer: this.deps.totpIssuer, label: `${user.email} (${user.tenantId})` }) };
    } finally {
      secret.fill(0);
    }
  }

  /** Disable the account and end every session it has. Idempotent. */
  async disable(tenantId: string, userId: string): Promise<void> {
    const user = await this.require(tenantId, userId);
    const at = this.deps.now().toISOString();
    await this.deps.users.disable(user.id, at);
    await this.deps.sessions.revokeAllForUser(user.id, at);
  }

  /**
   * After a tenant KEK rotation: re-wrap every TOTP secret under the primary version, so the
   * old version can be retired. Returns how many were re-wrapped.
   */
  async rewrapTotpSecrets(tenantId: string, primaryVersion: number): Promise<number> {
    let count = 0;
    for (;;) {
      const batch = await this.deps.users.listTotpNotUnder(tenantId, primaryVersion, 500);
      if (batch.length === 0) return count;
      for (const user of batch) {
        const expected = user.totpSecret?.version;
        if (expected === undefined) continue;
        const wrapped = await this.deps.secrets.rewrap(user);
        // Otherwise the row would be listed again forever.
        if (wrapped.version !== primaryVersion) throw new SottoError('KEY_NOT_FOUND', `version ${primaryVersion} is not the primary`);
        if (await this.deps.users.rewrapTotpSecret(user.id, expected, wrapped)) count++;
      }
    }
  }

  private async require(tenantId: string, userId: string): Promise<UserRecord> {
    const user = await this.deps.users.get(userId);
    if (user?.tenantId !== tenantId) throw new SottoError('NOT_FOUND', 'no such user');
    return user;
  }
}

export function userView(user: UserRecord): UserView {
  return {
    id: user.id,
    tenantId: user.tenantId,
    email: user.email,
    role: user.role,
    totpEnabled: user.totpEnabled,
    createdAt: user.createdAt,
    disabledAt: user.disabledAt,
  };
}
