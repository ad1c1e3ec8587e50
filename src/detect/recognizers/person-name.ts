import { AMBIGUOUS_NAMES, FIRST_NAMES, LAST_NAMES } from '../lexicons/person-names.js';
import { MONTHS } from '../lexicon.js';
import { tokenIndexAt, type Token } from '../tokenize.js';
import type { Candidate } from './candidate.js';

const FIRST = new Set(FIRST_NAMES);
const LAST = new Set(LAST_NAMES);
const KNOWN = (w: string): boolean => FIRST.has(w) || LAST.has(w);

// Capitalized words that start sentences or name things, never people.
const STOP = new Set([
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

const LEAD_IN = new Set(['yeah', 'yes', 'yep', "it's", 'its', 'it', 'is', 'um', 'uh', 'er', 'so', 'sure', 'okay', 'ok', 'well', 'oh', 'hi', 'hello', 'this', 'my', 'name', "name's", 'the', 'full', 'that', "that's", 'would', 'be', 'of', 'course', 'certainly']);

const CUE = /\b(?:my name is|my name's|name is|name's|the name is|maiden name is|last name is|first name is|surname is|this is|i am|i'm|speaking with|speak (?:with|to)|it's|it is|call me|mr\.?|mrs\.?|ms\.?|miss|dr\.?|cardholder is|account holder is|my (?:husband|wife|son|daughter|mother|father|mom|dad|partner|brother|sister|child|friend|grandmother|grandfather)(?:'s name is)?,?|under the name(?: of)?|hi|hello|thanks|thank you|dear|patient)\s+/gi;
// Cues after which the next word is a name only if it is a known name (or a name was asked for).
const WEAK = /^(?:my (?:husband|wife|son|daughter|mother|father|mom|dad|partner|brother|sister|child|friend|grandmother|grandfather),?\s|this is|i am|i'm|it's|it is|hi|hello|thanks|thank you|dear|patient)\s/i;

const MORE_STOP = new Set([
  'going', 'gonna', 'maiden', 'married', 'middle', 'full', 'spelled', 'spell', 'phone', 'calling', 'over', 'there', 'like',
  'need', 'want', 'help', 'please', 'because', 'regarding', 'still', 'really', 'okay', 'right', 'wrong', 'wait', 'hold',
  'number', 'and', 'yes', 'no', 'sure', 'thanks', 'bye', 'hi', 'um', 'uh', 'er', 'hmm', 'mm', 'yep', 'nope', 'correct',
]);

/** Any word that could be a name: an answer to "what's your name?" is often lower case and not on any list. */
function anyNameWord(t: Token): boolean {
  return t.kind === 'word' && t.text.length >= 2 && !STOP.has(t.lower) && !MORE_STOP.has(t.lower) && MONTHS[t.lower] === undefined;
}

function nameLike(t: Token, strict: boolean | 'any'): boolean {
  if (strict === 'any') return anyNameWord(t);
  if (t.kind !== 'word' || STOP.has(t.lower) || MONTHS[t.lower] !== undefined) return false;
  if (KNOWN(t.lower)) return !strict || !AMBIGUOUS_NAMES.has(t.lower) || /^[A-Z]/.test(t.text);
  return /^[A-Z][a-z'’]+$/.test(t.text) || /^[A-Z]$/.test(t.text);
}

/** Consecutive name words from token i (hyphenated "Smith-Jones" included); returns the last index or -1. */
function nameEnd(tokens: readonly Token[], i: number, strict: boolean | 'any', max = 3): number {
  let end = -1;
  let count = 0;
  for (let j = i; j < tokens.length && count < max; j += 1) {
    const t = tokens[j] as Token;
    if (t.text === '-' && end === j - 1 && tokens[j + 1] && (tokens[j + 1] as Token).start === t.end) continue;
    if (!nameLike(t, strict)) break;
    end = j;
    count += 1;
  }
  return end;
}

// An agent introducing itself ("you're speaking with Dana") names staff, not the caller.
const SELF_INTRODUCTION = /^(?:my name is|my name's|name is|name's|the name is|maiden name is|last name is|first name is|surname is|this is|i am|i'm|speaking with|speak (?:with|to)|it's|it is)\s/i;

export function recognizeNames(text: string, tokens: readonly Token[], nameExpected: boolean, speaker: 'agent' | 'caller' = 'caller'): Candidate[] {
  const found: Candidate[] = [];
  const push = (a: number, b: number): void => {
    found.push({ type: 'PERSON_NAME', start: (tokens[a] as Token).start, end: (tokens[b] as Token).end, priority: 2 });
  };
  for (const m of text.matchAll(CUE)) {
    const i = tokenIndexAt(tokens, m.index + m[0].length);
    const first = tokens[i];
    if (i < 0 || !first) continue;
    if (speaker === 'agent' && SELF_INTRODUCTION.test(m[0])) continue;
    const weak = WEAK.test(m[0]);
    if (weak && !nameExpected && !(KNOWN(first.lower) && !AMBIGUOUS_NAMES.has(first.lower))) continue;
    // After "my name is" (or any cue, when a name was asked for) the words are the name, whatever their case.
    const end = nameEnd(tokens, i, !weak || nameExpected ? 'any' : true);
    if (end >= 0) push(i, end);
  }
  // An answer to "what's your name?": name words anywhere in it; spelled letters ("G-A-R-C-I-A") too.
  if (nameExpected) {
    // "um, olga nguyen", "yeah it's haddad": the answer after its lead-in words.
    let lead = 0;
    while (tokens[lead] && (tokens[lead]?.kind === 'punct' || LEAD_IN.has(tokens[lead]?.lower ?? ''))) lead += 1;
    const answerEnd = nameEnd(tokens, lead, 'any');
    if (answerEnd >= 0) push(lead, answerEnd);
    for (let i = 0; i < tokens.length; i += 1) {
      const t = tokens[i] as Token;
      if (t.kind !== 'word' || STOP.has(t.lower)) continue;
      const known = KNOWN(t.lower) || /^[A-Z][a-z]+$/.test(t.text);
      if (!known || (i === 0 && !KNOWN(t.lower))) continue;
      const end = nameEnd(tokens, i, false);
      if (end >= 0) {
        push(i, end);
        i = end;
      }
    }
    const spelled = /\b[A-Za-z](?:[\s,.-]+[A-Za-z]\b){2,}/g;
    for (const m of text.matchAll(spelled)) found.push({ type: 'PERSON_NAME', start: m.index, end: m.index + m[0].length, priority: 1 });
  } else {
    // "Maria Garcia" with no cue: a known first name beside a known surname, both capitalized.
    for (let i = 0; i + 1 < tokens.length; i += 1) {
      const a = tokens[i] as Token;
      const b = tokens[i + 1] as Token;
      // "Ahmed Haddad": a capitalized known first name and a capitalized word that could be a surname.
      const surname = LAST.has(b.lower) || (nameLike(b, true) && !AMBIGUOUS_NAMES.has(a.lower));
      if (FIRST.has(a.lower) && surname && /^[A-Z]/.test(a.text) && /^[A-Z]/.test(b.text) && !(AMBIGUOUS_NAMES.has(a.lower) && AMBIGUOUS_NAMES.has(b.lower))) {
        push(i, i + 1);
        i += 1;
      }
    }
  }
  return found;
}
