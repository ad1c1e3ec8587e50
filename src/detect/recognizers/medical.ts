import { MEDICAL_MODIFIERS_AFTER, MEDICAL_MODIFIERS_BEFORE, MEDICAL_TERMS } from '../lexicons/medical-terms.js';
import { tokenize, type Token } from '../tokenize.js';
import type { Candidate } from './candidate.js';

// Terms grouped by their first word; longest first so "type 2 diabetes" beats "diabetes".
const BY_FIRST_WORD = new Map<string, string[][]>();
for (const term of MEDICAL_TERMS) {
  const words = tokenize(term).map((t) => t.lower);
  const first = words[0];
  if (first === undefined) continue;
  const list = BY_FIRST_WORD.get(first) ?? [];
  list.push(words);
  list.sort((a, b) => b.length - a.length);
  BY_FIRST_WORD.set(first, list);
}

export function recognizeMedical(tokens: readonly Token[]): Candidate[] {
  const found: Candidate[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const terms = BY_FIRST_WORD.get((tokens[i] as Token).lower);
    if (!terms) continue;
    const term = terms.find((words) => words.every((w, k) => tokens[i + k]?.lower === w));
    if (!term) continue;
    let first = i;
    while (first > 0 && MEDICAL_MODIFIERS_BEFORE.has(tokens[first - 1]?.lower ?? '')) first -= 1;
    let last = i + term.length - 1;
    while (MEDICAL_MODIFIERS_AFTER.has(tokens[last + 1]?.lower ?? '')) last += 1;
    found.push({ type: 'MEDICAL', start: (tokens[first] as Token).start, end: (tokens[last] as Token).end, priority: 1 });
    i = last;
  }
  return found;
}
