import { parsePiece } from '../digit-runs.js';
import { MONTHS, ORDINALS, TENS } from '../lexicon.js';
import type { Token } from '../tokenize.js';
import type { EntityType } from '../types.js';
import type { Candidate } from './candidate.js';

interface Part {
  next: number;
  value: number;
}

/** "third", "twenty first", "3rd", "15", "fifteen". */
function parseDay(tokens: readonly Token[], i: number): Part | undefined {
  const t = tokens[i];
  if (!t) return undefined;
  const ordinal = ORDINALS[t.lower];
  if (ordinal !== undefined) return { next: i + 1, value: ordinal };
  const tens = TENS[t.lower];
  const following = ORDINALS[tokens[i + 1]?.lower ?? ''];
  if (tens !== undefined && following !== undefined && following < 10) return { next: i + 2, value: Number(tens) * 10 + following };
  if (t.kind === 'number' && t.text.length <= 2) {
    const suffix = tokens[i + 1];
    const next = suffix && suffix.start === t.end && /^(st|nd|rd|th)$/.test(suffix.lower) ? i + 2 : i + 1;
    const value = Number(t.text);
    return value >= 1 && value <= 31 ? { next, value } : undefined;
  }
  const piece = parsePiece(tokens, i, false);
  if (piece && piece.spoken && piece.digits.length <= 2) {
    const value = Number(piece.digits);
    return value >= 1 && value <= 31 ? { next: piece.next, value } : undefined;
  }
  return undefined;
}

/** "1980", "nineteen eighty", "nineteen oh five", "two thousand five", "eighty five", "'85". */
function parseYear(tokens: readonly Token[], i: number): Part | undefined {
  let j = i;
  if (tokens[j]?.text === "'" || tokens[j]?.text === '’') j += 1;
  const first = parsePiece(tokens, j, true);
  if (!first) return undefined;
  if (first.digits.length === 4) return { next: first.next, value: Number(first.digits) };
  if (first.digits.length !== 2) return undefined;
  const second = parsePiece(tokens, first.next, true);
  if (second && second.digits.length === 2) return { next: second.next, value: Number(first.digits + second.digits) };
  if (second && second.digits === '0') {
    const third = parsePiece(tokens, second.next, true);
    if (third && third.digits.length === 1) return { next: third.next, value: Number(`${first.digits}0${third.digits}`) };
  }
  return { next: first.next, value: Number(first.digits) };
}

const skip = (tokens: readonly Token[], i: number, words: readonly string[]): number => {
  let j = i;
  while (tokens[j] && (words.includes(tokens[j]?.lower ?? '') || tokens[j]?.text === ',')) j += 1;
  return j;
};

interface DateMatch {
  start: number;
  end: number;
  hasDay: boolean;
  hasYear: boolean;
}

/** Dates said with a month name: "March third, nineteen eighty", "the 3rd of March", "September twenty seven". */
export function findNamedDates(tokens: readonly Token[]): DateMatch[] {
  const found: DateMatch[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const month = tokens[i] as Token;
    if (MONTHS[month.lower] === undefined) continue;
    let first = i;
    let last = i;
    let hasDay = false;
    let hasYear = false;
    // "the third of March"
    const before = tokens[i - 1]?.lower === 'of' ? i - 2 : -1;
    if (before >= 0) {
      for (let k = Math.max(0, before - 1); k <= before; k += 1) {
        const day = parseDay(tokens, k);
        if (day && day.next === before + 1) {
          first = k;
          hasDay = true;
          break;
        }
      }
    }
    let j = skip(tokens, i + 1, ['the', 'of']);
    if (!hasDay) {
      const day = parseDay(tokens, j);
      // "September twenty seven" may be a day or a year; a following year settles it.
      if (day) {
        const year = parseYear(tokens, skip(tokens, day.next, ['of']));
        const asYear = parseYear(tokens, j);
        if (year || !asYear || asYear.next <= day.next) {
          hasDay = true;
          last = day.next - 1;
          j = skip(tokens, day.next, ['of']);
        }
      }
    }
    const year = parseYear(tokens, j);
    if (year) {
      hasYear = true;
      last = year.next - 1;
    }
    if (month.lower === 'may' && !hasDay && !hasYear) continue; // "may" is also a verb
    if (!hasDay && !hasYear) continue;
    found.push({ start: (tokens[first] as Token).start, end: (tokens[last] as Token).end, hasDay, hasYear });
    i = last;
  }
  return found;
}

/** A named date becomes a DOB or an expiry only when the prompt or a nearby cue asks for one. */
export function recognizeDates(tokens: readonly Token[], expects: (type: EntityType, at: number) => boolean): Candidate[] {
  const found: Candidate[] = [];
  for (const date of findNamedDates(tokens)) {
    // A birth date has a year, unless it is the answer itself ("March third").
    const answer = (tokens[4]?.start ?? Infinity) >= date.start;
    const dob = expects('DATE_OF_BIRTH', date.start) && (date.hasYear || answer);
    const expiry = expects('CARD_EXPIRY', date.start);
    let type: EntityType | undefined;
    if (dob && expiry) type = date.hasDay ? 'DATE_OF_BIRTH' : 'CARD_EXPIRY';
    else if (dob) type = 'DATE_OF_BIRTH';
    else if (expiry) type = 'CARD_EXPIRY';
    if (type) found.push({ type, start: date.start, end: date.end, priority: 4 });
  }
  return found;
}
