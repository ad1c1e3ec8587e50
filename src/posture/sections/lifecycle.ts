import { DAY_MS, DEFAULT_RETENTION_DAYS } from '../../lifecycle/data-classes.js';
import { retentionSchedule } from '../../lifecycle/retention.js';
import { ageDays, storedTime, tenantFilter, tenantsInScope, type PostureSources } from '../sources.js';
import { itemStatus, type PostureItem } from '../types.js';

/** An erasure still open after a day was interrupted (a run takes seconds): it must be resumed. */
const STALLED_ERASURE_DAYS = 1;

export async function rightToDeletion(sources: PostureSources, tenantId: string | null): Promise<PostureItem> {
  const now = sources.now();
  const f = tenantFilter(tenantId);
  const [open] = await sources.sql.rows<{ n: number | string; oldest: string | Date | null }>(
    `SELECT COUNT(*) AS n, MIN(requested_at) AS oldest FROM erasure_requests WHERE completed_at IS NULL${f.clause}`,
    f.params,
  );
  const [done] = await sources.sql.rows<{ n: number | string; latest: string | Date | null }>(
    `SELECT COUNT(*) AS n, MAX(completed_at) AS latest FROM erasure_requests WHERE completed_at IS NOT NULL${f.clause}`,
    f.params,
  );
  const [pending] = await sources.sql.rows<{ n: number | string }>(
    `SELECT COUNT(*) AS n FROM deletions WHERE completed_at IS NULL AND lease_until < ?${f.clause}`,
    [now.toISOString(), ...f.params],
  );
  const openCount = Number(open?.n ?? 0);
  const oldestOpenDays = ageDays(open?.oldest, now);
  const stalledDeletions = Number(pending?.n ?? 0);
  const gaps: string[] = [];
  if (openCount > 0 && oldestOpenDays !== null && oldestOpenDays >= STALLED_ERASURE_DAYS) {
    gaps.push(`${openCount} erasure request(s) unfinished, the oldest ${oldestOpenDays} day(s) old: run the same sotto erase again to resume`);
  }
  if (stalledDeletions > 0) gaps.push(`${stalledDeletions} deletion(s) claimed by a process that stopped; the next sweep or erasure completes them`);
  return {
    id: 'right_to_deletion',
    title: 'Right to deletion (erasure)',
    status: itemStatus(gaps, false),
    evidence: {
      method: 'subject key destroyed first (crypto-shredding, backups unreadable), then blobs and records deleted; signed deletion certificates',
      openErasures: openCount,
      oldestOpenErasureDays: oldestOpenDays,
      completedErasures: Number(done?.n ?? 0),
      lastCompletedAt: storedTime(done?.latest),
      stalledDeletions,
    },
    gaps,
  };
}

export async function retention(sources: PostureSources, tenantId: string | null): Promise<PostureItem> {
  const now = sources.now();
  const gaps: string[] = [];
  const tenants = [];
  let backlog = 0;
  for (const tenant of await tenantsInScope(sources, tenantId)) {
    const schedule = await retentionSchedule(sources.sql, tenant);
    const overrides = Object.values(schedule).filter((s) => s.source === 'tenant');
    let expired = 0;
    for (const kind of ['recording', 'transcript', 'export'] as const) {
      const cutoff = new Date(now.getTime() - schedule[kind].days * DAY_MS).toISOString();
      const [row] = await sources.sql.rows<{ n: number | string }>(
        'SELECT COUNT(*) AS n FROM artifacts WHERE tenant_id = ? AND kind = ? AND deleted_at IS NULL AND created_at < ?',
        [tenant, kind, cutoff],
      );
      expired += Number(row?.n ?? 0);
    }
    backlog += expired;
    tenants.push({ tenant, overrides: overrides.map((s) => ({ dataClass: s.dataClass, days: s.days })), expiredNotDeleted: expired });
  }
  const f = tenantFilter(tenantId);
  const [last] = await sources.sql.rows<{ latest: string | Date | null }>(
    `SELECT MAX(deleted_at) AS latest FROM deletions WHERE cause = 'retention'${f.clause}`,
    f.params,
  );
  const [holds] = await sources.sql.rows<{ n: number | string }>(`SELECT COUNT(*) AS n FROM legal_holds WHERE released_at IS NULL${f.clause}`, f.params);
  if (backlog > 0) {
    gaps.push(
      `${backlog} artifact(s) are past their retention period and not yet deleted (some may be under legal hold); ` +
        'sotto serve sweeps on a schedule, sotto retention sweep runs one now',
    );
  }
  return {
    id: 'retention',
    title: 'Retention',
    status: itemStatus(gaps, false),
    evidence: {
      defaultsDays: DEFAULT_RETENTION_DAYS,
      sweepIntervalMs: sources.config.lifecycle.sweepIntervalMs,
      lastRetentionDeletionAt: storedTime(last?.latest),
      activeLegalHolds: Number(holds?.n ?? 0),
      tenants,
    },
    gaps,
  };
}
