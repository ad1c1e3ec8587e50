import { isEntityType, type EntityType } from '../detect/index.js';

/**
 * Tokens in text the agent speaks become words ("[CREDIT_CARD_1]" → "your card number"): the
 * caller hears what was meant, and no token is ever resolved on the way to speech synthesis.
 */
const WORDS: Readonly<Record<EntityType, string>> = {
  CREDIT_CARD: 'your card number',
  CARD_EXPIRY: 'the expiry date',
  CARD_CVV: 'the security code',
  US_SSN: 'your social security number',
  BANK_ACCOUNT: 'your account number',
  ROUTING_NUMBER: 'the routing number',
  PIN: 'your PIN',
  DATE_OF_BIRTH: 'your date of birth',
  PHONE_NUMBER: 'your phone number',
  EMAIL: 'your email address',
  PERSON_NAME: 'the name you gave',
  ADDRESS: 'your address',
  MEDICAL: 'the medical details you gave',
  MEDICAL_RECORD_NUMBER: 'your medical record number',
};

/**
 * A vault token ("[US_SSN_1]"), a typed placeholder ("[US_SSN]") or the last-four form the
 * detector writes for cards ("[CREDIT_CARD_1 ending 1111]", PCI DSS 3.4.1 allows the last four).
 */
export const TOKEN_IN_TEXT = /\[([A-Z][A-Z_]*?)(?:_(\d+))?(?: ending (\d{4}))?\]/g;

export function tokenAsWords(type: string, last4?: string): string {
  const words = isEntityType(type) ? WORDS[type] : 'that detail';
  if (type === 'CREDIT_CARD' && last4 !== undefined) return `your card ending ${last4.split('').join(' ')}`;
  return words;
}

export function renderTokensAsWords(text: string): string {
  return text.replace(TOKEN_IN_TEXT, (_match, type: string, _n: string | undefined, last4: string | undefined) => tokenAsWords(type, last4));
}
