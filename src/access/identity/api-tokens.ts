import { randomId } from '../../crypto/index.js';
import { SottoError } from '../../errors/index.js';
import { checkTenantId } from '../../vault/names.js';
import type { Role } from '../permissions.js';
import type { Principal } from '../principal.js';
import type { SqlApiTokenRepository } from './api-token-repository.js';
import { issueToken, tokenHash, tokenKind } from './bearer-token.js';
import { roleParam, type ApiTokenRecord } from './records.js';

export interface NewApiToken {
  tenantId: string;
  role: Role | string;
  /** A label for operators; default 'api'. */
  name?: string;
  /** Omitted: the token lives until revoked. */
  ttlMs?: number;
}

/** A token as listed: never its hash. */
export interface ApiTokenView {
  id: string;
  tenantId: string;
  role: Role;
  name: string;
  createdAt: string;
  expiresAt: string | undefined;
  revokedAt: string | undefined;
}

export interface CreatedApiToken extends ApiTokenView {
  /** `sotto_t_…`: shown once; only its SHA-256 is stored. */
  token: string;
}

const NAME = /^[\p{L}\p{N} ._:@/-]{1,100}$/u;

export class ApiTokens {
  constructor(
    private readonly repo: SqlApiTokenRepository,
    private readonly now: () => Date,
  ) {}

  /** NOT_FOUND if the tenant does not exist. */
  async create(request: NewApiToken): Promise<CreatedApiToken> {
    const tenantId = checkTenantId(request.tenantId);
    const role = roleParam(request.role);
    const name = request.name ?? 'api';
    if (!NAME.test(name)) throw new SottoError('USAGE', 'token name must be 1-100 letters, digits, spaces or ._:@/-');
    const { ttlMs } = request;
    if (ttlMs !== undefined && (!Number.isSafeInteger(ttlMs) || ttlMs <= 0)) {
      throw new SottoError('USAGE', 'token lifetime must be a positive number of milliseconds');
    }
    const now = this.now();
    const issued = issueToken('api');
    const record: ApiTokenRecord = {
      id: randomId('tok'),
      tenantId,
      role,
      name,
      tokenHash: issued.hash,
      createdAt: now.toISOString(),
      expiresAt: ttlMs === undefined ? undefined : new Date(now.getTime() + ttlMs).toISOString(),
      revokedAt: undefined,
    };
    await this.repo.create(record);
    return { ...apiTokenView(record), token: issued.token };
  }

  /** NOT_FOUND unless this tenant has a token with this id; revoking twice is fine. */
  async revoke(tenantId: string, id: string): Promise<void> {
    if (!(await this.repo.revoke(tenantId, id, this.now().toISOString()))) throw new SottoError('NOT_FOUND', 'no such API token');
  }

  async list(tenantId: string): Promise<ApiTokenView[]> {
    return (await this.repo.listByTenant(tenantId)).map(apiTokenView);
  }

  /** The service principal for a `sotto_t_…` token, or AUTH_INVALID / AUTH_EXPIRED. */
  async authenticate(token: string): Promise<Principal> {
    if (tokenKind(token) !== 'api') throw new SottoError('AUTH_INVALID');
    const record = await this.repo.findByTokenHash(tokenHash(token));
    if (record === undefined || record.revokedAt !== undefined) throw new SottoError('AUTH_INVALID');
    if (record.expiresAt !== undefined && this.now().getTime() >= Date.parse(record.expiresAt)) {
      throw new SottoError('AUTH_EXPIRED');
    }
    return Object.freeze({ id: record.id, kind: 'service', tenantId: record.tenantId, roles: Object.freeze([record.role]) });
  }
}

function apiTokenView(record: ApiTokenRecord): ApiTokenView {
  return {
    id: record.id,
    tenantId: record.tenantId,
    role: record.role,
    name: record.name,
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    revokedAt: record.revokedAt,
  };
}
