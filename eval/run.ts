// Runs one system over labelled conversations and tallies the metrics; shared by
// eval/evaluate.ts and bench/detect.ts.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { INDEPENDENT_2_SPLIT, INDEPENDENT_SPLIT, parseCorpus, type LabelledConversation, type Span, type Split } from './corpus/format.js';
import { emptyTally, scoreTurn, type Tally } from './metrics.js';
import { openRedactionSystem } from './systems/openredaction.js';
import { redactPiiSystem } from './systems/redact-pii.js';
import { sottoSystem } from './systems/sotto.js';
import type { DetectionSystem, InputConversation } from './systems/types.js';

export const SYSTEM_NAMES = ['sotto', 'redact-pii', 'openredaction'] as const;
export type SystemName = (typeof SYSTEM_NAMES)[number];

// 'all' is the generated corpus (train, dev, heldout); 'independent' is its own file.
export function loadSplit(split: Split | 'all'): LabelledConversation[] {
  const file =
    split === INDEPENDENT_SPLIT ? './corpus/independent.jsonl' : split === INDEPENDENT_2_SPLIT ? './corpus/independent-2.jsonl' : './corpus/corpus.jsonl';
  const text = readFileSync(fileURLToPath(new URL(file, import.meta.url)), 'utf8');
  return parseCorpus(text).filter((c) => split === 'all' || c.split === split);
}

export async function loadSystem(name: SystemName): Promise<DetectionSystem> {
  if (name === 'sotto') return sottoSystem();
  return name === 'redact-pii' ? redactPiiSystem() : openRedactionSystem();
}

// Only speaker and text reach the system.
export const inputOf = (c: LabelledConversation): InputConversation =>
  ({ id: c.id, turns: c.turns.map((t) => ({ speaker: t.speaker, text: t.text })) });

export interface RunResult { tally: Tally; turns: number; elapsedMs: number }

export async function runSystem(system: DetectionSystem, corpus: readonly LabelledConversation[]): Promise<RunResult> {
  const inputs = corpus.map(inputOf);
  const predictions: Span[][][] = [];
  const t0 = process.hrtime.bigint();
  for (const input of inputs) predictions.push(await system.detect(input));
  const elapsedMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const tally = emptyTally();
  corpus.forEach((c, ci) => c.turns.forEach((t, ti) => scoreTurn(tally, t, predictions[ci]?.[ti] ?? [])));
  return { tally, turns: tally.turns, elapsedMs };
}
