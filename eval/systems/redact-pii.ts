// Baseline: the redact-pii package. It returns only redacted text, so its built-in
// patterns are run with sentinel replacements and the spans are recovered by aligning the
// redacted string with the original (alignRedacted). redact-pii 3.4 ignores a per-built-in
// `replaceWith` (composition.js uses only globalReplaceWith), so the built-in regexes are
// disabled and re-added, in their original order, as `customRedactors.before` with
// sentinels; its name redactor still runs last and writes PERSON_NAME.
import redactPii from 'redact-pii';
import * as patterns from 'redact-pii/lib/built-ins/simple-regexp-patterns.js';
import type { Span } from '../corpus/format.js';
import type { DetectionSystem } from './types.js';

const BUILT_INS = ['creditCardNumber', 'streetAddress', 'zipcode', 'phoneNumber', 'ipAddress', 'usSocialSecurityNumber',
  'emailAddress', 'username', 'password', 'credentials', 'digits', 'url'] as const;
const NAMES_KEY = 'z';
const TYPE_OF: Record<string, string> = {
  creditCardNumber: 'CREDIT_CARD', streetAddress: 'ADDRESS', zipcode: 'ADDRESS', phoneNumber: 'PHONE_NUMBER',
  usSocialSecurityNumber: 'US_SSN', emailAddress: 'EMAIL', names: 'PERSON_NAME',
};
// Private-use characters around a letter: later patterns (digits, names) run over earlier
// replacements and must not match them.
const sentinel = (i: number): string => `\uE000${String.fromCharCode(97 + i)}\uE001`;
const SENTINEL = /\uE000([a-y])\uE001|PERSON_NAME/g;

// Spans of `original` that were replaced, given `redacted` with sentinels in their place.
// Literal text between sentinels is matched leftmost after the previous one (the last piece
// is matched at the end); adjacent sentinels share one span, typed by the first.
export function alignRedacted(original: string, redacted: string, typeOf: (key: string) => string): Span[] {
  const pieces: { literal: string; key: string | null }[] = [];
  let at = 0;
  for (const m of redacted.matchAll(SENTINEL)) {
    pieces.push({ literal: redacted.slice(at, m.index), key: m[1] ?? NAMES_KEY });
    at = m.index + m[0].length;
  }
  const tail = redacted.slice(at);
  const spans: Span[] = [];
  let pos = 0;
  let pending: string | null = null;
  const close = (end: number): void => {
    if (pending !== null && end > pos) spans.push({ type: typeOf(pending), start: pos, end });
  };
  for (const [i, p] of pieces.entries()) {
    if (pending !== null && p.literal === '') continue; // adjacent sentinels
    const found = i === 0 ? 0 : original.indexOf(p.literal, pos + 1);
    if (found < 0) break;
    close(found);
    pos = found + p.literal.length;
    pending = p.key;
  }
  if (pending !== null) close(tail === '' ? original.length : Math.max(pos, original.length - tail.length));
  return spans;
}

export function redactPiiSystem(): DetectionSystem {
  const builtInRedactors = Object.fromEntries(BUILT_INS.map((name) => [name, { enabled: false }]));
  const before = BUILT_INS.map((name, i) => ({ regexpPattern: patterns[name], replaceWith: sentinel(i) }));
  const redactor = new redactPii.SyncRedactor({ builtInRedactors, customRedactors: { before } });
  const typeOf = (key: string): string => key === NAMES_KEY ? 'PERSON_NAME' : TYPE_OF[BUILT_INS[key.charCodeAt(0) - 97] ?? ''] ?? 'OTHER';
  return {
    name: 'redact-pii',
    detect(conversation) {
      return Promise.resolve(conversation.turns.map((t) => alignRedacted(t.text, redactor.redact(t.text), typeOf)));
    },
  };
}
