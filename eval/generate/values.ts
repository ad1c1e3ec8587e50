// Plausible values for each entity type, valid under the checks a detector may use (Luhn,
// ABA checksum, SSN area rules), each rendered in one of the ways callers say it.
import type { Rng } from './prng.js';
import { luhnValid, numberWords, randomStyle, speakDigits, twoDigitWords, yearWords, type SpokenStyle } from './spoken.js';

const digits = (rng: Rng, n: number): string => Array.from({ length: n }, () => String(rng.int(0, 9))).join('');

export function cardNumber(rng: Rng): { digits: string; groups: number[] } {
  const brand = rng.pick(['visa', 'visa', 'mc', 'amex', 'discover'] as const);
  const prefix = brand === 'visa' ? '4' : brand === 'mc' ? String(rng.int(51, 55)) : brand === 'amex' ? rng.pick(['34', '37']) : '6011';
  const len = brand === 'amex' ? 15 : 16;
  const body = prefix + digits(rng, len - prefix.length - 1);
  for (let c = 0; c < 10; c++) if (luhnValid(body + String(c))) return { digits: body + String(c), groups: len === 15 ? [4, 6, 5] : [4, 4, 4, 4] };
  throw new Error('unreachable: some check digit satisfies Luhn');
}

// A card number with one digit mis-spoken, so it fails Luhn; only ever used after a card prompt.
export function misspokenCard(rng: Rng): { digits: string; groups: number[] } {
  const c = cardNumber(rng);
  const i = rng.int(1, c.digits.length - 2);
  const d = (Number(c.digits[i]) + rng.int(1, 9)) % 10;
  return { digits: c.digits.slice(0, i) + String(d) + c.digits.slice(i + 1), groups: c.groups };
}

export function routingNumber(rng: Rng): string {
  const first = String(rng.pick([rng.int(1, 12), rng.int(21, 32)])).padStart(2, '0');
  const body = first + digits(rng, 6);
  const w = [3, 7, 1, 3, 7, 1, 3, 7];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (w[i] as number), 0);
  return body + String((10 - (sum % 10)) % 10);
}

export function ssn(rng: Rng): string {
  let area = rng.int(1, 899);
  if (area === 666) area = 667;
  return String(area).padStart(3, '0') + String(rng.int(1, 99)).padStart(2, '0') + String(rng.int(1, 9999)).padStart(4, '0');
}

export const bankAccount = (rng: Rng): string => String(rng.int(1, 9)) + digits(rng, rng.int(7, 11));
export const pin = (rng: Rng): string => digits(rng, rng.pick([4, 4, 4, 6]));
export const cvv = (rng: Rng, amex = false): string => digits(rng, amex ? 4 : 3);
export const phoneDigits = (rng: Rng): string => String(rng.int(2, 9)) + digits(rng, 2) + String(rng.int(2, 9)) + digits(rng, 6);
export const mrnDigits = (rng: Rng): string => digits(rng, rng.int(6, 9));

// Renders digits either formatted (as a recognizer with number formatting would) or spoken.
export function renderDigits(rng: Rng, d: string, groups: readonly number[], sep: string, spokenShare = 0.7, style?: SpokenStyle): string {
  if (!rng.chance(spokenShare)) {
    const parts: string[] = [];
    let at = 0;
    for (const g of groups) { parts.push(d.slice(at, at + g)); at += g; }
    return parts.join(sep);
  }
  return speakDigits(d, style ?? randomStyle(rng), rng, groups);
}

export function renderPhone(rng: Rng, d: string): string {
  const f = rng.int(0, 4);
  if (f === 0) return `(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`;
  if (f === 1) return `${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6)}`;
  return speakDigits(d, randomStyle(rng), rng, [3, 3, 4]);
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const ORD = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth',
  'thirteenth', 'fourteenth', 'fifteenth', 'sixteenth', 'seventeenth', 'eighteenth', 'nineteenth', 'twentieth'];
export function ordinalWords(n: number): string {
  if (n <= 20) return ORD[n - 1] as string;
  if (n === 30) return 'thirtieth';
  return `${n < 30 ? 'twenty' : 'thirty'} ${ORD[(n % 10) - 1] as string}`;
}

export function renderDob(rng: Rng): string {
  const y = rng.int(1938, 2004);
  const m = rng.int(1, 12);
  const d = rng.int(1, 28);
  const month = MONTHS[m - 1] as string;
  switch (rng.int(0, 4)) {
    case 0: return `${month} ${ordinalWords(d)} ${yearWords(y, rng)}`;
    case 1: return `the ${ordinalWords(d)} of ${month} ${yearWords(y, rng)}`;
    case 2: return `${m}/${d}/${y}`;
    case 3: return `${month} ${d}, ${y}`;
    default: return speakDigits(String(m).padStart(2, '0') + String(d).padStart(2, '0'), { ...randomStyle(rng), pairs: false, zero: 'oh' }, rng, [2, 2]) + ` ${yearWords(y, rng)}`;
  }
}

export function renderExpiry(rng: Rng): string {
  const m = rng.int(1, 12);
  const y = rng.int(26, 33);
  switch (rng.int(0, 3)) {
    case 0: return `${String(m).padStart(2, '0')}/${y}`;
    case 1: return `${MONTHS[m - 1] as string} twenty ${twoDigitWords(y)}`;
    case 2: return `${m < 10 ? 'oh ' : ''}${twoDigitWords(m)} ${twoDigitWords(y)}`;
    default: return `${twoDigitWords(m)} slash ${twoDigitWords(y)}`;
  }
}

export { numberWords, yearWords };
