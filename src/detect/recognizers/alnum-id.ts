import type { DigitRun } from '../digit-runs.js';
import type { Token } from '../tokenize.js';

/**
 * An identifier of letters and digits: "a b 1 2 3 4 5", "x j h four four seven…", "MRN00458213",
 * "1Z999AA10123456784". Card, bank and social security numbers are digits only, so a run inside
 * one of these is a record, member, parcel or booking number — typed by what was asked for.
 */
export interface AlnumId {
  start: number;
  end: number;
  runs: DigitRun[];
}

const LETTER = /^[a-z]$/i;

/** Letters said one by one, or letters written against digits ("AB12345"). */
function letterAt(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  if (!t || t.kind !== 'word') return false;
  const prev = tokens[i - 1];
  const next = tokens[i + 1];
  const touchesNumber = (prev?.kind === 'number' && prev.end === t.start) || (next?.kind === 'number' && next.start === t.end);
  if (touchesNumber && t.text.length <= 4) return true;
  if (!LETTER.test(t.text)) return false;
  // "a" and "i" are words unless spelled among other letters ("a b 1 2 3").
  if (t.lower !== 'a' && t.lower !== 'i') return true;
  return (prev !== undefined && LETTER.test(prev.text) && prev.kind === 'word') || (next !== undefined && LETTER.test(next.text) && next.kind === 'word');
}

export function findAlnumIds(tokens: readonly Token[], runs: readonly DigitRun[], skip: (offset: number) => boolean): AlnumId[] {
  const ids: AlnumId[] = [];
  const runsAt = new Map(runs.map((r) => [r.firstToken, r]));
  let i = 0;
  while (i < tokens.length) {
    let j = i;
    let letters = 0;
    let digits = 0;
    const inside: DigitRun[] = [];
    for (;;) {
      const t = tokens[j];
      if (!t || skip(t.start)) break;
      const run = runsAt.get(j);
      if (letterAt(tokens, j) && !(run && run.lastToken > j + 1)) {
        letters += 1;
        j += 1;
      } else if (run) {
        digits += run.digits.length;
        inside.push(run);
        j = run.lastToken;
      } else if (t.text === '-' && j > i) {
        j += 1;
      } else break;
    }
    const last = tokens[j - 1];
    if (letters > 0 && digits >= 3 && inside.length > 0 && last && j > i) {
      let end = j - 1;
      while (end > i && (tokens[end] as Token).text === '-') end -= 1;
      ids.push({ start: (tokens[i] as Token).start, end: (tokens[end] as Token).end, runs: inside });
    }
    i = Math.max(j, i + 1);
  }
  return ids;
}
