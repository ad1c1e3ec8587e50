import type { AuditEntry } from '../../audit/entry.js';
import type { AlertsConfig } from '../../config/alerts.js';

export const ALERT_RULES = ['bulk_export', 'denied_by_principal', 'denied_against_tenant', 'break_glass', 'unusual_read_volume'] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

/** What an alert says: ids, action names, counts and audit indexes — no personal data. */
export interface AlertPayload {
  rule: AlertRule;
  principalId: string | null;
  tenantId: string | null;
  action: string | null;
  /** Counting rules: the count that crossed the threshold, in the window below. */
  count: number;
  threshold: number | null;
  window: { start: string; end: string } | null;
  /** Audit indexes behind the alert (at most MAX_INDEXES, the latest). */
  auditIndexes: number[];
}

/** One counter step: `count` more events for (rule, subject) in the window `bucket`. */
export interface CountStep {
  rule: Exclude<AlertRule, 'break_glass'>;
  subject: string;
  bucket: number;
  count: number;
  threshold: number;
  principalId: string | null;
  tenantId: string | null;
  indexes: number[];
}

export const MAX_INDEXES = 50;

// Content reads: the permissions that return conversation content or exports of it.
const READS = new Set(['recording.listen', 'transcript.view', 'transcript.view_unredacted', 'call.export', 'content.read']);

/**
 * Evaluate a batch of audit entries. Counting rules count per fixed window (bucket =
 * floor(at / windowMs)) — simple to explain and to store; a burst split across a window
 * boundary can reach up to twice the threshold before it alerts (docs/incidents.md).
 * Break-glass alerts fire on every entry that used or opened a grant.
 */
export function evaluateEntries(
  entries: readonly { index: number; entry: AuditEntry }[],
  config: Pick<AlertsConfig, 'windowMs' | 'thresholds'>,
): { steps: CountStep[]; immediate: AlertPayload[] } {
  const steps = new Map<string, CountStep>();
  const immediate: AlertPayload[] = [];
  const t = config.thresholds;
  const count = (rule: CountStep['rule'], subject: string, threshold: number, index: number, entry: AuditEntry): void => {
    const bucket = Math.floor(Date.parse(entry.at) / config.windowMs);
    const key = `${rule}\u0000${subject}\u0000${bucket}`;
    let step = steps.get(key);
    if (step === undefined) {
      step = {
        rule,
        subject,
        bucket,
        count: 0,
        threshold,
        principalId: rule === 'denied_against_tenant' ? null : entry.principal.id,
        tenantId: rule === 'denied_against_tenant' ? subject : (entry.resource.tenantId ?? entry.principal.tenantId),
        indexes: [],
      };
      steps.set(key, step);
    }
    step.count += 1;
    step.indexes.push(index);
    if (step.indexes.length > MAX_INDEXES) step.indexes.shift();
  };
  for (const { index, entry } of entries) {
    const who = `${entry.principal.kind}:${entry.principal.id}`;
    if (entry.outcome === 'allowed' && entry.action.endsWith('.export')) count('bulk_export', who, t.exportsPerPrincipal, index, entry);
    if (entry.outcome === 'allowed' && READS.has(entry.action)) count('unusual_read_volume', who, t.readsPerPrincipal, index, entry);
    if (entry.outcome === 'denied') {
      count('denied_by_principal', who, t.deniedPerPrincipal, index, entry);
      if (entry.resource.tenantId !== null) count('denied_against_tenant', entry.resource.tenantId, t.deniedPerTenant, index, entry);
    }
    if (entry.breakGlass !== undefined || (entry.action === 'break_glass.open' && entry.outcome === 'allowed')) {
      immediate.push({
        rule: 'break_glass',
        principalId: entry.principal.id,
        tenantId: entry.resource.tenantId ?? entry.principal.tenantId,
        action: entry.action,
        count: 1,
        threshold: null,
        window: null,
        auditIndexes: [index],
      });
    }
  }
  return { steps: [...steps.values()], immediate };
}

/** The alert a counter step raises when it carries the window's count across the threshold. */
export function crossing(step: CountStep, before: number, windowMs: number): AlertPayload | undefined {
  if (before >= step.threshold || before + step.count < step.threshold) return undefined;
  return {
    rule: step.rule,
    principalId: step.principalId,
    tenantId: step.tenantId,
    action: null,
    count: before + step.count,
    threshold: step.threshold,
    window: { start: new Date(step.bucket * windowMs).toISOString(), end: new Date((step.bucket + 1) * windowMs).toISOString() },
    auditIndexes: step.indexes,
  };
}
