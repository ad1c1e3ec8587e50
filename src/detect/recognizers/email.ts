import type { Token } from '../tokenize.js';
import type { Candidate } from './candidate.js';

// RFC 5321 §4.5.3.1: a local part is at most 64 octets, a domain label at most 63.
const WRITTEN = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}\b/g;

const TLDS = new Set(['com', 'net', 'org', 'edu', 'gov', 'io', 'co', 'us', 'uk', 'ca', 'info', 'biz', 'me', 'mil', 'ai', 'app', 'dev', 'tv', 'de', 'fr', 'au', 'in', 'mx']);
const DOTS = new Set(['dot', 'period', '.']);
const JOINERS = new Set(['underscore', 'dash', 'hyphen', '_', '-', 'dot', 'period', '.']);
// Words that end a spoken local part when read backwards from "at": "my email is | john smith at …".
const BEFORE_LOCAL = new Set([
  'is', "it's", 'its', 'my', 'email', 'e-mail', 'mail', 'address', 'and', 'or', 'the', 'at', "that's", 'thats', 'me', 'to',
  'send', 'it', 'yes', 'yeah', 'sure', 'so', 'ok', 'okay', 'um', 'uh', 'er', 'was', 'be', 'would', 'should', 'use', 'try',
  'a', 'an', 'new', 'old', 'work', 'personal', 'please', 'spelled', 'also', 'then', 'but', 'i', "i'm", 'on', 'under',
]);
// Words that cannot be part of a spoken domain name.
const NOT_DOMAIN = new Set(['at', 'and', 'or', 'is', 'the', 'my', 'um', 'uh', 'com', 'net', 'org']);

const DIGIT_WORDS = new Set(['zero', 'oh', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve',
  'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty', 'thirty', 'forty', 'fifty', 'sixty',
  'seventy', 'eighty', 'ninety', 'hundred', 'double', 'triple']);
// Mail providers callers name without the ".com" ("john smith at gmail").
const PROVIDERS = new Set(['gmail', 'yahoo', 'hotmail', 'outlook', 'aol', 'icloud', 'comcast', 'msn', 'live', 'protonmail', 'proton', 'verizon', 'att', 'sbcglobal']);
const isWordish = (t: Token | undefined): t is Token => t !== undefined && (t.kind === 'word' || t.kind === 'number');
const single = (t: Token): boolean => t.kind === 'word' && t.text.length === 1;

/** "harbor federal dot com", "h a r b o r dot com", "yahoo dot co dot uk": the last token of the domain, or -1. */
function domainEnd(tokens: readonly Token[], from: number): number {
  let end = -1;
  let j = from;
  let labels = 0;
  for (;;) {
    // One label: up to three words, a spelled-out run of letters counting as one.
    let words = 0;
    let k = j;
    while (isWordish(tokens[k]) && !DOTS.has((tokens[k] as Token).lower) && !NOT_DOMAIN.has((tokens[k] as Token).lower) && words < 3) {
      if (!(single(tokens[k] as Token) && k > j && single(tokens[k - 1] as Token))) words += 1;
      k += 1;
      if (tokens[k] && (tokens[k]?.text === '-' || tokens[k]?.lower === 'dash') && isWordish(tokens[k + 1])) k += 1;
    }
    // The top-level domain closes the address only after at least one label.
    const tld = tokens[j];
    if (labels > 0 && tld && TLDS.has(tld.lower)) end = j;
    if (k === j) break;
    labels += 1;
    if (!DOTS.has(tokens[k]?.lower ?? '')) break;
    j = k + 1;
    if (labels > 4) break;
  }
  return end;
}

/** "john dot smith", "j o h n dot r e y e s", "alex seventy seven": the first token of the local part, or -1. */
function localStart(tokens: readonly Token[], at: number, maxUnits: number): number {
  let start = -1;
  let units = 0;
  let letters = false;
  for (let k = at - 1; k >= 0; k -= 1) {
    const t = tokens[k] as Token;
    // Digits belong to the local part only after its letters ("jdoe twenty one"); digits before
    // them end something said earlier ("…oh one four four, jdoe twenty one at …").
    const digit = t.kind === 'number' || DIGIT_WORDS.has(t.lower);
    if (digit && letters) break;
    if (!digit && isWordish(t) && !JOINERS.has(t.lower)) letters = true;
    if (JOINERS.has(t.lower)) {
      if (start < 0) return -1;
      continue;
    }
    // A letter among letters said one by one ("r o s a underscore m"), even "a" or "i".
    const spelledOn = single(t) && ((tokens[k + 1] !== undefined && single(tokens[k + 1] as Token)) || (tokens[k - 1] !== undefined && single(tokens[k - 1] as Token)));
    if (!isWordish(t) || (BEFORE_LOCAL.has(t.lower) && !spelledOn)) break;
    // A written number standing alone belongs to something said before ("…0148 and my email…").
    if (t.kind === 'number' && t.text.length >= 3 && tokens[k - 1]?.end !== t.start && tokens[k + 1]?.start !== t.end) break;
    if (!(single(t) && tokens[k + 1] !== undefined && single(tokens[k + 1] as Token))) units += 1;
    if (units > maxUnits) break;
    start = k;
  }
  // Never start on a joiner ("dot smith at …" keeps what came before the dot out).
  while (start >= 0 && start < at && JOINERS.has((tokens[start] as Token).lower)) start += 1;
  return start < at ? start : -1;
}

export function recognizeEmails(text: string, tokens: readonly Token[], expected: boolean): Candidate[] {
  const found: Candidate[] = [];
  if (text.includes('@')) for (const m of text.matchAll(WRITTEN)) found.push({ type: 'EMAIL', start: m.index, end: m.index + m[0].length, priority: 5 });
  for (let i = 1; i < tokens.length; i += 1) {
    const t = tokens[i] as Token;
    const spokenAt = t.lower === 'at' || (t.text === '@' && tokens[i - 1]?.end !== t.start);
    if (!spokenAt) continue;
    const from = tokens[i + 1]?.lower === 'sign' ? i + 2 : i + 1;
    let end = domainEnd(tokens, from);
    // "john smith at gmail", when an email was asked for.
    if (end < 0 && expected && PROVIDERS.has(tokens[from]?.lower ?? '')) end = from;
    if (end < 0) continue;
    // The local part is a few words at most: "my email is john smith at…" keeps "my email is".
    const start = localStart(tokens, i, expected ? 6 : 3);
    if (start < 0) continue;
    found.push({ type: 'EMAIL', start: (tokens[start] as Token).start, end: (tokens[end] as Token).end, priority: 5 });
    i = end;
  }
  return found;
}
