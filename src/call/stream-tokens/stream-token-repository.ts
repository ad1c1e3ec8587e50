import { optionalTimestampColumn, timestampColumn, timestampParam, type TimestampColumn } from '../../store/meta/records.js';
import type { SqlClient } from '../../store/meta/sql-client.js';

/** A stream token as stored: never the token, only its SHA-256. */
export interface StreamTokenRecord {
  id: string;
  tenantId: string;
  agent: string | undefined;
  tokenHash: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | undefined;
}

interface StreamTokenRow {
  id: string;
  tenant_id: string;
  agent: string | null;
  token_hash: string;
  created_by: string;
  created_at: TimestampColumn;
  expires_at: TimestampColumn;
  used_at: TimestampColumn | null;
}

const COLUMNS = 'id, tenant_id, agent, token_hash, created_by, created_at, expires_at, used_at';

export class SqlStreamTokenRepository {
  constructor(private readonly sql: SqlClient) {}

  /** NOT_FOUND if the tenant does not exist. */
  async create(token: StreamTokenRecord): Promise<void> {
    await this.sql.run(`INSERT INTO stream_tokens (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)`, [
      token.id,
      token.tenantId,
      token.agent ?? null,
      token.tokenHash,
      token.createdBy,
      timestampParam(token.createdAt, 'createdAt'),
      timestampParam(token.expiresAt, 'expiresAt'),
    ]);
  }

  /**
   * Marks the unused, unexpired token with this hash as used and returns it, in one conditional
   * UPDATE … RETURNING: of two processes presenting the same token at once, exactly one gets the
   * row (PostgreSQL re-checks `used_at IS NULL` after the first commit; SQLite has one writer).
   */
  async consume(tokenHash: string, at: string): Promise<StreamTokenRecord | undefined> {
    const now = timestampParam(at, 'at');
    const [row] = await this.sql.rows<StreamTokenRow>(
      `UPDATE stream_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING ${COLUMNS}`,
      [now, tokenHash, now],
    );
    return row === undefined ? undefined : toRecord(row);
  }

  /** Only to say why a token was refused (used, expired or unknown); grants nothing. */
  async findByTokenHash(tokenHash: string): Promise<StreamTokenRecord | undefined> {
    const [row] = await this.sql.rows<StreamTokenRow>(`SELECT ${COLUMNS} FROM stream_tokens WHERE token_hash = ?`, [tokenHash]);
    return row === undefined ? undefined : toRecord(row);
  }

  /** Removes a token (a mint whose audit entry could not be written must not stay usable). */
  async delete(id: string): Promise<void> {
    await this.sql.run('DELETE FROM stream_tokens WHERE id = ?', [id]);
  }

  /** Forgets tokens that expired before `before`; returns how many. */
  async prune(before: string): Promise<number> {
    return this.sql.run('DELETE FROM stream_tokens WHERE expires_at < ?', [timestampParam(before, 'before')]);
  }
}

function toRecord(row: StreamTokenRow): StreamTokenRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    agent: row.agent ?? undefined,
    tokenHash: row.token_hash,
    createdBy: row.created_by,
    createdAt: timestampColumn(row.created_at, 'created_at'),
    expiresAt: timestampColumn(row.expires_at, 'expires_at'),
    usedAt: optionalTimestampColumn(row.used_at, 'used_at'),
  };
}
