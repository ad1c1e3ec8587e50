import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactConversation } from './redact-conversation.js';
import type { EntityType, Speaker } from './types.js';

type Said = [Speaker, string];

/** The values found in each caller turn, as [type, the exact text the offsets cover]. */
function found(turns: Said[]): [EntityType, string][][] {
  const out = redactConversation({ id: 't', turns: turns.map(([speaker, text]) => ({ speaker, text })) });
  return out.turns.map((t) => t.entities.map((e) => [e.type, t.text.slice(e.start, e.end)] as [EntityType, string]));
}
const answer = (prompt: string, reply: string): [EntityType, string][] => found([['agent', prompt], ['caller', reply]])[1] ?? [];

describe('when the agent prompt sets the expectation', () => {
  const cases: [string, string, [EntityType, string][]][] = [
    ['What is the card number on the front?', 'four one one one, one one one one, one one one one, one one one two', [['CREDIT_CARD', 'four one one one, one one one one, one one one one, one one one two']]],
    ['Your card number please.', 'forty one eleven, eleven eleven, eleven eleven, eleven eleven', [['CREDIT_CARD', 'forty one eleven, eleven eleven, eleven eleven, eleven eleven']]],
    ['And the security code on the back?', 'it is seven two nine', [['CARD_CVV', 'seven two nine']]],
    ['The three digits on the back of the card?', '4 5 6', [['CARD_CVV', '4 5 6']]],
    ['What is the expiration date?', 'oh nine twenty seven', [['CARD_EXPIRY', 'oh nine twenty seven']]],
    ['When does it expire? The expiry date.', 'September twenty twenty seven', [['CARD_EXPIRY', 'September twenty twenty seven']]],
    ['Can I have the last four of your social?', 'six seven eight nine', [['US_SSN', 'six seven eight nine']]],
    ['What is your social security number?', 'one two three, four five, six seven eight nine', [['US_SSN', 'one two three, four five, six seven eight nine']]],
    ['And the routing number?', 'zero two one zero zero zero zero two one', [['ROUTING_NUMBER', 'zero two one zero zero zero zero two one']]],
    ['What is the account number?', 'for to won ate six seven niner oh', [['BANK_ACCOUNT', 'for to won ate six seven niner oh']]],
    ['Please say your PIN.', 'double four triple seven', [['PIN', 'double four triple seven']]],
    ['What is your date of birth?', 'March third, nineteen eighty', [['DATE_OF_BIRTH', 'March third, nineteen eighty']]],
    ['What is a good callback number?', 'five five five, two three four, five six seven eight', [['PHONE_NUMBER', 'five five five, two three four, five six seven eight']]],
    ['What is your email?', 'it is john dot smith at gmail dot com', [['EMAIL', 'john dot smith at gmail dot com']]],
    ['What is your medical record number?', 'M R N is 00452318', [['MEDICAL_RECORD_NUMBER', '00452318']]],
    ['Can I get your name?', 'Yes, my name is Maria Garcia', [['PERSON_NAME', 'Maria Garcia']]],
    ['What is your address?', 'It is 123 Main Street, apartment 4B, Springfield, IL 62704', [['ADDRESS', '123 Main Street, apartment 4B, Springfield, IL 62704']]],
    ['Card number?', 'a card number that fails Luhn: 4111 1111 1111 1112', [['CREDIT_CARD', '4111 1111 1111 1112']]],
  ];
  for (const [prompt, reply, expected] of cases) {
    it(`finds ${expected.map((e) => e[0]).join(', ')} in "${reply}"`, () => assert.deepEqual(answer(prompt, reply), expected));
  }

  it('reads an answer to two questions in the order they were asked', () => {
    assert.deepEqual(answer('What is the expiration date and the security code?', 'oh nine twenty seven and one two three'), [
      ['CARD_EXPIRY', 'oh nine twenty seven'],
      ['CARD_CVV', 'one two three'],
    ]);
  });
});

