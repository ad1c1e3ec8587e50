import { optionalTimestampColumn, timestampColumn, timestampParam, type TimestampColumn } from '../../store/meta/records.js';
import type { SqlClient } from '../../store/meta/sql-client.js';
import type { SessionRecord } from './records.js';

interface SessionRow {
  id: string;
  user_id: string;
  tenant_id: string;
  token_hash: string;
  created_at: TimestampColumn;
  expires_at: TimestampColumn;
  last_seen_at: TimestampColumn;
  revoked_at: TimestampColumn | null;
}

const COLUMNS = 'id, user_id, tenant_id, token_hash, created_at, expires_at, last_seen_at, revoked_at';

export class SqlSessionRepository {
  constructor(private readonly sql: SqlClient) {}

  /** NOT_FOUND if the user does not exist in that tenant. */
  async create(session: SessionRecord): Promise<void> {
    await this.sql.run(`INSERT INTO sessions (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, [
      session.id,
      session.userId,
      session.tenantId,
      session.tokenHash,
      timestampParam(session.createdAt, 'createdAt'),
      timestampParam(session.expiresAt, 'expiresAt'),
      timestampParam(session.lastSeenAt, 'lastSeenAt'),
      session.revokedAt === undefined ? null : timestampParam(session.revokedAt, 'revokedAt'),
    ]);
  }

  async findByTokenHash(tokenHash: string): Promise<SessionRecord | undefined> {
    const [row] = await this.sql.rows<SessionRow>(`SELECT ${COLUMNS} FROM sessions WHERE token_hash = ?`, [tokenHash]);
    return row === undefined ? undefined : toSession(row);
  }

  async listByUser(userId: string): Promise<SessionRecord[]> {
    const rows = await this.sql.rows<SessionRow>(`SELECT ${COLUMNS} FROM sessions WHERE user_id = ? ORDER BY created_at, id`, [
      userId,
    ]);
    return rows.map(toSession);
  }

  /** Move last_seen_at forward (never back) on a live session. */
  async touch(id: string, at: string): Promise<void> {
    const when = timestampParam(at, 'at');
    await this.sql.run('UPDATE sessions SET last_seen_at = ? WHERE id = ? AND revoked_at IS NULL AND last_seen_at < ?', [
      when,
      id,
      when,
    ]);
  }

  /** Idempotent; returns whether a live session was revoked. */
  async revokeByTokenHash(tokenHash: string, at: string): Promise<boolean> {
    const changed = await this.sql.run('UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL', [
      timestampParam(at, 'at'),
      tokenHash,
    ]);
    return changed > 0;
  }

  /** Revoke every live session of a user; returns how many. */
  async revokeAllForUser(userId: string, at: string): Promise<number> {
    return this.sql.run('UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL', [
      timestampParam(at, 'at'),
      userId,
    ]);
  }
}

function toSession(row: SessionRow): SessionRecord {
  return {
    id: row.id,
    userId: row.user_id,
    tenantId: row.tenant_id,
    tokenHash: row.token_hash,
    createdAt: timestampColumn(row.created_at, 'created_at'),
    expiresAt: timestampColumn(row.expires_at, 'expires_at'),
    lastSeenAt: timestampColumn(row.last_seen_at, 'last_seen_at'),
    revokedAt: optionalTimestampColumn(row.revoked_at, 'revoked_at'),
  };
}
