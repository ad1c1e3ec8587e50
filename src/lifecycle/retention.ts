import type { Principal, RequestContext } from '../access/index.js';
import { SottoError } from '../errors/index.js';
import { integerColumn, optionalTimestampColumn, timestampParam, type IntegerColumn, type TimestampColumn } from '../store/meta/records.js';
import type { SqlStatements } from '../store/meta/sql-client.js';
import { checkTenantId } from '../vault/index.js';
import { checkDataClass, checkRetentionDays, DATA_CLASSES, DEFAULT_RETENTION_DAYS, type DataClass } from './data-classes.js';
import type { ResolvedLifecycleDeps } from './deps.js';

export interface RetentionSetting {
  dataClass: DataClass;
  days: number;
  /** 'default' until the tenant sets its own period. */
  source: 'default' | 'tenant';
  updatedAt: string | undefined;
}

export type RetentionSchedule = Record<DataClass, RetentionSetting>;

interface PolicyRow {
  data_class: string;
  days: IntegerColumn;
  updated_at: TimestampColumn;
}

/** A tenant's retention periods: its own rows over the documented defaults. */
export async function retentionSchedule(sql: SqlStatements, tenantId: string): Promise<RetentionSchedule> {
  const rows = await sql.rows<PolicyRow>('SELECT data_class, days, updated_at FROM retention_policies WHERE tenant_id = ?', [tenantId]);
  const schedule = Object.fromEntries(
    DATA_CLASSES.map((dataClass) => [dataClass, { dataClass, days: DEFAULT_RETENTION_DAYS[dataClass], source: 'default', updatedAt: undefined }]),
  ) as RetentionSchedule;
  for (const row of rows) {
    const dataClass = checkDataClass(row.data_class);
    schedule[dataClass] = { dataClass, days: integerColumn(row.days, 'days'), source: 'tenant', updatedAt: optionalTimestampColumn(row.updated_at, 'updated_at') };
  }
  return schedule;
}

/** `sotto retention show`: retention.manage, audited, like every read of lifecycle settings. */
export async function showRetention(deps: ResolvedLifecycleDeps, principal: Principal, tenantId: string, ctx: RequestContext): Promise<RetentionSchedule> {
  const tenant = checkTenantId(tenantId);
  await deps.gateway.require(principal, 'retention.manage', { type: 'tenant', id: tenant, tenantId: tenant }, ctx);
  await requireTenant(deps, tenant);
  return retentionSchedule(deps.store.sql, tenant);
}

/**
 * Change one period: authorized (retention.manage) and audited before the change, then the
 * change itself audited with the old and new periods (numbers only, no personal data).
 * Shortening a period takes effect at the next sweep.
 */
export async function setRetention(
  deps: ResolvedLifecycleDeps,
  principal: Principal,
  change: { tenantId: string; dataClass: string; days: number },
  ctx: RequestContext,
): Promise<{ previous: RetentionSetting; current: RetentionSetting }> {
  const tenantId = checkTenantId(change.tenantId);
  const dataClass = checkDataClass(change.dataClass);
  const days = checkRetentionDays(change.days);
  const resource = { type: 'tenant' as const, id: tenantId, tenantId };
  await deps.gateway.require(principal, 'retention.manage', resource, ctx);
  await requireTenant(deps, tenantId);
  const previous = (await retentionSchedule(deps.store.sql, tenantId))[dataClass];
  const at = deps.now().toISOString();
  await deps.store.sql.run(
    `INSERT INTO retention_policies (tenant_id, data_class, days, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (tenant_id, data_class) DO UPDATE SET days = excluded.days, updated_at = excluded.updated_at`,
    [tenantId, dataClass, days, timestampParam(at, 'updatedAt')],
  );
  await deps.gateway.record(principal, 'retention.set', resource, 'allowed', `${dataClass}: ${previous.days} -> ${days} days`, ctx);
  return { previous, current: { dataClass, days, source: 'tenant', updatedAt: at } };
}

export async function requireTenant(deps: ResolvedLifecycleDeps, tenantId: string): Promise<void> {
  if (!(await deps.store.tenants.get(tenantId))) throw new SottoError('NOT_FOUND', 'no such tenant');
}
