/** A word, a run of ASCII digits, or one other non-space character, with its offsets in the text. */
export interface Token {
  text: string;
  /** Lower case, curly apostrophes made straight. */
  lower: string;
  start: number;
  end: number;
  kind: 'word' | 'number' | 'punct';
}

const TOKEN = /[A-Za-z]+(?:['’][A-Za-z]+)*|\d+|\S/g;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const value = match[0];
    const start = match.index;
    const first = value.charCodeAt(0);
    const kind = first >= 48 && first <= 57 ? 'number' : /[A-Za-z]/.test(value[0] ?? '') ? 'word' : 'punct';
    tokens.push({ text: value, lower: value.toLowerCase().replace('’', "'"), start, end: start + value.length, kind });
  }
  return tokens;
}

/** True when nothing but whitespace lies between two adjacent tokens. */
export function touching(a: Token, b: Token): boolean {
  return a.end === b.start;
}

/** Index of the first token starting at or after `offset` (binary search), or -1. */
export function tokenIndexAt(tokens: readonly Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((tokens[mid] as Token).start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo < tokens.length ? lo : -1;
}
