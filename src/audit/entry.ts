/**
 * One audit record. It outlives erasure, so it never holds personal data (DESIGN.md
 * invariant 5): people and resources appear as ids, data subjects and caller numbers only as
 * keyed hashes (`subjectRef`), and free text such as a break-glass reason stays in the
 * (erasable) grant record — the entry carries only the grant's id.
 */
export interface AuditEntry {
  /** Format version of this record. */
  v: 1;
  /** ISO-8601 UTC time of the decision. */
  at: string;
  principal: {
    id: string;
    kind: 'operator' | 'user' | 'service' | 'system' | 'anonymous';
    tenantId: string | null;
    roles: string[];
  };
  /** A permission ('recording.listen') or an event ('session.login', 'audit.checkpoint'). */
  action: string;
  resource: {
    type: string;
    id: string | null;
    tenantId: string | null;
    /** Keyed hash of a data subject, when the resource belongs to one. */
    subjectRef?: string;
  };
  outcome: 'allowed' | 'denied' | 'failed';
  /** Why: the policy rule that decided, or the failure's error code. */
  reason: string;
  requestId: string | null;
  /** Network address the request came from, if any. */
  source: string | null;
  /** Set when access rode on a break-glass grant. */
  breakGlass?: { grantId: string; expiresAt: string };
}

/** The tamper-evident log's write side, as the access gateway sees it. */
export interface AuditLog {
  /** Resolves with the entry's index once the entry is durable (group-committed). */
  append(entry: AuditEntry): Promise<number>;
  close(): Promise<void>;
}
