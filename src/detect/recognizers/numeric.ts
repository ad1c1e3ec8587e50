import type { Cue, Expectation } from '../cues.js';
import type { DigitRun } from '../digit-runs.js';
import { FILLERS } from '../lexicon.js';
import type { Token } from '../tokenize.js';
import type { EntityType } from '../types.js';
import type { Candidate } from './candidate.js';
import { luhnValid } from '../validators.js';
import { classifyUnprompted, fitsLocalCue, fitsPrompted } from './numeric-shapes.js';

export interface NumericContext {
  /** What the agent's last prompt asked for, in order; empty for agent turns. */
  expectations: readonly Expectation[];
  lastFour: boolean;
  /** A run left open at the end of the caller's previous turn (only backchannels since). */
  carry?: { type: EntityType | undefined; digits: string; guessed?: boolean } | undefined;
}

export interface NumericResult {
  candidates: Candidate[];
  /** The type the first run took when it continued the carried run. */
  continued?: EntityType | undefined;
  /** The run the turn ended on, for the next turn to continue. */
  /** `guessed`: typed by shape alone (no prompt, cue or checksum), so a continuation may retype it. */
  open?: { type: EntityType | undefined; digits: string; start: number; end: number; guessed: boolean } | undefined;
}

// Words after a number that make it an amount, a time, a count or a duration.
const UNIT_AFTER = new Set([
  'dollar', 'dollars', 'bucks', 'cents', 'cent', 'percent', '%', 'pounds', 'euros', 'grand', 'k',
  'minute', 'minutes', 'hour', 'hours', 'day', 'days', 'week', 'weeks', 'month', 'months', 'year', 'years',
  'second', 'seconds', "o'clock", 'am', 'pm', 'a', 'p', 'times', 'people', 'items', 'item', 'kids', 'children',
  'miles', 'mile', 'degrees', 'points', 'mg', 'milligrams', 'ml', 'units', 'tablets', 'pills', 'feet', 'inches',
  'lbs', 'kg', 'of', 'thirty', 'fifteen', 'forty', 'oclock', 'payments', 'installments', 'boxes', 'packages',
]);
const BEFORE_TIME_OR_COUNT = new Set(['at', 'around', 'about', 'by', 'until', 'till', 'before', 'after', 'since', 'in', 'for', 'within', 'page', 'step', 'option', 'press', 'gate', 'seat', 'table', 'floor', 'level', 'chapter', 'top', 'number', 'no', 'than', 'only', 'just', 'over', 'under', 'aged', 'age']);
// Words a caller may say before going on with a number ("and then, uh, one one…").
const CONTINUATION_WORDS = new Set(['and', 'then', 'the', 'rest', 'is', "it's", 'its', 'yeah', 'yes', 'okay', 'ok', 'so', 'um', 'uh', 'er', 'next', 'after', 'that', 'continuing', 'last', 'part', 'four', 'digits', 'are', 'right', 'sorry', 'oh', 'mm', 'hmm']);
const CURRENCY = new Set(['$', '£', '€']);
const PAYMENT_VERBS = new Set(['paid', 'pay', 'charged', 'cost', 'costs', 'owe', 'spent', 'spend', 'billed', 'refund', 'refunded', 'bill', 'was', 'used', 'about', 'around', 'approximately', 'roughly', 'over', 'under', 'only']);

function wordAfter(tokens: readonly Token[], index: number): Token | undefined {
  let j = index;
  while (tokens[j] && FILLERS.has(tokens[j]?.lower ?? '')) j += 1;
  return tokens[j];
}

/** Amounts ("$45.20", "forty five dollars"), times ("3:30 pm", "at three"), counts, durations. */
function looksNotSensitive(run: DigitRun, tokens: readonly Token[], unprompted: boolean): boolean {
  const before = tokens[run.firstToken - 1];
  const after = wordAfter(tokens, run.lastToken);
  if (before && CURRENCY.has(before.text)) return true;
  if (before && PAYMENT_VERBS.has(before.lower)) return true;
  // "since 2004", "one thousand two hundred and fifty nine": years and quantities, not secrets.
  if (run.digits.length === 4 && /^(19|20)\d\d$/.test(run.digits) && before && ['since', 'in', 'from', 'until', 'of', 'year'].includes(before.lower)) return true;
  if (tokens.slice(run.firstToken, run.lastToken).some((t) => t.lower === 'thousand' || t.lower === 'million')) return unprompted || !/(19|20)\d\d$/.test(run.digits);
  // "3:30": a colon between numbers is a time; "code: 123" is not.
  const colonBefore = before?.text === ':' && tokens[run.firstToken - 2]?.kind === 'number';
  const colonAfter = after?.text === ':' && tokens[run.lastToken + 1]?.kind === 'number';
  if (colonBefore || colonAfter) return true;
  if (after && (UNIT_AFTER.has(after.lower) || after.text === '%')) return !(after.lower === 'of' && !unprompted);
  if (run.separators.length === 1 && run.separators[0] === '.' && run.groups.at(-1) === 2 && unprompted) return true;
  if (unprompted && before && BEFORE_TIME_OR_COUNT.has(before.lower) && run.digits.length <= 4) return true;
  return false;
}

