import type { DigitRun } from '../digit-runs.js';
import type { EntityType } from '../types.js';
import { abaValid, expiryShapeValid, luhnValid, nanpValid, ssnValid } from '../validators.js';

/** Whether a run of n digits can be an answer of this type when the agent asked for it. */
export function fitsPrompted(type: EntityType, n: number, lastFour: boolean): boolean {
  switch (type) {
    case 'CREDIT_CARD':
      return n >= 4 && n <= 23;
    case 'CARD_CVV':
      return n >= 3 && n <= 4;
    case 'CARD_EXPIRY':
      return n >= 3 && n <= 6;
    case 'US_SSN':
      return lastFour ? n === 4 : n >= 3 && n <= 11;
    case 'ROUTING_NUMBER':
      return n >= 3 && n <= 11;
    case 'BANK_ACCOUNT':
      return n >= 4 && n <= 20;
    case 'PIN':
      return n >= 3 && n <= 8;
    case 'DATE_OF_BIRTH':
      return n >= 4 && n <= 8;
    case 'PHONE_NUMBER':
      return n >= 3 && n <= 12;
    case 'MEDICAL_RECORD_NUMBER':
      return n >= 4 && n <= 14;
    default:
      return false;
  }
}

const sameGroups = (run: DigitRun, groups: readonly number[]): boolean =>
  run.groups.length === groups.length && run.groups.every((g, k) => g === groups[k]);

/**
 * A number nobody asked for: only checksums and written formats make it a secret. Long runs
 * that fit no rule are still masked (fail closed, DESIGN.md invariant 4).
 */
export function classifyUnprompted(run: DigitRun, digits: string): EntityType | undefined {
  const n = digits.length;
  const written = run.separators.join('');
  if (n >= 13 && n <= 19 && luhnValid(digits)) return 'CREDIT_CARD';
  // "03/15/2024", "3-15-24": a written date is not a secret without a cue ("born on").
  if (run.groups.length === 3 && run.separators.length === 2 && run.separators.every((s) => s === '/' || s === '-') && (run.groups[0] ?? 0) <= 2 && (run.groups[1] ?? 0) <= 2) return undefined;
  if (n === 16 && sameGroups(run, [4, 4, 4, 4])) return 'CREDIT_CARD';
  if (n === 15 && sameGroups(run, [4, 6, 5])) return 'CREDIT_CARD';
  if (n === 9 && sameGroups(run, [3, 2, 4]) && ssnValid(digits)) return 'US_SSN';
  if (written.includes('(') || written.includes('+')) return n >= 7 ? 'PHONE_NUMBER' : undefined;
  if ((n === 10 && sameGroups(run, [3, 3, 4])) || (n === 11 && sameGroups(run, [1, 3, 3, 4]))) return 'PHONE_NUMBER';
  if (n === 7 && sameGroups(run, [3, 4]) && !written.includes('.')) return 'PHONE_NUMBER';
  if (n === 9 && abaValid(digits)) return 'ROUTING_NUMBER';
  if (n === 9 && ssnValid(digits)) return 'US_SSN';
  if ((n === 10 || n === 11) && nanpValid(digits)) return 'PHONE_NUMBER';
  if (n >= 12) return 'CREDIT_CARD';
  if (n >= 8) return 'BANK_ACCOUNT';
  return undefined;
}

/** A short answer with no prompt: "oh nine twenty seven" after "expires" is still an expiry. */
export function fitsLocalCue(type: EntityType, n: number, digits: string): boolean {
  if (type === 'CARD_EXPIRY') return expiryShapeValid(digits) || n === 4;
  return fitsPrompted(type, n, type === 'US_SSN' && n === 4);
}
