import { COMMON_WORDS } from '../lexicons/common-words.js';
import { tokenIndexAt, type Token } from '../tokenize.js';
import type { Candidate } from './candidate.js';
import { AMBIGUOUS_NAMES, FIRST, KNOWN, LAST, STOP, nameEnd, nameLike } from './name-words.js';

const LEAD_IN = new Set(['yeah', 'yes', 'yep', "it's", 'its', 'it', 'is', 'um', 'uh', 'er', 'so', 'sure', 'okay', 'ok', 'well', 'oh', 'hi', 'hello', 'this', 'my', 'name', "name's", 'the', 'full', 'that', "that's", 'would', 'be', 'of', 'course', 'certainly']);

// No "Dr.": a doctor's name identifies staff, not the caller (eval/README.md, label guidelines).
const CUE = /\b(?:my name is|my name's|name is|name's|the name is|maiden name is|last name is|first name is|surname is|this is|i am|i'm|speaking with|speak (?:with|to)|it's|it is|call me|mr\.?|mrs\.?|ms\.?|miss|mister|missus|cardholder is|account holder is|my (?:husband|wife|son|daughter|mother|father|mom|dad|partner|brother|sister|child|friend|grandmother|grandfather)(?:'s name is)?,?|under the name(?: of)?|hi|hello|thanks|thank you|dear|patient)\s+/gi;
// Cues after which the next word is a name only if it is a known name (or a name was asked for).
const WEAK = /^(?:my (?:husband|wife|son|daughter|mother|father|mom|dad|partner|brother|sister|child|friend|grandmother|grandfather),?\s|this is|i am|i'm|it's|it is|hi|hello|thanks|thank you|dear|patient)\s/i;

// An agent introducing itself ("you're speaking with Dana") names staff, not the caller.
const SELF_INTRODUCTION = /^(?:my name is|my name's|name is|name's|the name is|maiden name is|last name is|first name is|surname is|this is|i am|i'm|speaking with|speak (?:with|to)|it's|it is)\s/i;

// What may follow a name in an answer: "dana walsh, …", "dana walsh and I'm calling…", "walsh, w a l s h".
const AFTER_ANSWER = new Set(['and', 'spelled', 'spell', 'calling', 'here', 'speaking', 'from', 'i', "i'm", 'im', 'my', "it's", "that's", 'thats', 'last', 'first', 'but', 'please', 'thanks', 'thank', 'with', 'is', 'the', 'um', 'uh', 'on', 'for', 'again', 'ma\'am', 'sir', 'junior', 'senior', 'jr', 'sr']);

// "n g u y e n", "G-A-R-C-I-A": three or more letters said one by one.
const SPELLED = /(?<![\w'’])[A-Za-z](?:[\s,.-]+[A-Za-z](?![\w'’])){2,}/g;

/** An unknown word answering "your name?" is a name only where an answer would end: not "my order number…". */
function plausibleAnswer(tokens: readonly Token[], first: number, last: number): boolean {
  for (let k = first; k <= last; k += 1) if (KNOWN((tokens[k] as Token).lower)) return true;
  const next = tokens[last + 1];
  return !next || next.kind === 'punct' || AFTER_ANSWER.has(next.lower);
}

/** "this is dana walsh": after a weak cue, two name words with at least one of them known. */
function weakCueName(tokens: readonly Token[], i: number): number {
  const first = tokens[i];
  if (!first) return -1;
  if (KNOWN(first.lower) && !AMBIGUOUS_NAMES.has(first.lower)) return nameEnd(tokens, i, true);
  const end = nameEnd(tokens, i, 'any', 3);
  if (end <= i) return -1;
  for (let k = i; k <= end; k += 1) if (KNOWN((tokens[k] as Token).lower) && !AMBIGUOUS_NAMES.has((tokens[k] as Token).lower)) return end;
  return -1;
}

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
    if (weak && !nameExpected) {
      const end = weakCueName(tokens, i);
      if (end >= 0) push(i, end);
      continue;
    }
    // After "my name is" (or any cue, when a name was asked for) the words are the name, whatever their case.
    const end = nameEnd(tokens, i, 'any');
    if (end >= 0 && (!weak || plausibleAnswer(tokens, i, end))) push(i, end);
  }
  if (nameExpected) {
    // "um, olga nguyen", "yeah it's haddad": the answer after its lead-in words.
    let lead = 0;
    while (tokens[lead] && (tokens[lead]?.kind === 'punct' || LEAD_IN.has(tokens[lead]?.lower ?? ''))) lead += 1;
    const answerEnd = nameEnd(tokens, lead, 'any');
    if (answerEnd >= 0 && plausibleAnswer(tokens, lead, answerEnd)) push(lead, answerEnd);
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
  } else {
    for (let i = 0; i + 1 < tokens.length; i += 1) {
      const a = tokens[i] as Token;
      const b = tokens[i + 1] as Token;
      // "Ahmed Haddad": a capitalized known first name and a capitalized word that could be a surname;
      // "maria garcia" in lower case (as recognizers write): both on the lists, neither an everyday word.
      const capitalized = /^[A-Z]/.test(a.text) && /^[A-Z]/.test(b.text);
      const surname = LAST.has(b.lower) || (capitalized && nameLike(b, true) && !AMBIGUOUS_NAMES.has(a.lower));
      const plain = !AMBIGUOUS_NAMES.has(a.lower) && !AMBIGUOUS_NAMES.has(b.lower) && !COMMON_WORDS.has(b.lower);
      if (FIRST.has(a.lower) && surname && (capitalized || plain) && !(AMBIGUOUS_NAMES.has(a.lower) && AMBIGUOUS_NAMES.has(b.lower))) {
        push(i, i + 1);
        i += 1;
      }
    }
  }
  // Letters said one by one: a name when a name was asked for, just said, or is being spelled.
  for (const m of text.matchAll(SPELLED)) {
    const before = text.slice(Math.max(0, m.index - 40), m.index);
    const afterName = found.some((f) => f.end <= m.index && m.index - f.end <= 24);
    if (nameExpected || afterName || /\bspell(?:ed|ing|s)?\b/i.test(before)) found.push({ type: 'PERSON_NAME', start: m.index, end: m.index + m[0].length, priority: 1 });
  }
  return found;
}
