import type { AuditEntry } from '../audit/entry.js';
import type { Incident } from './types.js';

/** The audit log's read side as impact and the alert watcher use it (MerkleAuditLog has it). */
export interface AuditEntrySource {
  size(): Promise<number>;
  entries(query: { from: number; limit: number }): Promise<{ index: number; entry: AuditEntry }[]>;
}

/** Deployment-wide resources and incidents carry this tenant id in authorization and audit. */
export const DEPLOYMENT_SCOPE = '*';

// Entry times are taken when the gateway decides, a little before the group commit assigns
// the index, and processes commit in any order: `at` is only nearly increasing in index order.
// The search and the scan therefore allow this much skew on each side of the window.
export const AUDIT_CLOCK_SKEW_MS = 5 * 60_000;
const PAGE = 2_000;

/** Actions that reach conversation data or its records; an allowed one "touched" what it names. */
const DATA_ACTIONS = new Set(['call.view', 'recording.listen', 'transcript.view', 'transcript.view_unredacted', 'call.export', 'call.delete', 'content.read']);
const touchesData = (action: string): boolean => DATA_ACTIONS.has(action) || action.endsWith('.export');

export interface IncidentImpact {
  window: { start: string; end: string | null };
  tenantId: string | null;
  /** Tenants whose data was touched, with how many allowed accesses each. */
  tenants: { tenantId: string; accesses: number }[];
  /** Data subjects, as keyed hashes only (never identities). */
  subjects: string[];
  calls: string[];
  artifacts: string[];
  principals: { id: string; kind: string; accesses: number }[];
  byAction: Record<string, number>;
  breakGlassUses: number;
  /** Denied attempts in the window, reported apart from what was touched. */
  denied: { total: number; byPrincipal: Record<string, number>; byAction: Record<string, number> };
  /** The audit indexes this answer rests on, and how many entries were read to find them. */
  audit: { firstIndex: number | null; lastIndex: number | null; logSize: number; entriesRead: number };
}

/**
 * What the incident's window touched, from the audit log. The log table has no index on time
 * (its key is the entry index), so the first entry of the window is found by binary search
 * over indexes — entry times grow with the index, up to AUDIT_CLOCK_SKEW_MS — and only the
 * window (plus the skew margin) is read: O(log n + window) entries, not the whole log.
 */
export async function incidentImpact(audit: AuditEntrySource, incident: Incident, now: Date): Promise<IncidentImpact> {
  const start = Date.parse(incident.windowStart);
  const end = incident.windowEnd === undefined ? now.getTime() : Date.parse(incident.windowEnd);
  const size = await audit.size();
  let entriesRead = 0;
  const timeAt = async (index: number): Promise<number> => {
    entriesRead += 1;
    const [found] = await audit.entries({ from: index, limit: 1 });
    return found === undefined ? Number.POSITIVE_INFINITY : Date.parse(found.entry.at);
  };
  // First index whose time is at or after start - skew.
  let lo = 0;
  let hi = size;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if ((await timeAt(mid)) < start - AUDIT_CLOCK_SKEW_MS) lo = mid + 1;
    else hi = mid;
  }
  const acc = new ImpactAccumulator(incident.tenantId);
  // Pages grow from small to PAGE, so a short window costs a few reads, a long one few round trips.
  for (let from = lo, pageSize = 64; from < size; from += pageSize, pageSize = Math.min(PAGE, pageSize * 2)) {
    const page = await audit.entries({ from, limit: Math.min(pageSize, size - from) });
    entriesRead += page.length;
    let past = false;
    for (const { index, entry } of page) {
      const at = Date.parse(entry.at);
      if (at > end + AUDIT_CLOCK_SKEW_MS) {
        past = true;
        break;
      }
      if (at >= start && at <= end) acc.add(index, entry);
    }
    if (past || page.length === 0) break;
  }
  return acc.result({ start: incident.windowStart, end: incident.windowEnd ?? null }, size, entriesRead);
}

class ImpactAccumulator {
  private readonly tenants = new Map<string, number>();
  private readonly subjects = new Set<string>();
  private readonly calls = new Set<string>();
  private readonly artifacts = new Set<string>();
  private readonly principals = new Map<string, { id: string; kind: string; accesses: number }>();
  private readonly byAction: Record<string, number> = {};
  private readonly denied = { total: 0, byPrincipal: {} as Record<string, number>, byAction: {} as Record<string, number> };
  private breakGlassUses = 0;
  private firstIndex: number | null = null;
  private lastIndex: number | null = null;

  constructor(private readonly tenantId: string | null) {}

  add(index: number, entry: AuditEntry): void {
    // A tenant incident covers its tenant's data only; a deployment-wide one covers all.
    if (this.tenantId !== null && entry.resource.tenantId !== this.tenantId) return;
    if (!touchesData(entry.action)) return;
    this.firstIndex ??= index;
    this.lastIndex = index;
    if (entry.outcome === 'denied') {
      this.denied.total += 1;
      bump(this.denied.byPrincipal, entry.principal.id);
      bump(this.denied.byAction, entry.action);
      return;
    }
    if (entry.outcome !== 'allowed') return;
    const { resource, principal } = entry;
    if (resource.tenantId !== null) this.tenants.set(resource.tenantId, (this.tenants.get(resource.tenantId) ?? 0) + 1);
    if (resource.subjectRef !== undefined) this.subjects.add(resource.subjectRef);
    if (resource.id !== null && resource.type === 'call') this.calls.add(resource.id);
    if (resource.id !== null && resource.type === 'artifact') this.artifacts.add(resource.id);
    const p = this.principals.get(principal.id) ?? { id: principal.id, kind: principal.kind, accesses: 0 };
    p.accesses += 1;
    this.principals.set(principal.id, p);
    bump(this.byAction, entry.action);
    if (entry.breakGlass) this.breakGlassUses += 1;
  }

  result(window: IncidentImpact['window'], logSize: number, entriesRead: number): IncidentImpact {
    return {
      window,
      tenantId: this.tenantId,
      tenants: [...this.tenants].map(([tenantId, accesses]) => ({ tenantId, accesses })).sort((a, b) => a.tenantId.localeCompare(b.tenantId)),
      subjects: [...this.subjects].sort(),
      calls: [...this.calls].sort(),
      artifacts: [...this.artifacts].sort(),
      principals: [...this.principals.values()].sort((a, b) => b.accesses - a.accesses || a.id.localeCompare(b.id)),
      byAction: this.byAction,
      breakGlassUses: this.breakGlassUses,
      denied: this.denied,
      audit: { firstIndex: this.firstIndex, lastIndex: this.lastIndex, logSize, entriesRead },
    };
  }
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}
