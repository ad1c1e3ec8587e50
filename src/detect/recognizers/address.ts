import { STATE_CODES, STREET_SUFFIXES, UNIT_WORDS } from '../lexicons/streets.js';
import type { DigitRun } from '../digit-runs.js';
import type { Token } from '../tokenize.js';
import type { Candidate } from './candidate.js';

const DIRECTIONS = new Set(['north', 'south', 'east', 'west', 'n', 's', 'e', 'w', 'ne', 'nw', 'se', 'sw', 'northeast', 'northwest', 'southeast', 'southwest']);
const NOT_STREET_WORDS = new Set(['and', 'or', 'but', 'is', 'was', 'are', 'the', 'dollars', 'times', 'minutes', 'hours', 'days', 'years', 'i', 'you', 'it']);

/** "4B", "12", "C": a unit designator's value, possibly a number touching a letter. */
function unitValueEnd(tokens: readonly Token[], i: number): number {
  let j = i;
  if (tokens[j]?.text === '#' || tokens[j]?.lower === 'number') j += 1;
  const t = tokens[j];
  if (!t || t.kind === 'punct') return -1;
  if (t.kind === 'word' && t.text.length > 2 && !/^[a-z]\d*$/i.test(t.text)) return -1;
  let end = j;
  while (tokens[end + 1] && tokens[end + 1]?.start === tokens[end]?.end && tokens[end + 1]?.kind !== 'punct') end += 1;
  return end;
}

const NOT_CITY = new Set(['and', 'but', 'is', 'please', 'thanks', 'thank', 'you', 'i', "i'm", 'it', "it's", 'that', "that's", 'so', 'um', 'uh', 'yeah', 'okay', 'ok', 'right', 'the', 'in', 'on', 'at', 'for', 'to', 'my', 'zip', 'code', 'and', 'then', 'just', 'we', 'he', 'she', 'they', 'since', 'but', 'or', 'with', 'near']);

/** "4B", "12", "C", "three b": a unit designator's value; returns its last token index or -1. */
function unitEnd(tokens: readonly Token[], i: number, runsAt: ReadonlyMap<number, DigitRun>): number {
  const run = runsAt.get(i) ?? runsAt.get(i + 1);
  if (run && run.firstToken <= i + 1 && run.digits.length <= 5) {
    const last = run.lastToken - 1;
    const letter = tokens[last + 1];
    return letter && /^[a-z]$/i.test(letter.text) ? last + 1 : last;
  }
  return unitValueEnd(tokens, i);
}

/** Extends an address over ", apartment 4B", ", Springfield, IL 62704" and ", salem". */
function extend(tokens: readonly Token[], last: number, runsAt: ReadonlyMap<number, DigitRun>): number {
  let end = last;
  let j = end + 1;
  if (tokens[j]?.text === '.') j += 1;
  if (tokens[j]?.text === ',') j += 1;
  if (UNIT_WORDS.has(tokens[j]?.lower ?? '')) {
    const found = unitEnd(tokens, j + 1, runsAt);
    if (found >= 0) end = found;
  }
  // City, state and ZIP: a five-digit run within a few words…
  for (let k = end + 1, words = 0; k < tokens.length && words <= 5; k += 1) {
    const t = tokens[k] as Token;
    const run = runsAt.get(k);
    if (run && (run.digits.length === 5 || run.digits.length === 9)) return run.lastToken - 1;
    if (t.kind === 'punct' && t.text !== ',') break;
    if (t.kind === 'number') break;
    if (t.kind === 'word') {
      if (!/^[A-Z]/.test(t.text) && !STATE_CODES.has(t.lower)) break;
      words += 1;
    }
  }
  // …or a city of one or two words closing the clause ("…maple boulevard, salem").
  let k = end + 1;
  if (tokens[k]?.text === ',') k += 1;
  let city = -1;
  for (let n = 0; n < 3 && tokens[k + n]?.kind === 'word' && !NOT_CITY.has(tokens[k + n]?.lower ?? ''); n += 1) city = k + n;
  const after = tokens[city + 1];
  if (city >= 0 && (!after || after.kind === 'punct')) end = city;
  return end;
}

export function recognizeAddresses(tokens: readonly Token[], runs: readonly DigitRun[]): Candidate[] {
  const found: Candidate[] = [];
  const runsAt = new Map(runs.map((r) => [r.firstToken, r]));
  let after = -1;
  for (const run of runs) {
    if (run.firstToken <= after || run.digits.length > 6) continue;
    let j = run.lastToken;
    let words = 0;
    let suffix = -1;
    while (j < tokens.length && words <= 4) {
      const t = tokens[j] as Token;
      if (t.kind !== 'word' && !(t.kind === 'number' && /^(st|nd|rd|th)$/.test(tokens[j + 1]?.lower ?? ''))) {
        if (t.text === '.' || t.text === '-') {
          j += 1;
          continue;
        }
        if (t.kind !== 'number') break;
      }
      if (t.kind === 'word' && NOT_STREET_WORDS.has(t.lower)) break;
      if (words > 0 && STREET_SUFFIXES.has(t.lower)) {
        suffix = j;
        if (DIRECTIONS.has(tokens[j + 1]?.lower ?? '')) suffix = j + 1;
        break;
      }
      if (t.kind === 'word' || t.kind === 'number') words += 1;
      j += 1;
    }
    if (suffix < 0) continue;
    const end = extend(tokens, suffix, runsAt);
    found.push({ type: 'ADDRESS', start: run.start, end: (tokens[end] as Token).end, priority: 3 });
    after = end;
  }
  // "apartment 4B" said on its own.
  tokens.forEach((t, i) => {
    if (!['apartment', 'apt', 'suite'].includes(t.lower)) return;
    const end = unitValueEnd(tokens, i + 1);
    if (end >= 0) found.push({ type: 'ADDRESS', start: t.start, end: (tokens[end] as Token).end, priority: 3 });
  });
  return found;
}

/** A five-digit ZIP in an answer to an address prompt. */
export function zipCandidates(runs: readonly DigitRun[]): Candidate[] {
  return runs.filter((r) => r.digits.length === 5 || r.digits.length === 9).map((r) => ({ type: 'ADDRESS' as const, start: r.start, end: r.end, priority: 3 }));
}
