import { SottoError } from '../errors/index.js';
import { optionalTimestampColumn, timestampParam, type TimestampColumn } from '../store/meta/records.js';
import type { SqlStatements } from '../store/meta/sql-client.js';
import { defaultTenantPolicy, parseTenantPolicy, type TenantSubprocessorPolicy } from './policy.js';

export interface StoredTenantPolicy {
  policy: TenantSubprocessorPolicy;
  /** 'default' until the tenant sets its own policy. */
  source: 'default' | 'tenant';
  updatedAt: string | undefined;
}

interface PolicyRow {
  policy: string;
  updated_at: TimestampColumn;
}

/** A tenant's policy, or the documented default. A stored policy that no longer validates throws (fail closed). */
export async function readTenantPolicy(sql: SqlStatements, tenantId: string): Promise<StoredTenantPolicy> {
  const rows = await sql.rows<PolicyRow>('SELECT policy, updated_at FROM subprocessor_policies WHERE tenant_id = ?', [tenantId]);
  const row = rows[0];
  if (!row) return { policy: defaultTenantPolicy(), source: 'default', updatedAt: undefined };
  let value: unknown;
  try {
    value = JSON.parse(row.policy);
  } catch {
    throw new SottoError('SUBPROCESSOR_POLICY_INVALID', 'the stored subprocessor policy is not valid JSON');
  }
  return { policy: parseTenantPolicy(value), source: 'tenant', updatedAt: optionalTimestampColumn(row.updated_at, 'updated_at') };
}

export async function writeTenantPolicy(sql: SqlStatements, tenantId: string, policy: TenantSubprocessorPolicy, at: string): Promise<void> {
  await sql.run(
    `INSERT INTO subprocessor_policies (tenant_id, policy, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (tenant_id) DO UPDATE SET policy = excluded.policy, updated_at = excluded.updated_at`,
    [tenantId, JSON.stringify(policy), timestampParam(at, 'updatedAt')],
  );
}

/**
 * What changed, for the audit entry: certification names, a flag and the size of the allow
 * list. Provider names are left out: the list is tenant-supplied text.
 */
export function describeChange(before: TenantSubprocessorPolicy, after: TenantSubprocessorPolicy): string {
  const list = (l: readonly string[]): string => (l.length === 0 ? 'none' : l.join('+'));
  const allow = (l: readonly string[] | null): string => (l === null ? 'any declared' : `${l.length} named`);
  const parts: string[] = [];
  if (list(before.healthDataRequires) !== list(after.healthDataRequires)) parts.push(`health requires ${list(before.healthDataRequires)} -> ${list(after.healthDataRequires)}`);
  if (list(before.cardDataRequires) !== list(after.cardDataRequires)) parts.push(`card requires ${list(before.cardDataRequires)} -> ${list(after.cardDataRequires)}`);
  if (before.sameRegionOnly !== after.sameRegionOnly) parts.push(`same region only ${String(before.sameRegionOnly)} -> ${String(after.sameRegionOnly)}`);
  if (JSON.stringify(before.allowedProviders) !== JSON.stringify(after.allowedProviders)) parts.push(`providers ${allow(before.allowedProviders)} -> ${allow(after.allowedProviders)}`);
  return parts.length === 0 ? 'unchanged' : parts.join('; ');
}
