import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderTokensAsWords } from './token-words.js';

describe('tokens in text the agent speaks', () => {
  it('become words, never values', () => {
    assert.equal(renderTokensAsWords('I have [CREDIT_CARD_1] and [CARD_EXPIRY_2].'), 'I have your card number and the expiry date.');
    assert.equal(renderTokensAsWords('Your SSN [US_SSN_1] is verified'), 'Your SSN your social security number is verified');
  });

  it('render typed placeholders and unknown types too', () => {
    assert.equal(renderTokensAsWords('[DATE_OF_BIRTH] and [SECRET_THING_3]'), 'your date of birth and that detail');
  });

  it('keep only the last four of a card, spelled out (PCI DSS 3.4.1)', () => {
    assert.equal(renderTokensAsWords('[CREDIT_CARD_1 ending 1111]'), 'your card ending 1 1 1 1');
  });

  it('leave ordinary brackets alone', () => {
    assert.equal(renderTokensAsWords('press [pound] or [1]'), 'press [pound] or [1]');
  });
});
