import type { EntityType } from '../types.js';
import { abaValid, luhnValid, ssnValid } from '../validators.js';

/** A digit run left open at the end of a caller turn, for the caller's next segment to go on with. */
export interface CarriedRun {
  type: EntityType | undefined;
  /** Every digit said so far, over all the segments the run spans. */
  digits: string;
  /** Typed by shape alone (no prompt, cue or checksum), so a continuation may retype it. */
  guessed: boolean;
  /** Said after "tracking number", "order number": its continuation is not sensitive either. */
  notSensitive?: boolean;
}

// Words a caller may say before going on with a number ("and then, uh, one one…").
// A cue in the turn ("and my phone is") stops the joining first, so the list can be generous.
export const CONTINUATION_WORDS = new Set([
  'and', 'then', 'the', 'rest', 'is', "it's", 'its', 'it', 'of', 'yeah', 'yes', 'okay', 'ok', 'so', 'um', 'uh', 'er', 'ah', 'well',
  'now', 'next', 'after', 'that', 'continuing', 'last', 'part', 'four', 'digits', 'numbers', 'are', 'right', 'sorry', 'oh', 'mm',
  'hmm', 'let', 'me', 'see', 'remaining', 'followed', 'by', 'more', 'few', 'final', 'still', 'going',
]);

// What callers say next, unasked, once a value is whole: a card's expiry and code, an account after a routing number.
export const FOLLOW_ON: Partial<Record<EntityType, readonly EntityType[]>> = {
  CREDIT_CARD: ['CARD_EXPIRY', 'CARD_CVV'],
  ROUTING_NUMBER: ['BANK_ACCOUNT'],
};

/** A value already whole ("4111 1111 1111 1111", nine digits of a social): what follows is a new one. */
export function complete(carry: CarriedRun): boolean {
  const n = carry.digits.length;
  switch (carry.type) {
    case 'CREDIT_CARD':
      return n >= 15 && luhnValid(carry.digits);
    case 'US_SSN':
      return n === 9 && ssnValid(carry.digits);
    case 'ROUTING_NUMBER':
      return n === 9 && abaValid(carry.digits);
    case 'PHONE_NUMBER':
      return n >= 10;
    default:
      return false;
  }
}
