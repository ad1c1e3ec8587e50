import {
  CORRECTIONS,
  FILLERS,
  HOMOPHONES,
  REPEATS,
  SEPARATOR_PUNCT,
  SEPARATOR_WORDS,
  TEENS,
  TENS,
  UNITS,
} from './lexicon.js';
import type { Token } from './tokenize.js';

/**
 * A run of digits as said or written ("four one one one", "forty one eleven", "4111-1111"):
 * the digits it stands for and where it lies in the text.
 */
export interface DigitRun {
  digits: string;
  /** Character offsets into the original text, end exclusive. */
  start: number;
  end: number;
  /** Token indexes, end exclusive. */
  firstToken: number;
  lastToken: number;
  /** Digits in each written group (`123-45-6789` → [3, 2, 4]); spoken digits form one group. */
  groups: number[];
  /** Separators written between groups, in order. */
  separators: string[];
  spoken: boolean;
  /** The run a caller abandoned ("sorry, let me start again") just before this one, if any. */
  restarts?: DigitRun;
}

interface Piece {
  digits: string;
  next: number;
  spoken: boolean;
}

const word = (tokens: readonly Token[], i: number): string | undefined => {
  const t = tokens[i];
  return t && t.kind === 'word' ? t.lower : undefined;
};

/** Two-digit value from a tens word and an optional unit ("forty one" → 41, "forty" → 40). */
function parseTens(tokens: readonly Token[], i: number): Piece | undefined {
  const tens = TENS[word(tokens, i) ?? ''];
  if (tens === undefined) return undefined;
  let j = i + 1;
  if (tokens[j]?.text === '-' && UNITS[word(tokens, j + 1) ?? ''] !== undefined) j += 1;
  const unit = UNITS[word(tokens, j) ?? ''];
  if (unit !== undefined && unit !== '0') return { digits: tens + unit, next: j + 1, spoken: true };
  return { digits: `${tens}0`, next: i + 1, spoken: true };
}

/** A number below 100 written as teens, tens or a unit: used after "hundred" and "thousand". */
function parseBelowHundred(tokens: readonly Token[], i: number): Piece | undefined {
  let j = i;
  if (word(tokens, j) === 'and') j += 1;
  const teen = TEENS[word(tokens, j) ?? ''];
  if (teen !== undefined) return { digits: teen, next: j + 1, spoken: true };
  const tens = parseTens(tokens, j);
  if (tens) return tens;
  const w = word(tokens, j) ?? '';
  const unit = UNITS[w] ?? (w === 'oh' || w === 'o' ? undefined : HOMOPHONES[w]);
  if (unit !== undefined && unit !== '0') return { digits: `0${unit}`, next: j + 1, spoken: true };
  return undefined;
}

/** "four hundred", "four hundred twelve", "two thousand five". */
function parseScale(tokens: readonly Token[], i: number, lead: string): Piece | undefined {
  const scale = word(tokens, i);
  if (scale === 'hundred') {
    const rest = parseBelowHundred(tokens, i + 1);
    return rest ? { digits: lead + rest.digits, next: rest.next, spoken: true } : { digits: `${lead}00`, next: i + 1, spoken: true };
  }
  if (scale === 'thousand') {
    const unit = UNITS[word(tokens, i + 1) ?? ''];
    if (unit !== undefined && word(tokens, i + 2) === 'hundred') {
      const hundreds = parseScale(tokens, i + 2, unit);
      if (hundreds) return { digits: lead + hundreds.digits, next: hundreds.next, spoken: true };
    }
    const rest = parseBelowHundred(tokens, i + 1);
    return rest ? { digits: `${lead}0${rest.digits}`, next: rest.next, spoken: true } : { digits: `${lead}000`, next: i + 1, spoken: true };
  }
  return undefined;
}

