import type { TurnExpectation } from '../../agent/index.js';
import type { EntityType } from '../../detect/index.js';
import type { AsrHint } from '../../speech/index.js';

/** Values callers say as numbers (digit by digit, in pairs, or as a spoken date). */
const SPOKEN_AS_NUMBERS: ReadonlySet<EntityType> = new Set<EntityType>([
  'CREDIT_CARD',
  'CARD_EXPIRY',
  'CARD_CVV',
  'US_SSN',
  'BANK_ACCOUNT',
  'ROUTING_NUMBER',
  'PIN',
  'PHONE_NUMBER',
  'MEDICAL_RECORD_NUMBER',
  'DATE_OF_BIRTH',
]);

/**
 * What the recognizer should listen for while the agent waits for `expect`. A confirmation
 * step names no entity type and nothing says its prompt is a yes/no question, so it stays
 * general: a narrower search would turn an unexpected answer into the words it knows.
 */
export function hintFor(expect: TurnExpectation | undefined): AsrHint {
  const type = expect?.entityType;
  return type !== undefined && SPOKEN_AS_NUMBERS.has(type) ? { kind: 'digits' } : { kind: 'general' };
}
