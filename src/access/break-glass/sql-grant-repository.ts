import { SottoError } from '../../errors/index.js';
import { optionalTimestampColumn, timestampColumn, timestampParam, type TimestampColumn } from '../../store/meta/records.js';
import type { SqlClient } from '../../store/meta/sql-client.js';
import { PERMISSIONS, type Permission } from '../permissions.js';
import type { BreakGlassGrant, BreakGlassGrantRepository } from './grant.js';

interface GrantRow {
  id: string;
  tenant_id: string;
  principal_id: string;
  permission: string;
  resource_id: string | null;
  reason: string;
  created_at: TimestampColumn;
  expires_at: TimestampColumn;
  revoked_at: TimestampColumn | null;
}

const COLUMNS = 'id, tenant_id, principal_id, permission, resource_id, reason, created_at, expires_at, revoked_at';

/** Grants on the metadata store (migration 4), one SQL text for SQLite and PostgreSQL. */
export class SqlBreakGlassGrantRepository implements BreakGlassGrantRepository {
  constructor(private readonly sql: SqlClient) {}

  async create(grant: BreakGlassGrant): Promise<void> {
    await this.sql.run(`INSERT INTO break_glass_grants (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      grant.id,
      grant.tenantId,
      grant.principalId,
      grant.permission,
      grant.resourceId,
      grant.reason,
      timestampParam(grant.createdAt, 'createdAt'),
      timestampParam(grant.expiresAt, 'expiresAt'),
      grant.revokedAt === undefined ? null : timestampParam(grant.revokedAt, 'revokedAt'),
    ]);
  }

  async get(id: string): Promise<BreakGlassGrant | undefined> {
    const [row] = await this.sql.rows<GrantRow>(`SELECT ${COLUMNS} FROM break_glass_grants WHERE id = ?`, [id]);
    return row === undefined ? undefined : toGrant(row);
  }

  async findActive(query: Parameters<BreakGlassGrantRepository['findActive']>[0]): Promise<BreakGlassGrant | undefined> {
    const scope = query.resourceId === null ? 'resource_id IS NULL' : '(resource_id IS NULL OR resource_id = ?)';
    const params = [query.tenantId, query.principalId, query.permission, timestampParam(query.now, 'now')];
    const [row] = await this.sql.rows<GrantRow>(
      `SELECT ${COLUMNS} FROM break_glass_grants
       WHERE tenant_id = ? AND principal_id = ? AND permission = ? AND revoked_at IS NULL AND expires_at > ? AND ${scope}
       ORDER BY CASE WHEN resource_id IS NULL THEN 1 ELSE 0 END, expires_at DESC, id
       LIMIT 1`,
      query.resourceId === null ? params : [...params, query.resourceId],
    );
    return row === undefined ? undefined : toGrant(row);
  }

  async listActive(tenantId: string, now: string): Promise<BreakGlassGrant[]> {
    const rows = await this.sql.rows<GrantRow>(
      `SELECT ${COLUMNS} FROM break_glass_grants
       WHERE tenant_id = ? AND revoked_at IS NULL AND expires_at > ? ORDER BY created_at, id`,
      [tenantId, timestampParam(now, 'now')],
    );
    return rows.map(toGrant);
  }

  async revoke(id: string, at: string): Promise<boolean> {
    const when = timestampParam(at, 'at');
    await this.sql.run('UPDATE break_glass_grants SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [when, id]);
    const [row] = await this.sql.rows<{ id: string }>('SELECT id FROM break_glass_grants WHERE id = ?', [id]);
    return row !== undefined;
  }
}

function toGrant(row: GrantRow): BreakGlassGrant {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    principalId: row.principal_id,
    permission: permissionColumn(row.permission),
    resourceId: row.resource_id,
    reason: row.reason,
    createdAt: timestampColumn(row.created_at, 'created_at'),
    expiresAt: timestampColumn(row.expires_at, 'expires_at'),
    revokedAt: optionalTimestampColumn(row.revoked_at, 'revoked_at'),
  };
}

/** A stored permission this build does not know grants nothing: refuse the row. */
function permissionColumn(value: string): Permission {
  const known = PERMISSIONS.find((p) => p === value);
  if (known === undefined) throw new SottoError('INTERNAL', 'stored break-glass grant names an unknown permission');
  return known;
}
