import type { PolicyAuthorizer } from '../access/policy/index.js';
import type { MerkleAuditLog } from '../audit/log/index.js';
import type { SottoConfig } from '../config/index.js';
import type { SqlStatements } from '../store/meta/sql-client.js';
import type { KeyDescription } from '../vault/keys/index.js';

/** What the posture sections read; the runtime provides all of it (narrow on purpose). */
export interface PostureSources {
  config: SottoConfig;
  sql: SqlStatements;
  keyProviderName: string;
  keyStatus(tenantId: string): Promise<{ key: KeyDescription | undefined; subjectKeysByVersion: Record<string, number> }>;
  authorizer: Pick<PolicyAuthorizer, 'describe'>;
  audit: Pick<MerkleAuditLog, 'size'>;
  now(): Date;
}

/** The tenants a report covers: one, or every tenant for the deployment-wide report. */
export async function tenantsInScope(sources: PostureSources, tenantId: string | null): Promise<string[]> {
  if (tenantId !== null) return [tenantId];
  const rows = await sources.sql.rows<{ id: string }>('SELECT id FROM tenants ORDER BY id');
  return rows.map((r) => r.id);
}

/** `WHERE tenant_id = ?` when the report is about one tenant, nothing otherwise. */
export function tenantFilter(tenantId: string | null, column = 'tenant_id'): { clause: string; params: string[] } {
  return tenantId === null ? { clause: '', params: [] } : { clause: ` AND ${column} = ?`, params: [tenantId] };
}

/** A stored time as ISO 8601: SQLite returns text, PostgreSQL's timestamptz a Date. */
export function storedTime(value: string | Date | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function ageDays(from: string | Date | null | undefined, now: Date): number | null {
  const at = storedTime(from);
  return at === null ? null : Math.floor((now.getTime() - Date.parse(at)) / 86_400_000);
}

/** The sources of a running deployment. */
export function postureSources(rt: {
  config: SottoConfig;
  store: { sql: SqlStatements };
  keys: { name: string };
  vault: Pick<PostureSources, 'keyStatus'>;
  authorizer: PostureSources['authorizer'];
  audit: PostureSources['audit'];
}): PostureSources {
  return {
    config: rt.config,
    sql: rt.store.sql,
    keyProviderName: rt.keys.name,
    keyStatus: (tenantId) => rt.vault.keyStatus(tenantId),
    authorizer: rt.authorizer,
    audit: rt.audit,
    now: () => new Date(),
  };
}
