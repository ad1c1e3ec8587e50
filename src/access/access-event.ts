import type { Principal } from './principal.js';

export type AccessAction = 'artifact.read' | 'artifact.verify';

/**
 * One decision about conversation content. Holds ids only — never content, never a subject's
 * identifier (DESIGN.md invariant 5) — because it outlives erasure.
 */
export interface AccessEvent {
  at: string;
  principal: { id: string; kind: Principal['kind']; tenantId: string | undefined; roles: readonly string[] };
  action: AccessAction;
  resource: { tenantId: string | undefined; artifactId: string };
  outcome: 'allowed' | 'denied';
  reason: string;
  range?: { start: number; end: number };
}

/**
 * Where access decisions are written before any byte is returned. Until the audit log of
 * issue 3 exists this is the structured log; the gateway already fails closed on it.
 */
export interface AccessRecorder {
  record(event: AccessEvent): Promise<void>;
}
