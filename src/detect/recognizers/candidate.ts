import type { EntityType } from '../types.js';

/** A span a recognizer proposes; where two overlap, the higher priority (then the longer) wins. */
export interface Candidate {
  type: EntityType;
  start: number;
  end: number;
  priority: number;
}

/** Non-overlapping spans in text order. */
export function resolveOverlaps(candidates: readonly Candidate[]): Candidate[] {
  const ranked = [...candidates].sort((a, b) => b.priority - a.priority || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: Candidate[] = [];
  for (const c of ranked) {
    if (c.end <= c.start) continue;
    if (kept.some((k) => c.start < k.end && k.start < c.end)) continue;
    kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start);
}