/** One spoken or written piece of a number starting at token i; `inRun` admits homophones. */
export function parsePiece(tokens: readonly Token[], i: number, inRun: boolean): Piece | undefined {
  const t = tokens[i];
  if (!t) return undefined;
  if (t.kind === 'number') {
    // "3rd", "21st": ordinals are not digits of a secret.
    const suffix = tokens[i + 1];
    if (suffix && touching(t, suffix) && /^(st|nd|rd|th)$/.test(suffix.lower)) return undefined;
    return { digits: t.text, next: i + 1, spoken: false };
  }
  if (t.kind !== 'word') return undefined;
  const w = t.lower;
  const repeat = REPEATS[w];
  if (repeat !== undefined) {
    const next = parsePiece(tokens, i + 1, true);
    if (next && next.digits.length === 1) return { digits: next.digits.repeat(repeat), next: next.next, spoken: true };
    return undefined;
  }
  const teen = TEENS[w];
  if (teen !== undefined) {
    return parseScale(tokens, i + 1, teen) ?? { digits: teen, next: i + 1, spoken: true };
  }
  const tens = parseTens(tokens, i);
  if (tens) return tens;
  const unit = UNITS[w] ?? (inRun || startsRun(tokens, i) ? HOMOPHONES[w] : undefined);
  if (unit !== undefined) {
    if (unit !== '0') {
      const scaled = parseScale(tokens, i + 1, unit);
      if (scaled) return scaled;
    }
    return { digits: unit, next: i + 1, spoken: true };
  }
  return undefined;
}

/** "oh nine" begins a run; "to", "for" never do ("I want to pay"). */
function startsRun(tokens: readonly Token[], i: number): boolean {
  const w = word(tokens, i);
  const isDigitWord = (t: Token | undefined): boolean =>
    t !== undefined &&
    (t.kind === 'number' || UNITS[t.lower] !== undefined || TEENS[t.lower] !== undefined || TENS[t.lower] !== undefined || HOMOPHONES[t.lower] !== undefined || REPEATS[t.lower] !== undefined);
  // Fillers and group commas between the words do not break the run ("oh, um, forty six", "won two, won six").
  const after = (from: number): number => {
    let j = from;
    while (tokens[j] && (FILLERS.has(tokens[j]?.lower ?? '') || tokens[j]?.text === ',')) j += 1;
    return j;
  };
  const j = after(i + 1);
  if (w === 'oh' || w === 'o') return isDigitWord(tokens[j]) && tokens[j]?.kind !== 'number';
  // "for to won ate six", "too double six": a homophone opens a run only when at least two more digits follow it.
  if (REPEATS[tokens[j]?.lower ?? ''] !== undefined) return isDigitWord(tokens[j + 1]);
  const k = after(j + 1);
  return isDigitWord(tokens[j]) && isDigitWord(tokens[k]) && tokens[j]?.kind !== 'number';
}

function touching(a: Token, b: Token): boolean {
  return a.end === b.start;
}

/** The token index after a self-correction phrase starting at i, or -1. */
function matchCorrection(tokens: readonly Token[], i: number): number {
  for (const phrase of CORRECTIONS) {
    if (phrase.every((w, k) => tokens[i + k]?.lower === w)) return i + phrase.length;
  }
  return -1;
}

function isSkippable(t: Token): boolean {
  return (t.kind === 'punct' && SEPARATOR_PUNCT.has(t.text)) || FILLERS.has(t.lower) || SEPARATOR_WORDS.has(t.lower) || t.lower === 'hmm' || t.lower === 'mm';
}

// After these, "to" and "for" are the preposition, not a digit ("…three to the bank").
const PREPOSITION_FOLLOWERS = new Set(['the', 'a', 'an', 'my', 'your', 'be', 'me', 'you', 'it', 'that', 'this', 'go', 'pay', 'call', 'get', 'him', 'her', 'them', 'us', 'make', 'see', 'do', 'use']);

