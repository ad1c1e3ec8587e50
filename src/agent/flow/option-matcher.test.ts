import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONFIRM_OPTIONS, matchAnswer } from './option-matcher.js';

describe('matching a caller’s answer', () => {
  const yesNo = (text: string): string | undefined => matchAnswer(text, CONFIRM_OPTIONS);

  it('hears yes and no as callers say them', () => {
    for (const text of ['Yes.', 'yeah sure', "That's right", 'go ahead please', 'OK']) assert.equal(yesNo(text), 'yes', text);
    for (const text of ['No.', 'nope', "that's not right", 'do not', 'cancel it']) assert.equal(yesNo(text), 'no', text);
  });

  it('lets a negated phrase outrank the word inside it', () => {
    assert.equal(yesNo('not right'), 'no');
    assert.equal(yesNo('that is not correct'), 'no');
  });

  it('matches whole words only', () => {
    assert.equal(yesNo('yesterday'), undefined);
    assert.equal(yesNo('nobody knows'), undefined);
  });

  it('gives nothing for an answer that says both or neither', () => {
    assert.equal(yesNo('yes no'), undefined);
    assert.equal(yesNo('not sure'), undefined);
    assert.equal(yesNo('hmm'), undefined);
    assert.equal(yesNo(''), undefined);
  });

  it('ignores tokens in the text', () => {
    assert.equal(yesNo('yes [CREDIT_CARD_1]'), 'yes');
  });

  it('matches option names and synonyms', () => {
    const days = [
      { name: 'monday', phrases: ['mon'] },
      { name: 'friday', phrases: ['fri', 'end of the week'] },
    ];
    assert.equal(matchAnswer('Monday please', days), 'monday');
    assert.equal(matchAnswer('the end of the week', days), 'friday');
    assert.equal(matchAnswer('Monday or Friday', days), undefined);
    assert.equal(matchAnswer('sunday', days), undefined);
  });
});
