import { STATE_CODES, STATE_NAMES, STREET_SUFFIXES, UNIT_WORDS } from '../lexicons/streets.js';
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

const STATES = new Map<string, string[][]>();
for (const name of STATE_NAMES) {
  const words = name.split(' ');
  const list = STATES.get(words[0] as string) ?? [];
  list.push(words);
  list.sort((a, b) => b.length - a.length);
  STATES.set(words[0] as string, list);
}

/** A state said in full or as its postal code ("texas", "new york", "TX"); its last token index or -1. */
function stateEnd(tokens: readonly Token[], k: number): number {
  const t = tokens[k];
  if (!t || t.kind !== 'word') return -1;
  const name = STATES.get(t.lower)?.find((words) => words.every((w, n) => tokens[k + n]?.lower === w));
  if (name) return k + name.length - 1;
  // A two-letter code only when written as one ("IL"), not the words "in", "or", "me" said in passing.
  return STATE_CODES.has(t.lower) && t.text === t.text.toUpperCase() ? k : -1;
}

/** "…, san diego, california, nine two one oh one": city, state and ZIP after the street; the last token index. */
function cityStateZip(tokens: readonly Token[], end: number, runsAt: ReadonlyMap<number, DigitRun>): number {
  const zipAt = (k: number): number => {
    const run = runsAt.get(k);
    return run && (run.digits.length === 5 || run.digits.length === 9) ? run.lastToken - 1 : -1;
  };
  let k = end + 1;
  let cityEnd = -1;
  let stateAt = -1;
  for (let cityWords = 0; k < tokens.length; ) {
    const t = tokens[k] as Token;
    const zip = zipAt(k);
    if (zip >= 0) return zip;
    // "washington, DC": a state may name the city, so another state or the ZIP may follow it.
    const state = stateEnd(tokens, k);
    if (state >= 0) {
      stateAt = state;
      k = state + 1;
      continue;
    }
    if (t.text === ',' && (cityWords > 0 || stateAt >= 0 || k === end + 1)) {
      k += 1;
      continue;
    }
    if (stateAt >= 0 || t.kind !== 'word' || NOT_CITY.has(t.lower) || cityWords >= 3) break;
    cityWords += 1;
    cityEnd = k;
    k += 1;
  }
  if (stateAt >= 0) return stateAt;
  // A city of one to three words closing the clause ("…maple boulevard, salem").
  const after = tokens[cityEnd + 1];
  return cityEnd >= 0 && (!after || after.kind === 'punct') ? cityEnd : end;
}

/** Extends an address over ", apartment 4B" and then the city, state and ZIP. */
function extend(tokens: readonly Token[], last: number, runsAt: ReadonlyMap<number, DigitRun>): number {
  let end = last;
  let j = end + 1;
  if (tokens[j]?.text === '.') j += 1;
  if (tokens[j]?.text === ',') j += 1;
  if (UNIT_WORDS.has(tokens[j]?.lower ?? '')) {
    const found = unitEnd(tokens, j + 1, runsAt);
    if (found >= 0) end = found;
  }
  return cityStateZip(tokens, end, runsAt);
}

/** "P O box", "PO box", "p.o. box", "post office box" starting at token i: the index of "box", or -1. */
function poBoxEnd(tokens: readonly Token[], i: number): number {
  const w = (k: number): string => tokens[k]?.lower ?? '';
  if (w(i) === 'po' && w(i + 1) === 'box') return i + 1;
  if (w(i) === 'post' && w(i + 1) === 'office' && w(i + 2) === 'box') return i + 2;
  if (w(i) !== 'p') return -1;
  let k = i + 1;
  if (tokens[k]?.text === '.') k += 1;
  if (w(k) !== 'o') return -1;
  k += 1;
  if (tokens[k]?.text === '.') k += 1;
  return w(k) === 'box' ? k : -1;
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
  // "P O box 1432, bend, oregon 97701", "post office box 12": the box number, then city, state and ZIP.
  for (let i = 0; i < tokens.length; i += 1) {
    const box = poBoxEnd(tokens, i);
    const run = box >= 0 ? runsAt.get(box + 1) : undefined;
    if (!run || run.digits.length > 8) continue;
    const end = cityStateZip(tokens, run.lastToken - 1, runsAt);
    found.push({ type: 'ADDRESS', start: (tokens[i] as Token).start, end: (tokens[end] as Token).end, priority: 3 });
    i = end;
  }
  // "apartment 4B" said on its own.
  tokens.forEach((t, i) => {
    if (!['apartment', 'apt', 'suite'].includes(t.lower)) return;
    const end = unitValueEnd(tokens, i + 1);
    if (end >= 0) found.push({ type: 'ADDRESS', start: t.start, end: (tokens[end] as Token).end, priority: 3 });
  });
  return found;
}

/**
 * In an answer to an address prompt: a ZIP on its own, and "san diego, california 92101" said
 * without the street (in the next segment, or after the street was given earlier).
 */
export function addressParts(tokens: readonly Token[], runs: readonly DigitRun[]): Candidate[] {
  const found: Candidate[] = runs.filter((r) => r.digits.length === 5 || r.digits.length === 9).map((r) => ({ type: 'ADDRESS' as const, start: r.start, end: r.end, priority: 3 }));
  const runsAt = new Map(runs.map((r) => [r.firstToken, r]));
  for (let k = 0; k < tokens.length; k += 1) {
    const state = stateEnd(tokens, k);
    if (state < 0) continue;
    let first = k;
    for (let back = k - 1, words = 0; back >= 0 && words < 3; back -= 1) {
      const t = tokens[back] as Token;
      if (t.text === ',') continue;
      if (t.kind !== 'word' || NOT_CITY.has(t.lower)) break;
      first = back;
      words += 1;
    }
    let last = state;
    let after = state + 1;
    if (tokens[after]?.text === ',') after += 1;
    const zip = runsAt.get(after);
    if (zip && (zip.digits.length === 5 || zip.digits.length === 9)) last = zip.lastToken - 1;
    found.push({ type: 'ADDRESS', start: (tokens[first] as Token).start, end: (tokens[last] as Token).end, priority: 3 });
    k = last;
  }
  return found;
}
