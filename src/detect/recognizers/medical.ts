import { MEDICAL_TERMS } from '../data/medical-terms.js';
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
    const last = tokens[i + term.length - 1] as Token;
    found.push({ type: 'MEDICAL', start: (tokens[i] as Token).start, end: last.end, priority: 1 });
    i += term.length - 1;
  }
  return found;
}
