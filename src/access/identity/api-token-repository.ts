import { optionalTimestampColumn, timestampColumn, timestampParam, type TimestampColumn } from '../../store/meta/records.js';
import type { SqlClient } from '../../store/meta/sql-client.js';
import { roleColumn, roleParam, type ApiTokenRecord } from './records.js';

interface ApiTokenRow {
  id: string;
  tenant_id: string;
  role: string;
  name: string;
  token_hash: string;
  created_at: TimestampColumn;
  expires_at: TimestampColumn | null;
  revoked_at: TimestampColumn | null;
}

const COLUMNS = 'id, tenant_id, role, name, token_hash, created_at, expires_at, revoked_at';

export class SqlApiTokenRepository {
  constructor(private readonly sql: SqlClient) {}

  /** NOT_FOUND if the tenant does not exist. */
  async create(token: ApiTokenRecord): Promise<void> {
    await this.sql.run(`INSERT INTO api_tokens (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, [
      token.id,
      token.tenantId,
      roleParam(token.role),
      token.name,
      token.tokenHash,
      timestampParam(token.createdAt, 'createdAt'),
      token.expiresAt === undefined ? null : timestampParam(token.expiresAt, 'expiresAt'),
      token.revokedAt === undefined ? null : timestampParam(token.revokedAt, 'revokedAt'),
    ]);
  }

  async findByTokenHash(tokenHash: string): Promise<ApiTokenRecord | undefined> {
    const [row] = await this.sql.rows<ApiTokenRow>(`SELECT ${COLUMNS} FROM api_tokens WHERE token_hash = ?`, [tokenHash]);
    return row === undefined ? undefined : toApiToken(row);
  }

  async listByTenant(tenantId: string): Promise<ApiTokenRecord[]> {
    const rows = await this.sql.rows<ApiTokenRow>(
      `SELECT ${COLUMNS} FROM api_tokens WHERE tenant_id = ? ORDER BY created_at, id`,
      [tenantId],
    );
    return rows.map(toApiToken);
  }

  /**
   * Revoke a token of this tenant (the tenant is part of the key, so one tenant can never
   * revoke another's). Idempotent: the first time is kept. Returns whether the token exists.
   */
  async revoke(tenantId: string, id: string, at: string): Promise<boolean> {
    const changed = await this.sql.run(
      'UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE tenant_id = ? AND id = ?',
      [timestampParam(at, 'at'), tenantId, id],
    );
    return changed > 0;
  }
}

function toApiToken(row: ApiTokenRow): ApiTokenRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    role: roleColumn(row.role),
    name: row.name,
    tokenHash: row.token_hash,
    createdAt: timestampColumn(row.created_at, 'created_at'),
    expiresAt: optionalTimestampColumn(row.expires_at, 'expires_at'),
    revokedAt: optionalTimestampColumn(row.revoked_at, 'revoked_at'),
  };
}