/** A homophone ("for", "to") counts between digits, or at the end of a run of three or more. */
function homophoneFits(tokens: readonly Token[], i: number, runLength: number): boolean {
  const w = tokens[i]?.lower ?? '';
  if (UNITS[w] !== undefined || TEENS[w] !== undefined || TENS[w] !== undefined || REPEATS[w] !== undefined) return true;
  if (HOMOPHONES[w] === undefined) return true;
  let j = i + 1;
  while (tokens[j] && isSkippable(tokens[j] as Token) && !/[.?!]/.test(tokens[j]?.text ?? '')) j += 1;
  const next = tokens[j];
  if (next && parsePiece(tokens, j, true) !== undefined) return true;
  // At the end of a run: "seven ate", "one eight oh", "five zero for" ("to" and "for" need two digits before).
  if (runLength < (['to', 'too', 'for', 'fore'].includes(w) ? 2 : 1)) return false;
  if (!next || next.kind === 'punct' || j > i + 1) return true;
  return !['to', 'too', 'for', 'fore'].includes(w) || !PREPOSITION_FOLLOWERS.has(next.lower);
}

/**
 * Every run of digits in a turn. Fillers, separators and punctuation inside a run are skipped;
 * a self-correction ends the run and links it to the one said after it.
 */
export function findDigitRuns(tokens: readonly Token[]): DigitRun[] {
  const runs: DigitRun[] = [];
  let i = 0;
  let abandoned: DigitRun | undefined;
  while (i < tokens.length) {
    const first = parsePiece(tokens, i, false);
    if (!first) {
      i += 1;
      abandoned = undefined;
      continue;
    }
    const firstToken = tokens[i] as Token;
    // "(555) 123-4567", "+1 555…": the opening bracket or plus belongs to the number.
    const opener = tokens[i - 1];
    const start = opener && (opener.text === '(' || opener.text === '+') && opener.end === firstToken.start ? opener.start : firstToken.start;
    const run: DigitRun = {
      digits: first.digits,
      start,
      end: (tokens[first.next - 1] as Token).end,
      firstToken: i,
      lastToken: first.next,
      groups: [first.digits.length],
      separators: start < firstToken.start ? [opener?.text ?? ''] : [],
      spoken: first.spoken,
    };
    if (abandoned) run.restarts = abandoned;
    abandoned = undefined;
    let j = first.next;
    let lastWasSpoken = first.spoken;
    for (;;) {
      let k = j;
      let separator = '';
      while (tokens[k] && isSkippable(tokens[k] as Token)) {
        const t = tokens[k] as Token;
        if (t.kind === 'punct' || SEPARATOR_WORDS.has(t.lower)) separator += t.text;
        k += 1;
      }
      if (k - j > 4) break;
      const correctionEnd = matchCorrection(tokens, k);
      if (correctionEnd >= 0) {
        let m = correctionEnd;
        while (tokens[m] && (isSkippable(tokens[m] as Token) || matchCorrection(tokens, m) >= 0)) {
          const c = matchCorrection(tokens, m);
          m = c >= 0 ? c : m + 1;
        }
        if (parsePiece(tokens, m, false)) {
          abandoned = run;
          j = m;
        }
        break;
      }
      if (!homophoneFits(tokens, k, run.digits.length)) break;
      const piece = parsePiece(tokens, k, true);
      if (!piece) break;
      // "3:30", "$45.20": a written number stays whole; a spoken one ends at a sentence stop.
      if (separator.includes(':') || /[?!]/.test(separator)) break;
      // Spoken digits form one group; each written number is its own group ("123-45-6789").
      if (piece.spoken && lastWasSpoken) {
        run.groups[run.groups.length - 1] = (run.groups.at(-1) ?? 0) + piece.digits.length;
      } else {
        run.groups.push(piece.digits.length);
        run.separators.push(separator);
      }
      run.digits += piece.digits;
      run.spoken ||= piece.spoken;
      lastWasSpoken = piece.spoken;
      run.end = (tokens[piece.next - 1] as Token).end;
      run.lastToken = piece.next;
      j = piece.next;
    }
    runs.push(run);
    i = abandoned ? j : run.lastToken;
  }
  return runs;
}
