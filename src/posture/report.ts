import { accessControl, auditLog } from './sections/access-audit.js';
import { encryptionAtRest, encryptionInTransit } from './sections/encryption.js';
import { dataResidency, incidentResponse, subprocessors } from './sections/governance.js';
import { retention, rightToDeletion } from './sections/lifecycle.js';
import type { PostureSources } from './sources.js';
import type { PostureItem, PostureReport, PostureStatus } from './types.js';

/**
 * The vendor checklist a bank or clinic sends before a voice agent may answer its customers,
 * answered from this deployment's own state. `tenantId` null: the whole deployment.
 */
export async function postureReport(sources: PostureSources, tenantId: string | null): Promise<PostureReport> {
  const items: PostureItem[] = [];
  // One after another: on SQLite they share one connection, and the report is not hot.
  items.push(await encryptionAtRest(sources, tenantId));
  items.push(await encryptionInTransit(sources));
  items.push(await dataResidency(sources, tenantId));
  items.push(await subprocessors(sources, tenantId));
  items.push(await incidentResponse(sources, tenantId));
  items.push(await rightToDeletion(sources, tenantId));
  items.push(await retention(sources, tenantId));
  items.push(await accessControl(sources, tenantId));
  items.push(await auditLog(sources));
  const summary: Record<PostureStatus, number> = { in_place: 0, partial: 0, not_in_place: 0 };
  for (const item of items) summary[item.status] += 1;
  return { generatedAt: sources.now().toISOString(), tenantId, items, summary };
}

const MARK: Record<PostureStatus, string> = { in_place: 'in place', partial: 'partly', not_in_place: 'NOT in place' };

/** Plain text for a terminal: one heading per item, then what is missing. */
export function renderPosture(report: PostureReport): string {
  const lines = [`Sotto posture ${report.tenantId === null ? '(whole deployment)' : `(tenant ${report.tenantId})`} at ${report.generatedAt}`];
  for (const item of report.items) {
    lines.push('', `${item.title}: ${MARK[item.status]}`);
    for (const [name, value] of Object.entries(item.evidence)) lines.push(`  ${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
    for (const gap of item.gaps) lines.push(`  - ${gap}`);
  }
  const s = report.summary;
  lines.push('', `${s.in_place} in place, ${s.partial} partly, ${s.not_in_place} not in place`);
  return lines.join('\n');
}
