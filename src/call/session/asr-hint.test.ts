import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hintFor } from './asr-hint.js';

describe('the recognition hint for what the agent expects', () => {
  it('is digits for values spoken as numbers', () => {
    for (const entityType of ['CREDIT_CARD', 'CARD_EXPIRY', 'CARD_CVV', 'US_SSN', 'BANK_ACCOUNT', 'ROUTING_NUMBER', 'PIN', 'PHONE_NUMBER', 'MEDICAL_RECORD_NUMBER', 'DATE_OF_BIRTH'] as const) {
      assert.deepEqual(hintFor({ entityType, sensitive: true }), { kind: 'digits' }, entityType);
    }
  });

  it('is general for words (names, addresses, email), a confirmation, or no expectation', () => {
    for (const entityType of ['PERSON_NAME', 'ADDRESS', 'EMAIL', 'MEDICAL'] as const) {
      assert.deepEqual(hintFor({ entityType, sensitive: true }), { kind: 'general' }, entityType);
    }
    assert.deepEqual(hintFor({ sensitive: false }), { kind: 'general' });
    assert.deepEqual(hintFor(undefined), { kind: 'general' });
  });
});
