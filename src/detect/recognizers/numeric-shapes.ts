import type { DigitRun } from '../digit-runs.js';
import type { EntityType } from '../types.js';
import { abaValid, expiryShapeValid, luhnValid, nanpValid, ssnValid } from '../validators.js';

// How many digits an answer of each type may have when the agent asked for it: [min, max].
const PROMPTED_DIGITS: Partial<Record<EntityType, readonly [number, number]>> = {
  CREDIT_CARD: [4, 23],
  CARD_CVV: [3, 4],
  CARD_EXPIRY: [3, 6],
  US_SSN: [3, 11],
  ROUTING_NUMBER: [3, 11],
  BANK_ACCOUNT: [4, 20],
  PIN: [3, 8],
  DATE_OF_BIRTH: [4, 8],
  PHONE_NUMBER: [3, 12],
  MEDICAL_RECORD_NUMBER: [4, 14],
};

/**
 * Whether a run of n digits can be an answer of this type when the agent asked for it.
 * `partial`: only part was asked for ("last four of your social"). `unfinished`: the run ends a
 * streaming partial result, so it may be the first digits of the answer — masked from the first
 * digit on (fail closed).
 */
export function fitsPrompted(type: EntityType, n: number, partial: boolean, unfinished = false): boolean {
  const range = PROMPTED_DIGITS[type];
  if (!range) return false;
  if (unfinished) return n >= 1 && n <= range[1];
  if (type === 'US_SSN' && partial) return n === 4;
  return n >= range[0] && n <= range[1];
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
