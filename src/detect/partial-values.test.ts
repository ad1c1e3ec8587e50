import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findCues } from './cues.js';
import { redactConversation } from './redact-conversation.js';
import type { EntityType, Speaker } from './types.js';

function found(turns: [Speaker, string][]): [EntityType, string][][] {
  const out = redactConversation({ id: 'p', turns: turns.map(([speaker, text]) => ({ speaker, text })) });
  return out.turns.map((t) => t.entities.map((e) => [e.type, t.text.slice(e.start, e.end)] as [EntityType, string]));
}
const said = (speaker: Speaker, text: string): [EntityType, string][] => found([['agent', 'How can I help?'], [speaker, text]])[1] ?? [];

// A partial value ("ends in 4 4 7 2") still narrows down a card or an account: it is masked as its type.
describe('when part of a value is said', () => {
  const cases: [Speaker, string, [EntityType, string][]][] = [
    ['caller', "there's a charge on my debit card, the one that ends in 4 4 7 2", [['CREDIT_CARD', '4 4 7 2']]],
    ['caller', 'the checking, the account ending four four seven two', [['BANK_ACCOUNT', 'four four seven two']]],
    ['caller', 'last four of the card are one eight eight one', [['CREDIT_CARD', 'one eight eight one']]],
    ['caller', 'the last 4 of my social are 6 6 1 9', [['US_SSN', '6 6 1 9']]],
    ['caller', 'last four of my phone number is oh one four four', [['PHONE_NUMBER', 'oh one four four']]],
    ['caller', 'the amex ending in oh oh oh five', [['CREDIT_CARD', 'oh oh oh five']]],
    ['caller', 'my card ends in 2 0 3 1', [['CREDIT_CARD', '2 0 3 1']]],
    ['agent', "Your card's last four digits are oh oh oh four, correct?", [['CREDIT_CARD', 'oh oh oh four']]],
    ['agent', 'I see the mastercard ending 4444 and the visa ending 1111.', [['CREDIT_CARD', '4444'], ['CREDIT_CARD', '1111']]],
  ];
  for (const [speaker, text, expected] of cases) {
    it(`masks "${text}" (${speaker})`, () => assert.deepEqual(said(speaker, text), expected));
  }

  it('types the answer to "can I have the last four?" as a card when nothing else is named', () => {
    assert.deepEqual(found([['agent', 'Can I have the last four?'], ['caller', 'eight eight one two']])[1], [['CREDIT_CARD', 'eight eight one two']]);
  });
});

describe('when "ends in" or "last four" is said of something that is not a secret', () => {
  const negatives = [
    'my order ending in 4 4 7 2 never arrived',
    'the confirmation number ends in nine nine one two',
    'the promotion ends in 2025, right?',
    'the sale ends in two days',
    'the last four years have been hard, the last two times I called nobody answered',
  ];
  for (const text of negatives) it(`keeps "${text}" readable`, () => assert.deepEqual(said('caller', text), []));
});

describe('a partial-value cue', () => {
  it('reaches over "of the card are" so the digits follow it directly', () => {
    const [cue] = findCues('last four of the card are 1881');
    assert.equal(cue?.expect, 'CREDIT_CARD');
    assert.equal(cue?.partial, true);
    assert.equal('last four of the card are 1881'.slice(cue?.end), ' 1881');
  });
});
