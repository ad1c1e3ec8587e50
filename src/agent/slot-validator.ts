import { luhnValid, ssnValid, type TokenCapability, type TokenVault } from '../detect/index.js';
import { readCalendarDates, readCardExpiries } from './dates/calendar-dates.js';

/** Validators a flow may name on a collect step; `digits:N-M` (or `digits:N`) bounds a digit count. */
export const SLOT_VALIDATORS = ['luhn', 'expiry_future', 'cvv', 'date_past', 'ssn'] as const;
export type SlotValidatorName = (typeof SLOT_VALIDATORS)[number] | `digits:${number}-${number}` | `digits:${number}`;

/**
 * Checks a slot's REAL value through the call's capability and answers only yes or no, so the
 * flow engine validates what the caller said without ever holding the value (DESIGN.md invariant 3).
 */
export interface SlotValidator {
  /** Throws DETECT_TOKEN_UNKNOWN for a token this call never minted. */
  validate(token: string, validator: SlotValidatorName): boolean;
}

const DIGITS_RULE = /^digits:(\d{1,2})(?:-(\d{1,2}))?$/;
/** Nobody alive was born more than this long ago; older dates are mishearings. */
const MAX_AGE_YEARS = 130;
/** Cards are issued for at most a few years; further out is a mishearing. */
const MAX_EXPIRY_YEARS_AHEAD = 20;

export function isSlotValidatorName(name: string): name is SlotValidatorName {
  if ((SLOT_VALIDATORS as readonly string[]).includes(name)) return true;
  const m = DIGITS_RULE.exec(name);
  return m !== null && Number(m[1]) <= Number(m[2] ?? m[1]);
}

/** Spoken numbers reach the vault as digits; keypad and typed ones may keep spaces or dashes. */
const digitsOf = (value: string): string => value.replace(/[\s-]/g, '');

/** The check itself, on a value; exported for tests and for tools that re-check what they receive. */
export function slotValueValid(value: string, validator: SlotValidatorName, now: Date): boolean {
  const digits = digitsOf(value);
  switch (validator) {
    case 'luhn':
      // ISO/IEC 7812 primary account numbers are 12 to 19 digits.
      return /^\d{12,19}$/.test(digits) && luhnValid(digits);
    case 'cvv':
      return /^\d{3,4}$/.test(digits);
    case 'ssn':
      return ssnValid(digits);
    case 'expiry_future': {
      // A card is valid through the last day of its expiry month.
      const expiry = readCardExpiries(value)[0];
      if (expiry === undefined) return false;
      const months = expiry.year * 12 + expiry.month - (now.getUTCFullYear() * 12 + now.getUTCMonth() + 1);
      return months >= 0 && months <= MAX_EXPIRY_YEARS_AHEAD * 12;
    }
    case 'date_past': {
      const date = readCalendarDates(value, now)[0];
      if (date === undefined) return false;
      const at = Date.UTC(date.year, date.month - 1, date.day);
      const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
      return at < today && date.year > now.getUTCFullYear() - MAX_AGE_YEARS;
    }
    default: {
      const m = DIGITS_RULE.exec(validator);
      if (m === null) return false; // fail closed on a name that slipped past flow validation
      const min = Number(m[1]);
      const max = Number(m[2] ?? m[1]);
      return /^\d+$/.test(digits) && digits.length >= min && digits.length <= max;
    }
  }
}

export function createSlotValidator(options: { vault: TokenVault; capability: TokenCapability; now?: () => Date }): SlotValidator {
  const now = options.now ?? ((): Date => new Date());
  return {
    validate(token, validator) {
      return slotValueValid(options.vault.resolve(token, options.capability), validator, now());
    },
  };
}