/**
 * The nearest cue before the run and after `floor` (the previous run), within ~60 characters.
 * Runs come in text order, so the cursor only moves forward: linear in a long turn.
 */
function cueFinder(cues: readonly Cue[]): (run: DigitRun, floor: number) => Cue | undefined {
  let next = 0;
  return (run, floor) => {
    while (next < cues.length && (cues[next] as Cue).end <= run.start) next += 1;
    for (let k = next - 1; k >= 0; k -= 1) {
      const cue = cues[k] as Cue;
      if (run.start - cue.end > 60 || cue.start < floor) return undefined;
      return cue;
    }
    return undefined;
  };
}

export function recognizeNumbers(tokens: readonly Token[], runs: readonly DigitRun[], cues: readonly Cue[], context: NumericContext): NumericResult {
  const candidates: Candidate[] = [];
  const restarted = new Set(runs.map((r) => r.restarts).filter((r): r is DigitRun => r !== undefined));
  const typeOf = new Map<DigitRun, EntityType>();
  const guessed = new Set<DigitRun>();
  let pointer = 0;
  let floor = 0;
  let continued: EntityType | undefined;
  const localCueFor = cueFinder(cues);
  runs.forEach((run, index) => {
    const cue = localCueFor(run, run.restarts ? run.restarts.start : floor);
    floor = run.end;
    if (restarted.has(run)) return; // typed with the run said after it
    const n = run.digits.length;
    const joinsCarry =
      index === 0 && context.carry !== undefined && !cue && tokens.slice(0, run.firstToken).every((t) => t.kind === 'punct' || CONTINUATION_WORDS.has(t.lower)) && !looksNotSensitive(run, tokens, false);
    const digits = joinsCarry ? (context.carry?.digits ?? '') + run.digits : run.digits;
    let type: EntityType | undefined;
    if (cue) {
      if (cue.expect !== 'NOT_SENSITIVE' && fitsLocalCue(cue.expect, n, run.digits) && !looksNotSensitive(run, tokens, false)) type = cue.expect;
      else if (cue.expect === 'NOT_SENSITIVE' && !(n >= 13 && classifyUnprompted(run, digits) === 'CREDIT_CARD')) type = undefined;
      else if (!looksNotSensitive(run, tokens, true)) type = classifyUnprompted(run, digits);
    } else if (joinsCarry && context.carry?.type && !context.carry.guessed) {
      type = context.carry.type;
    } else if (joinsCarry) {
      type = classifyUnprompted(run, digits) ?? context.carry?.type;
      if (type === 'BANK_ACCOUNT' || (type === 'CREDIT_CARD' && !luhnValid(digits))) guessed.add(run);
    } else {
      let decided = false;
      for (let k = pointer; k < context.expectations.length && !decided; k += 1) {
        const expect = context.expectations[k] as Expectation;
        if (expect === 'NOT_SENSITIVE') {
          if (n <= 12) {
            decided = true;
            pointer = context.expectations.length > 1 ? k + 1 : k;
          }
        } else if (fitsPrompted(expect, n, context.lastFour) && !looksNotSensitive(run, tokens, false)) {
          type = expect;
          decided = true;
          pointer = context.expectations.length > 1 ? k + 1 : k;
        }
      }
      if (!decided && !looksNotSensitive(run, tokens, true)) {
        type = classifyUnprompted(run, digits);
        if (type === 'BANK_ACCOUNT' || (type === 'CREDIT_CARD' && !luhnValid(digits))) guessed.add(run);
      }
    }
    if (joinsCarry) continued = type;
    if (!type) return;
    typeOf.set(run, type);
    candidates.push({ type, start: run.start, end: run.end, priority: 2 });
    for (let prev = run.restarts; prev; prev = prev.restarts) {
      if (prev.digits.length >= 2 || type === 'CARD_CVV' || type === 'PIN') candidates.push({ type, start: prev.start, end: prev.end, priority: 2 });
    }
  });
  const last = runs.at(-1);
  let open: NumericResult['open'];
  if (last && !restarted.has(last)) {
    const rest = tokens.slice(last.lastToken);
    if (rest.every((t) => t.kind === 'punct' || FILLERS.has(t.lower)) ) {
      const joined = runs.length === 1 && continued !== undefined ? (context.carry?.digits ?? '') + last.digits : last.digits;
      open = { type: typeOf.get(last), digits: joined, start: last.start, end: last.end, guessed: guessed.has(last) || !typeOf.has(last) };
    }
  }
  return { candidates, continued, open };
}
