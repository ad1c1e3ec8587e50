// How people (and speech recognizers) say digit runs: digit words, oh for zero, double and
// triple, pairs read as numbers, homophones (for, to, too, won, ate) and fillers.
import type { Rng } from './prng.js';

const DIGIT = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const TEEN = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const HOMOPHONE: Record<string, string[]> = { four: ['for'], two: ['to', 'too'], one: ['won'], eight: ['ate'] };

export interface SpokenStyle {
  zero: 'zero' | 'oh' | 'mixed';
  pairs: boolean;
  doubles: boolean;
  homophoneRate: number;
  fillerRate: number;
  groupComma: boolean;
}

export function randomStyle(rng: Rng): SpokenStyle {
  return {
    zero: rng.pick(['zero', 'oh', 'mixed'] as const),
    pairs: rng.chance(0.2),
    doubles: rng.chance(0.3),
    homophoneRate: rng.chance(0.35) ? 0.25 : 0,
    fillerRate: rng.chance(0.2) ? 0.12 : 0,
    groupComma: rng.chance(0.5),
  };
}

export const plainStyle: SpokenStyle = { zero: 'zero', pairs: false, doubles: false, homophoneRate: 0, fillerRate: 0, groupComma: false };

export function twoDigitWords(n: number): string {
  if (n < 10) return DIGIT[n] as string;
  if (n < 20) return TEEN[n - 10] as string;
  const t = TENS[Math.floor(n / 10)] as string;
  return n % 10 === 0 ? t : `${t} ${DIGIT[n % 10] as string}`;
}

// 0..9999 as English words ("two thousand and nineteen", "four hundred twelve").
export function numberWords(n: number, rng: Rng): string {
  if (n < 100) return twoDigitWords(n);
  if (n < 1000) {
    const rest = n % 100;
    const head = `${DIGIT[Math.floor(n / 100)] as string} hundred`;
    return rest === 0 ? head : `${head}${rng.chance(0.5) ? ' and ' : ' '}${twoDigitWords(rest)}`;
  }
  const rest = n % 1000;
  const head = `${twoDigitWords(Math.floor(n / 1000))} thousand`;
  return rest === 0 ? head : `${head} ${numberWords(rest, rng)}`;
}

// A year as spoken: "nineteen eighty four", "two thousand nine", "twenty nineteen".
export function yearWords(y: number, rng: Rng): string {
  if (y >= 2000 && y < 2010) return `two thousand${y === 2000 ? '' : ` ${DIGIT[y - 2000] as string}`}`;
  const hi = Math.floor(y / 100);
  const lo = y % 100;
  if (lo === 0) return `${twoDigitWords(hi)} hundred`;
  return `${twoDigitWords(hi)} ${lo < 10 ? `${rng.chance(0.7) ? 'oh' : 'zero'} ${DIGIT[lo] as string}` : twoDigitWords(lo)}`;
}

function zeroWord(style: SpokenStyle, rng: Rng): string {
  if (style.zero === 'mixed') return rng.chance(0.5) ? 'oh' : 'zero';
  return style.zero;
}

function digitWord(d: number, style: SpokenStyle, rng: Rng): string {
  if (d === 0) return zeroWord(style, rng);
  const w = DIGIT[d] as string;
  const alt = HOMOPHONE[w];
  return alt && rng.chance(style.homophoneRate) ? rng.pick(alt) : w;
}

function groupWords(group: string, style: SpokenStyle, rng: Rng): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < group.length) {
    const d = Number(group[i]);
    // "fifty" then "three" would read as 53, so a pair ending in 0 is only paired at the end.
    const endsInZero = group[i + 1] === '0' && i + 2 < group.length;
    if (style.pairs && i + 1 < group.length && group[i] !== '0' && !endsInZero && rng.chance(0.8)) {
      out.push(twoDigitWords(Number(group.slice(i, i + 2))));
      i += 2;
      continue;
    }
    let run = 1;
    while (i + run < group.length && group[i + run] === group[i]) run++;
    if (style.doubles && run >= 2) {
      const n = run >= 3 ? 3 : 2;
      out.push(`${n === 3 ? 'triple' : 'double'} ${d === 0 ? zeroWord(style, rng) : (DIGIT[d] as string)}`);
      i += n;
      continue;
    }
    out.push(digitWord(d, style, rng));
    i++;
  }
  return out;
}

// Speaks `digits` split into `groups` (sizes summing to digits.length; one group if omitted).
export function speakDigits(digits: string, style: SpokenStyle, rng: Rng, groups?: readonly number[]): string {
  const sizes = groups ?? [digits.length];
  const parts: string[][] = [];
  let at = 0;
  for (const size of sizes) {
    parts.push(groupWords(digits.slice(at, at + size), style, rng));
    at += size;
  }
  // Fillers only between words, so a span always starts and ends on a digit word.
  const withFillers = parts.map((words, gi) => words.map((w, wi) => {
    const last = gi === parts.length - 1 && wi === words.length - 1;
    return !last && rng.chance(style.fillerRate) ? `${w} ${rng.pick(['um', 'uh'])}` : w;
  }).join(' '));
  return withFillers.join(style.groupComma ? ', ' : ' ');
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return sum % 10 === 0;
}
