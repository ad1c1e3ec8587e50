import { findDigitRuns } from './digit-runs.js';
import { actionFor, DEFAULT_POLICY, type RedactionPolicy } from './policy.js';
import { tokenize } from './tokenize.js';
import type { TokenVault } from './token-vault.js';
import type { EntitySpan, EntityType } from './types.js';

const NUMERIC: ReadonlySet<EntityType> = new Set([
  'CREDIT_CARD', 'CARD_EXPIRY', 'CARD_CVV', 'US_SSN', 'BANK_ACCOUNT', 'ROUTING_NUMBER', 'PIN', 'PHONE_NUMBER', 'MEDICAL_RECORD_NUMBER',
]);

/** The value a span stands for: digits for numbers said any way, else the words, normalized. */
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_ABBREVIATIONS = MONTHS.map((m) => m.slice(0, 3));

/** "september twenty twenty seven" → "092027": the month word is part of an expiry's value. */
function expiryValue(said: string): string | undefined {
  const words = said.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const index = words.findIndex((w) => MONTHS.includes(w) || MONTH_ABBREVIATIONS.includes(w));
  if (index < 0) return undefined;
  const word = words[index] ?? '';
  const month = (MONTHS.includes(word) ? MONTHS.indexOf(word) : MONTH_ABBREVIATIONS.indexOf(word)) + 1;
  const rest = words.slice(index + 1).join(' ');
  const year = findDigitRuns(tokenize(rest)).map((r) => r.digits).join('');
  return year ? `${String(month).padStart(2, '0')}${year}` : undefined;
}

export function valueOf(type: EntityType, said: string): string {
  if (type === 'CARD_EXPIRY') {
    const withMonth = expiryValue(said);
    if (withMonth) return withMonth;
  }
  if (NUMERIC.has(type)) {
    const digits = findDigitRuns(tokenize(said)).map((r) => r.digits).join('');
    if (digits) return digits;
  }
  return said.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The text with each span replaced as the policy says: `[TYPE]`, a vault token, or left as said. */
export function renderRedacted(text: string, spans: readonly EntitySpan[], policy: RedactionPolicy | undefined, vault: TokenVault | undefined): string {
  let out = '';
  let at = 0;
  for (const span of spans) {
    const action = actionFor(policy, span.type);
    if (action === 'keep') continue;
    out += text.slice(at, span.start);
    const said = text.slice(span.start, span.end);
    let replacement = action === 'tokenize' && vault ? vault.tokenize(span.type, valueOf(span.type, said)) : `[${span.type}]`;
    if (span.type === 'CREDIT_CARD' && (policy?.cardMasking ?? DEFAULT_POLICY.cardMasking) === 'last4') {
      // PCI DSS 3.4.1: at most the first six and last four digits may be shown; we show the last four.
      const digits = valueOf(span.type, said);
      if (/^\d{12,}$/.test(digits)) replacement = `${replacement.slice(0, -1)} ending ${digits.slice(-4)}]`;
    }
    out += replacement;
    at = span.end;
  }
  return out + text.slice(at);
}
