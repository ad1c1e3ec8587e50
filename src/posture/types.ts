/**
 * The posture report answers a customer's vendor-security checklist with evidence read from
 * the running deployment, not from a document someone wrote once. Each item says plainly
 * what is not in place; nothing is marked in place because it is configurable.
 */
export type PostureStatus = 'in_place' | 'partial' | 'not_in_place';

export type PostureItemId =
  | 'encryption_at_rest'
  | 'encryption_in_transit'
  | 'data_residency'
  | 'subprocessors'
  | 'incident_response'
  | 'right_to_deletion'
  | 'retention'
  | 'access_control'
  | 'audit';

export interface PostureItem {
  id: PostureItemId;
  title: string;
  status: PostureStatus;
  /** Figures and settings read from the deployment (ids, counts, times; never personal data). */
  evidence: Record<string, unknown>;
  /** What is missing or needs attention, in a sentence each. Empty only when in place. */
  gaps: string[];
}

export interface PostureReport {
  generatedAt: string;
  /** The tenant the report is about; null for the whole deployment (the local operator). */
  tenantId: string | null;
  items: PostureItem[];
  summary: Record<PostureStatus, number>;
}

/** in_place when there are no gaps; a section decides between partial and not_in_place. */
export function itemStatus(gaps: readonly string[], missing: boolean): PostureStatus {
  if (gaps.length === 0) return 'in_place';
  return missing ? 'not_in_place' : 'partial';
}
