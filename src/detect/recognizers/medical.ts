import { CONDITIONS } from '../lexicons/medical-conditions.js';
import { MEDICAL_MODIFIERS_AFTER, MEDICAL_MODIFIERS_BEFORE } from '../lexicons/medical-terms.js';
import { MEDICATIONS } from '../lexicons/medications.js';
import { tokenize, type Token } from '../tokenize.js';
import type { Candidate } from './candidate.js';

interface Term {
  words: string[];
  condition: boolean;
}

// Terms grouped by their first word; longest first so "type 2 diabetes" beats "diabetes".
const BY_FIRST_WORD = new Map<string, Term[]>();
const add = (term: string, condition: boolean): void => {
  const words = tokenize(term).map((t) => t.lower);
  const first = words[0];
  if (first === undefined) return;
  const list = BY_FIRST_WORD.get(first) ?? [];
  list.push({ words, condition });
  list.sort((a, b) => b.words.length - a.words.length);
  BY_FIRST_WORD.set(first, list);
};
for (const term of CONDITIONS) add(term, true);
for (const term of MEDICATIONS) add(term, false);

// "no fracture", "not diabetic": a finding of absence is not a diagnosis. (A medication keeps its
// label: "no insulin left" still says the caller takes insulin.)
const NEGATIONS = new Set(['no', 'not', 'negative', 'without']);
// Everyday senses of a few terms: "a stroke of luck", "a lithium battery".
const NOT_MEDICAL_AFTER: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['stroke', new Set(['of'])],
  ['lithium', new Set(['battery', 'batteries', 'ion'])],
  ['depression', new Set(['era'])],
]);

export function recognizeMedical(tokens: readonly Token[]): Candidate[] {
  const found: Candidate[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const terms = BY_FIRST_WORD.get((tokens[i] as Token).lower);
    if (!terms) continue;
    const term = terms.find((t) => t.words.every((w, k) => tokens[i + k]?.lower === w));
    if (!term) continue;
    let first = i;
    while (first > 0 && MEDICAL_MODIFIERS_BEFORE.has(tokens[first - 1]?.lower ?? '')) first -= 1;
    let last = i + term.words.length - 1;
    while (MEDICAL_MODIFIERS_AFTER.has(tokens[last + 1]?.lower ?? '')) last += 1;
    const negated = term.condition && NEGATIONS.has(tokens[first - 1]?.lower ?? '');
    const everyday = NOT_MEDICAL_AFTER.get(term.words.join(' '))?.has(tokens[last + 1]?.lower ?? '') === true;
    if (!negated && !everyday) found.push({ type: 'MEDICAL', start: (tokens[first] as Token).start, end: (tokens[last] as Token).end, priority: 1 });
    i = last;
  }
  return found;
}
