import type { DigitRun } from '../digit-runs.js';
import { FILLERS, MONTHS } from '../lexicon.js';
import type { Token } from '../tokenize.js';

// Words after a number that make it an amount, a time, a count or a duration.
const UNIT_AFTER = new Set([
  'dollar', 'dollars', 'bucks', 'cents', 'cent', 'percent', '%', 'pounds', 'euros', 'grand', 'k',
  'minute', 'minutes', 'hour', 'hours', 'day', 'days', 'week', 'weeks', 'month', 'months', 'year', 'years',
  'second', 'seconds', "o'clock", 'am', 'pm', 'a', 'p', 'times', 'people', 'items', 'item', 'kids', 'children',
  'miles', 'mile', 'degrees', 'points', 'mg', 'milligrams', 'ml', 'units', 'tablets', 'pills', 'feet', 'inches',
  'lbs', 'kg', 'of', 'thirty', 'fifteen', 'forty', 'oclock', 'payments', 'installments', 'boxes', 'packages',
]);
const BEFORE_TIME_OR_COUNT = new Set(['at', 'around', 'about', 'by', 'until', 'till', 'before', 'after', 'since', 'in', 'for', 'within', 'page', 'step', 'option', 'press', 'gate', 'seat', 'table', 'floor', 'level', 'chapter', 'top', 'number', 'no', 'than', 'only', 'just', 'over', 'under', 'aged', 'age']);
const CURRENCY = new Set(['$', '£', '€']);
const PAYMENT_VERBS = new Set(['paid', 'pay', 'charged', 'cost', 'costs', 'owe', 'spent', 'spend', 'billed', 'refund', 'refunded', 'bill', 'was', 'used', 'about', 'around', 'approximately', 'roughly', 'over', 'under', 'only']);

function wordAfter(tokens: readonly Token[], index: number): Token | undefined {
  let j = index;
  while (tokens[j] && FILLERS.has(tokens[j]?.lower ?? '')) j += 1;
  return tokens[j];
}

/** "45 minutes", "3 kids": a unit after the number. */
export function unitAfter(run: DigitRun, tokens: readonly Token[]): boolean {
  const after = wordAfter(tokens, run.lastToken);
  return after !== undefined && (UNIT_AFTER.has(after.lower) || after.text === '%') && after.lower !== 'of';
}

/** Amounts ("$45.20", "forty five dollars"), times ("3:30 pm", "at three"), counts, durations. */
export function looksNotSensitive(run: DigitRun, tokens: readonly Token[], unprompted: boolean): boolean {
  const before = tokens[run.firstToken - 1];
  const after = wordAfter(tokens, run.lastToken);
  if (before && CURRENCY.has(before.text)) return true;
  if (before && PAYMENT_VERBS.has(before.lower)) return true;
  // "since 2004", "one thousand two hundred and fifty nine": years and quantities, not secrets.
  if (run.digits.length === 4 && /^(19|20)\d\d$/.test(run.digits) && before && ['since', 'in', 'from', 'until', 'of', 'year'].includes(before.lower)) return true;
  if (tokens.slice(run.firstToken, run.lastToken).some((t) => t.lower === 'thousand' || t.lower === 'million')) return unprompted || !/(19|20)\d\d$/.test(run.digits);
  // "august twenty first", "june 5": a day of the month.
  if (run.digits.length <= 2 && before && MONTHS[before.lower] !== undefined) return true;
  // "3:30": a colon between numbers is a time; "code: 123" is not.
  const colonBefore = before?.text === ':' && tokens[run.firstToken - 2]?.kind === 'number';
  const colonAfter = after?.text === ':' && tokens[run.lastToken + 1]?.kind === 'number';
  if (colonBefore || colonAfter) return true;
  if (after && (UNIT_AFTER.has(after.lower) || after.text === '%')) return !(after.lower === 'of' && !unprompted);
  if (run.separators.length === 1 && run.separators[0] === '.' && run.groups.at(-1) === 2 && unprompted) return true;
  if (unprompted && before && BEFORE_TIME_OR_COUNT.has(before.lower) && run.digits.length <= 4) return true;
  return false;
}
