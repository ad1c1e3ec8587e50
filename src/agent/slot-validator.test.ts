import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTokenVault } from '../detect/index.js';
import { isSottoError } from '../errors/index.js';
import { createSlotValidator, isSlotValidatorName, slotValueValid } from './slot-validator.js';

const NOW = new Date('2026-05-20T12:00:00Z');

describe('slot validators on real values', () => {
  it('luhn accepts a valid 12–19 digit card number and nothing else', () => {
    assert.equal(slotValueValid('4111111111111111', 'luhn', NOW), true);
    assert.equal(slotValueValid('4111 1111 1111 1111', 'luhn', NOW), true);
    assert.equal(slotValueValid('4111111111111112', 'luhn', NOW), false);
    assert.equal(slotValueValid('0', 'luhn', NOW), false); // Luhn-valid but not a card length
    assert.equal(slotValueValid('4111a11111111111', 'luhn', NOW), false);
  });

  it('expiry_future accepts this month and later, within twenty years', () => {
    assert.equal(slotValueValid('0526', 'expiry_future', NOW), true, 'valid through the end of its month');
    assert.equal(slotValueValid('0426', 'expiry_future', NOW), false);
    assert.equal(slotValueValid('1230', 'expiry_future', NOW), true);
    assert.equal(slotValueValid('september twenty twenty seven', 'expiry_future', NOW), true);
    assert.equal(slotValueValid('0160', 'expiry_future', NOW), false);
    assert.equal(slotValueValid('1330', 'expiry_future', NOW), false);
  });

  it('cvv accepts three or four digits', () => {
    assert.equal(slotValueValid('123', 'cvv', NOW), true);
    assert.equal(slotValueValid('1234', 'cvv', NOW), true);
    assert.equal(slotValueValid('12', 'cvv', NOW), false);
    assert.equal(slotValueValid('12345', 'cvv', NOW), false);
  });

  it('ssn applies the SSA rules', () => {
    assert.equal(slotValueValid('123-45-6789', 'ssn', NOW), true);
    assert.equal(slotValueValid('666456789', 'ssn', NOW), false);
    assert.equal(slotValueValid('123006789', 'ssn', NOW), false);
    assert.equal(slotValueValid('12345678', 'ssn', NOW), false);
  });

  it('date_past accepts a plausible past date of birth only', () => {
    assert.equal(slotValueValid('03/15/1980', 'date_past', NOW), true);
    assert.equal(slotValueValid('march third nineteen eighty', 'date_past', NOW), true);
    assert.equal(slotValueValid('05/20/2026', 'date_past', NOW), false, 'today is not a birth date on a call');
    assert.equal(slotValueValid('01/01/2030', 'date_past', NOW), false);
    assert.equal(slotValueValid('01/01/1850', 'date_past', NOW), false);
    assert.equal(slotValueValid('purple', 'date_past', NOW), false);
  });

  it('digits:N-M bounds the digit count', () => {
    assert.equal(slotValueValid('1234', 'digits:4-6', NOW), true);
    assert.equal(slotValueValid('123', 'digits:4-6', NOW), false);
    assert.equal(slotValueValid('1234567', 'digits:4-6', NOW), false);
    assert.equal(slotValueValid('12a4', 'digits:4-6', NOW), false);
    assert.equal(slotValueValid('1234', 'digits:4', NOW), true);
  });

  it('knows its names', () => {
    for (const name of ['luhn', 'expiry_future', 'cvv', 'date_past', 'ssn', 'digits:4-6', 'digits:4']) assert.equal(isSlotValidatorName(name), true, name);
    for (const name of ['LUHN', 'digits:6-4', 'digits:', 'digits:a-b', 'zip']) assert.equal(isSlotValidatorName(name), false, name);
  });
});

describe('the slot validator a flow gets', () => {
  it('checks the value behind a token through the capability', () => {
    const { vault, capability } = createTokenVault();
    const slots = createSlotValidator({ vault, capability, now: () => NOW });
    assert.equal(slots.validate(vault.tokenize('CREDIT_CARD', '4111111111111111'), 'luhn'), true);
    assert.equal(slots.validate(vault.tokenize('CREDIT_CARD', '4111111111111112'), 'luhn'), false);
  });

  it('refuses a token of another call', () => {
    const other = createTokenVault();
    const token = other.vault.tokenize('CREDIT_CARD', '4111111111111111');
    const { vault, capability } = createTokenVault();
    const slots = createSlotValidator({ vault, capability });
    assert.throws(() => slots.validate(token, 'luhn'), (err) => isSottoError(err, 'DETECT_TOKEN_UNKNOWN'));
  });
});