describe('when nothing prompted the number', () => {
  it('finds formatted and checksum-valid numbers', () => {
    assert.deepEqual(answer('How can I help?', 'my social is 123-45-6789 and the card is 4111-1111-1111-1111'), [
      ['US_SSN', '123-45-6789'],
      ['CREDIT_CARD', '4111-1111-1111-1111'],
    ]);
    assert.deepEqual(answer('How can I help?', 'call me on (555) 123-4567 or +1 555 234 5678'), [
      ['PHONE_NUMBER', '(555) 123-4567'],
      ['PHONE_NUMBER', '+1 555 234 5678'],
    ]);
  });
  it('finds names, conditions and medications', () => {
    assert.deepEqual(answer('How can I help?', 'This is John Smith calling about my metformin'), [
      ['PERSON_NAME', 'John Smith'],
      ['MEDICAL', 'metformin'],
    ]);
    assert.deepEqual(answer('Anything else?', 'I have type 2 diabetes and high blood pressure'), [
      ['MEDICAL', 'type 2 diabetes'],
      ['MEDICAL', 'high blood pressure'],
    ]);
  });
});

describe('when the caller answers a two-part question in two turns', () => {
  it('still expects the second part after the first is answered', () => {
    const turns = found([
      ['agent', 'Can I have your name and date of birth?'],
      ['caller', 'Sure, John Smith.'],
      ['caller', 'oh three fifteen nineteen eighty'],
      ['caller', 'and I paid forty one twenty three last month'],
    ]);
    assert.deepEqual(turns[1], [['PERSON_NAME', 'John Smith']]);
    assert.deepEqual(turns[2], [['DATE_OF_BIRTH', 'oh three fifteen nineteen eighty']]);
    assert.deepEqual(turns[3], []);
  });
});

describe('when the caller says a number in pieces', () => {
  it('keeps the type across turns when the agent only backchannels', () => {
    const turns = found([
      ['agent', 'Can I have the card number?'],
      ['caller', 'four one one one, one one one one'],
      ['agent', 'mm-hmm'],
      ['caller', 'one one one one, one one one one'],
    ]);
    assert.deepEqual(turns[1], [['CREDIT_CARD', 'four one one one, one one one one']]);
    assert.deepEqual(turns[3], [['CREDIT_CARD', 'one one one one, one one one one']]);
  });
  it('types the first half once an unprompted number is complete and Luhn-valid', () => {
    const turns = found([
      ['agent', 'Go ahead.'],
      ['caller', 'four one one one one one one one'],
      ['caller', 'one one one one one one one one'],
    ]);
    assert.deepEqual(turns[1], [['CREDIT_CARD', 'four one one one one one one one']]);
    assert.deepEqual(turns[2], [['CREDIT_CARD', 'one one one one one one one one']]);
  });
  it('masks both the abandoned start and the restart after a self-correction', () => {
    assert.deepEqual(answer('Card number?', 'four one one, sorry, let me start again, four one one one one one one one one one one one one one one one'), [
      ['CREDIT_CARD', 'four one one'],
      ['CREDIT_CARD', 'four one one one one one one one one one one one one one one one'],
    ]);
  });
});

describe('when a number is not sensitive', () => {
  const negatives: [string, string, string][] = [
    ['an amount in figures', 'How much was it?', 'It was $45.20 yesterday'],
    ['an amount in words', 'How can I help?', 'I was charged forty five dollars twice'],
    ['a spoken time', 'When can we call?', 'around three thirty'],
    ['a written time', 'When can we call?', 'at 3:30 pm please'],
    ['a count', 'How can I help?', 'I ordered two items and got three'],
    ['a year outside a birth date', 'How long have you been a customer?', 'since 2019, so about five years'],
    ['a duration', 'How long did you wait?', 'twenty five minutes'],
    ['an ordinal', 'Which payment?', 'the third one on the 21st'],
    ['an order number after an order prompt', 'What is your order number?', 'it is one two three four five six seven eight'],
    ['a room number', 'What room are you in?', 'room four twelve'],
    ['a confirmation number', 'Do you have the confirmation number?', 'yes, 7 7 4 2 1 9'],
  ];
  for (const [kind, prompt, reply] of negatives) {
    it(`leaves ${kind} readable: "${reply}"`, () => assert.deepEqual(answer(prompt, reply), []));
  }
});

describe('the redacted text', () => {
  it('replaces each span with a typed placeholder and leaves the rest as said', () => {
    const out = redactConversation({ id: 'r', turns: [{ speaker: 'agent', text: 'Card number?' }, { speaker: 'caller', text: 'Sure: 4111 1111 1111 1111, thanks' }] });
    assert.equal(out.turns[1]?.redacted, 'Sure: [CREDIT_CARD], thanks');
    assert.equal(out.id, 'r');
  });
});
