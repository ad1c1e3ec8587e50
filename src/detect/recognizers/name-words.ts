import { COMMON_WORDS } from '../lexicons/common-words.js';
import { AMBIGUOUS_NAMES, FIRST_NAMES, LAST_NAMES } from '../lexicons/person-names.js';
import { MONTHS, ORDINALS } from '../lexicon.js';
import type { Token } from '../tokenize.js';

export const FIRST = new Set(FIRST_NAMES);
export const LAST = new Set(LAST_NAMES);
export const KNOWN = (w: string): boolean => FIRST.has(w) || LAST.has(w);
export { AMBIGUOUS_NAMES };

// Capitalized words that start sentences or name things, never people.
export const STOP = new Set([
  'i', "i'm", 'im', 'yes', 'yeah', 'yep', 'no', 'nope', 'it', "it's", 'its', 'the', 'a', 'an', 'my', 'sure', 'okay', 'ok',
  'hi', 'hello', 'hey', 'thanks', 'thank', 'um', 'uh', 'so', 'well', 'oh', 'and', 'but', 'that', "that's", 'this', 'is',
  'can', 'could', 'would', 'please', 'sorry', 'visa', 'mastercard', 'amex', 'discover', 'street', 'avenue', 'road',
  'mr', 'mrs', 'ms', 'dr', 'miss', 'calling', 'here', 'speaking', 'just', 'actually', 'from', 'with', 'about', 'what',
  'how', 'good', 'fine', 'great', 'right', 'correct', 'calling', 'spelled', 'last', 'first', 'name', 'not', 'sir', 'ma',
  "ma'am", 'bank', 'card', 'account', 'customer', 'service', 'support', 'team', 'agent', 'doctor', 'nurse', 'monday',
  'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'today', 'tomorrow', 'god', 'america', 'american',
  'express', 'social', 'security', 'medicare', 'medicaid', 'ssn', 'cvv', 'pin', 'ok', 'alright', 'all', 'we', 'you',
  'he', 'she', 'they', 'there', 'then', 'when', 'where', 'why', 'who', 'do', 'does', 'did', 'have', 'has', 'will', 'in',
  'on', 'at', 'for', 'to', 'of', 'or', 'be', 'am', 'are', 'was', 'again', 'also', 'let', 'me', 'one', 'two', 'three',
  'four', 'five', 'six', 'seven', 'eight', 'nine', 'zero', 'ten', 'go', 'ahead', 'perfect', 'got', 'hmm', 'mm',
]);

const MORE_STOP = new Set([
  'going', 'gonna', 'maiden', 'married', 'middle', 'full', 'spelled', 'spell', 'phone', 'calling', 'over', 'there', 'like',
  'need', 'want', 'help', 'please', 'because', 'regarding', 'still', 'really', 'okay', 'right', 'wrong', 'wait', 'hold',
  'number', 'and', 'yes', 'no', 'sure', 'thanks', 'bye', 'hi', 'um', 'uh', 'er', 'hmm', 'mm', 'yep', 'nope', 'correct',
]);

/** Any word that could be a name: an answer to "what's your name?" is often lower case and not on any list. */
function anyNameWord(t: Token): boolean {
  if (t.kind !== 'word' || t.text.length < 2 || STOP.has(t.lower) || MORE_STOP.has(t.lower)) return false;
  if (MONTHS[t.lower] !== undefined || ORDINALS[t.lower] !== undefined) return false;
  return !COMMON_WORDS.has(t.lower) || (KNOWN(t.lower) && !AMBIGUOUS_NAMES.has(t.lower));
}

export function nameLike(t: Token, strict: boolean | 'any'): boolean {
  if (strict === 'any') return anyNameWord(t);
  if (t.kind !== 'word' || STOP.has(t.lower) || MONTHS[t.lower] !== undefined) return false;
  if (KNOWN(t.lower)) return !strict || !AMBIGUOUS_NAMES.has(t.lower) || /^[A-Z]/.test(t.text);
  return /^[A-Z][a-z'’]+$/.test(t.text) || /^[A-Z]$/.test(t.text);
}

/** "q", "K.": an initial, when a name word follows it; returns the index of that word or -1. A leading
 * initial ("J. Robert Oppenheimer") must be written with its dot. */
function afterInitial(tokens: readonly Token[], j: number, strict: boolean | 'any', leading: boolean): number {
  const t = tokens[j];
  if (!t || t.kind !== 'word' || t.text.length !== 1) return -1;
  const dotted = tokens[j + 1]?.text === '.';
  if (leading && !dotted) return -1;
  // "a" and "i" are words, unless written as an initial ("Elizabeth A. Hartwell").
  if ((t.lower === 'a' || t.lower === 'i') && !(dotted && t.text === t.text.toUpperCase())) return -1;
  const next = dotted ? j + 2 : j + 1;
  const word = tokens[next];
  return word && nameLike(word, strict) ? next : -1;
}

/** Consecutive name words from token i ("Smith-Jones", "mary k. o'brien" included); returns the last index or -1. */
export function nameEnd(tokens: readonly Token[], i: number, strict: boolean | 'any', max = 3): number {
  let end = -1;
  let count = 0;
  for (let j = i; j < tokens.length && count < max; j += 1) {
    const t = tokens[j] as Token;
    if (t.text === '-' && end === j - 1 && tokens[j + 1] && (tokens[j + 1] as Token).start === t.end) continue;
    const word = afterInitial(tokens, j, strict, end < 0);
    if (word >= 0) j = word;
    if (!nameLike(tokens[j] as Token, strict)) break;
    end = j;
    count += 1;
  }
  return end;
}
