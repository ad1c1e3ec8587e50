// Which audit entries GET /v1/audit/entries answers with: those the principal's tenant may see,
// narrowed by the query's filters, scanned oldest-first from `from` or newest-first below
// `before`. The log has no secondary indexes (it is an append-only Merkle log), so filtering is a
// bounded scan: a page that found fewer entries than asked still returns a cursor to go on from.
import type { Principal } from '../../access/index.js';
import type { AuditEntry } from '../../audit/entry.js';

/** Entries examined per request, matching or not: bounds the work one request can cause. */
export const SCAN_LIMIT = 10_000;
const READ_PAGE = 1000;

export interface AuditEntryFilter {
  action?: string;
  outcome?: AuditEntry['outcome'];
  /** A principal id (user, token, session owner). */
  principal?: string;
  /** A resource id: a call, artifact, grant, person … */
  resource?: string;
  resourceType?: string;
  /** Inclusive bounds on the entry's time, ISO-8601. */
  since?: string;
  until?: string;
}

export type AuditEntryQuery = AuditEntryFilter & { limit: number } & ({ order: 'asc'; from: number } | { order: 'desc'; before: number });

export interface AuditEntryPage {
  entries: { index: number; entry: AuditEntry }[];
  /** `from` (oldest first) or `before` (newest first) for the next page; null at the log's end. */
  next: number | null;
}

type ReadEntries = (query: { from: number; limit: number }) => Promise<{ index: number; entry: AuditEntry }[]>;

/**
 * A tenant's auditor sees the entries that concern the tenant; the log itself (checkpoints,
 * consistency) is installation-wide and reveals only hashes.
 */
export function visibleTo(principal: Principal, entry: AuditEntry): boolean {
  if (principal.tenantId === undefined) return true;
  return entry.resource.tenantId === principal.tenantId || entry.principal.tenantId === principal.tenantId;
}

/** The filter as a test of one entry; the time bounds are parsed once, not per entry. */
export function matcher(filter: AuditEntryFilter): (entry: AuditEntry) => boolean {
  // Entry times are written by Sotto as ISO-8601 UTC; compare instants, not strings, so a bound
  // given with an offset still means what it says.
  const since = filter.since === undefined ? undefined : Date.parse(filter.since);
  const until = filter.until === undefined ? undefined : Date.parse(filter.until);
  return (entry) => {
    if (filter.action !== undefined && entry.action !== filter.action) return false;
    if (filter.outcome !== undefined && entry.outcome !== filter.outcome) return false;
    if (filter.principal !== undefined && entry.principal.id !== filter.principal) return false;
    if (filter.resource !== undefined && entry.resource.id !== filter.resource) return false;
    if (filter.resourceType !== undefined && entry.resource.type !== filter.resourceType) return false;
    const at = Date.parse(entry.at);
    if (since !== undefined && !(at >= since)) return false;
    if (until !== undefined && !(at <= until)) return false;
    return true;
  };
}

export async function findAuditEntries(read: ReadEntries, principal: Principal, query: AuditEntryQuery): Promise<AuditEntryPage> {
  const wanted = matcher(query);
  const keep = (entry: AuditEntry): boolean => visibleTo(principal, entry) && wanted(entry);
  const found: AuditEntryPage['entries'] = [];
  let scanned = 0;
  if (query.order === 'asc') {
    let cursor = query.from;
    while (found.length < query.limit && scanned < SCAN_LIMIT) {
      const page = await read({ from: cursor, limit: Math.min(READ_PAGE, SCAN_LIMIT - scanned) });
      if (page.length === 0) return { entries: found, next: null };
      for (const item of page) {
        cursor = item.index + 1;
        scanned++;
        if (keep(item.entry)) found.push(item);
        if (found.length >= query.limit) break;
      }
    }
    return { entries: found, next: cursor };
  }
  // Newest first: read the pages below the cursor and walk each backwards.
  let cursor = query.before;
  while (cursor > 0 && found.length < query.limit && scanned < SCAN_LIMIT) {
    const start = Math.max(0, cursor - Math.min(READ_PAGE, SCAN_LIMIT - scanned));
    const page = await read({ from: start, limit: cursor - start });
    if (page.length === 0) return { entries: found, next: null };
    for (let i = page.length - 1; i >= 0; i--) {
      const item = page[i];
      if (item === undefined || item.index >= cursor) continue;
      cursor = item.index;
      scanned++;
      if (keep(item.entry)) found.push(item);
      if (found.length >= query.limit) break;
    }
    if (found.length < query.limit) cursor = start;
  }
  return { entries: found, next: cursor > 0 ? cursor : null };
}
