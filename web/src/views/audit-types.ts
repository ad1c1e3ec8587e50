// What the audit API answers (src/server/api/audit-routes.ts), as the console reads it.

export interface AuditEntry {
  v: 1;
  at: string;
  principal: { id: string; kind: string; tenantId: string | null; roles: string[] };
  action: string;
  resource: { type: string; id: string | null; tenantId: string | null; subjectRef?: string };
  outcome: 'allowed' | 'denied' | 'failed';
  reason: string;
  requestId: string | null;
  source: string | null;
  breakGlass?: { grantId: string; expiresAt: string };
}

export interface AuditEntryRow {
  index: number;
  entry: AuditEntry;
}

export interface AuditEntryPage {
  entries: AuditEntryRow[];
  /** The `before` cursor of the next (older) page; null at the first entry. */
  next: number | null;
}

export type CheckpointVerification =
  | { valid: true; origin: string; size: number; rootHash: string; keyName: string; keyId: string }
  | { valid: false; code: string; message: string };

export interface CheckpointAnswer {
  checkpoint: string;
  verifierKey: string;
  /** When the server stored (signed) this checkpoint. */
  signedAt: string | null;
  verification: CheckpointVerification;
}

export interface AuditFilters {
  action: string;
  outcome: string;
  principal: string;
  resource: string;
  /** <input type="datetime-local"> values, in the operator's time zone. */
  since: string;
  until: string;
}

export const NO_FILTERS: AuditFilters = { action: '', outcome: '', principal: '', resource: '', since: '', until: '' };

export const PAGE_SIZE = 200;

/** Newest first, filtered server-side, continuing below `before`. */
export function entriesQuery(filters: AuditFilters, before: number | null): string {
  const q = new URLSearchParams({ order: 'desc', limit: String(PAGE_SIZE) });
  for (const name of ['action', 'outcome', 'principal', 'resource'] as const) {
    const value = filters[name].trim();
    if (value) q.set(name, value);
  }
  if (filters.since) q.set('since', new Date(filters.since).toISOString());
  // Minutes from the picker: the whole last minute counts.
  if (filters.until) q.set('until', new Date(filters.until.length === 16 ? `${filters.until}:59.999` : filters.until).toISOString());
  if (before !== null) q.set('before', String(before));
  return `/v1/audit/entries?${q.toString()}`;
}

/** Same-origin link: the session cookie authorizes it and Content-Disposition saves it as a file. */
export function inclusionProofHref(index: number, checkpointSize: number | null): string {
  const size = checkpointSize !== null && index < checkpointSize ? `?size=${checkpointSize}` : '';
  return `/v1/audit/proofs/inclusion/${index}${size}`;
}
