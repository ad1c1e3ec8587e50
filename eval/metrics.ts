// Detection metrics over a labelled corpus (definitions in eval/README.md).
// - Word tokens are maximal runs of letters and digits; punctuation and spaces between them
//   never decide whether a span is caught.
// - Span recall: a gold span is caught when every word-token character inside it is covered by
//   predicted spans. "any" accepts predictions of any type (what matters for leakage);
//   "strict" accepts only predictions of the gold type. Partial coverage never counts.
// - Token recall: the same test per word token inside gold spans.
// - Character precision: non-space predicted characters (union of predictions) that fall
//   inside some gold span, over all non-space predicted characters.
// - Negatives redacted: share of turns marked `negatives` with any prediction at all.
import { NUMERIC_SECRETS, type LabelledTurn, type Span } from './corpus/format.js';

export interface Counts {
  spans: number; spansCaughtAny: number; spansCaughtStrict: number;
  tokens: number; tokensCaught: number;
  predictedChars: number; predictedCharsInGold: number;
}
export interface Tally {
  byGoldType: Map<string, Counts>;
  byPredictedType: Map<string, Counts>;
  total: Counts;
  numeric: Counts;
  negativeTurns: number; negativeTurnsRedacted: number;
  turns: number;
}

const WORD = /[\p{L}\p{N}]+/gu;
const numericSet = new Set<string>(NUMERIC_SECRETS);

export function emptyCounts(): Counts {
  return { spans: 0, spansCaughtAny: 0, spansCaughtStrict: 0, tokens: 0, tokensCaught: 0, predictedChars: 0, predictedCharsInGold: 0 };
}
export function emptyTally(): Tally {
  return { byGoldType: new Map(), byPredictedType: new Map(), total: emptyCounts(), numeric: emptyCounts(), negativeTurns: 0, negativeTurnsRedacted: 0, turns: 0 };
}

function counts(map: Map<string, Counts>, key: string): Counts {
  let c = map.get(key);
  if (!c) { c = emptyCounts(); map.set(key, c); }
  return c;
}

function coverMask(length: number, spans: readonly Span[], type?: string): Uint8Array {
  const mask = new Uint8Array(length);
  for (const s of spans) {
    if (type !== undefined && s.type !== type) continue;
    // Predictions come from the system under test: clamp rather than trust their offsets.
    const start = Math.max(0, Math.min(length, Math.trunc(s.start)));
    const end = Math.max(start, Math.min(length, Math.trunc(s.end)));
    mask.fill(1, start, end);
  }
  return mask;
}

// Word-token pieces (character ranges) of text[start, end).
export function tokenPieces(text: string, start: number, end: number): [number, number][] {
  const out: [number, number][] = [];
  for (const m of text.matchAll(WORD)) {
    const a = Math.max(start, m.index);
    const b = Math.min(end, m.index + m[0].length);
    if (a < b) out.push([a, b]);
  }
  return out;
}

const covered = (mask: Uint8Array, [a, b]: [number, number]): boolean => {
  for (let i = a; i < b; i++) if (mask[i] !== 1) return false;
  return true;
};

function add(into: Counts, from: Counts): void {
  for (const k of Object.keys(into) as (keyof Counts)[]) into[k] += from[k];
}

// Adds one turn's gold labels and predictions to the tally.
export function scoreTurn(tally: Tally, turn: LabelledTurn, predicted: readonly Span[]): void {
  tally.turns++;
  const { text } = turn;
  const anyMask = coverMask(text.length, predicted);
  const goldMask = coverMask(text.length, turn.entities);
  for (const g of turn.entities) {
    const c = emptyCounts();
    const strictMask = coverMask(text.length, predicted, g.type);
    const pieces = tokenPieces(text, g.start, g.end);
    c.spans = 1;
    c.spansCaughtAny = pieces.every((p) => covered(anyMask, p)) ? 1 : 0;
    c.spansCaughtStrict = pieces.every((p) => covered(strictMask, p)) ? 1 : 0;
    c.tokens = pieces.length;
    c.tokensCaught = pieces.filter((p) => covered(anyMask, p)).length;
    add(counts(tally.byGoldType, g.type), c);
    add(tally.total, c);
    if (numericSet.has(g.type)) add(tally.numeric, c);
  }
  const isSpace = (i: number): boolean => /\s/.test(text[i] ?? ' ');
  for (const type of new Set(predicted.map((p) => p.type))) {
    const mask = coverMask(text.length, predicted, type);
    const c = counts(tally.byPredictedType, type);
    for (let i = 0; i < text.length; i++) {
      if (mask[i] !== 1 || isSpace(i)) continue;
      c.predictedChars++;
      if (goldMask[i] === 1) c.predictedCharsInGold++;
    }
  }
  const numericMask = coverMask(text.length, predicted.filter((p) => numericSet.has(p.type)));
  for (let i = 0; i < text.length; i++) {
    if (isSpace(i)) continue;
    if (anyMask[i] === 1) { tally.total.predictedChars++; if (goldMask[i] === 1) tally.total.predictedCharsInGold++; }
    if (numericMask[i] === 1) { tally.numeric.predictedChars++; if (goldMask[i] === 1) tally.numeric.predictedCharsInGold++; }
  }
  if (turn.entities.length === 0 && (turn.negatives?.length ?? 0) > 0) {
    tally.negativeTurns++;
    if (predicted.some((p) => p.end > p.start)) tally.negativeTurnsRedacted++;
  }
}

export interface Rates {
  spans: number;
  span_recall_any: number | null; span_recall_strict: number | null;
  token_recall: number | null; char_precision: number | null;
}
const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);
export function rates(c: Counts): Rates {
  return {
    spans: c.spans,
    span_recall_any: ratio(c.spansCaughtAny, c.spans),
    span_recall_strict: ratio(c.spansCaughtStrict, c.spans),
    token_recall: ratio(c.tokensCaught, c.tokens),
    char_precision: ratio(c.predictedCharsInGold, c.predictedChars),
  };
}
export const negativesRedacted = (t: Tally): number | null => ratio(t.negativeTurnsRedacted, t.negativeTurns);
