import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactConversation } from './redact-conversation.js';
import type { EntityType } from './types.js';

function answer(prompt: string, reply: string): [EntityType, string][] {
  const out = redactConversation({ id: 'i', turns: [{ speaker: 'agent', text: prompt }, { speaker: 'caller', text: reply }] });
  return (out.turns[1]?.entities ?? []).map((e) => [e.type, reply.slice(e.start, e.end)]);
}

describe('when a medical record or member number has letters in it', () => {
  const cases: [string, string, string][] = [
    ["What's your medical record number?", 'M R N is a b 1 2 3 4 5', 'a b 1 2 3 4 5'],
    ['Can I have the member ID on your insurance card?', "it's x j h four four seven one nine two oh", 'x j h four four seven one nine two oh'],
    ['Can you read me the medical record number on your wristband?', 'MRN00458213', 'MRN00458213'],
    ['Patient ID please.', "it's k 7 7 3 9 0 1 2", 'k 7 7 3 9 0 1 2'],
    ['How can I help?', 'my member id is w k r 3 3 9 0 1 7 4 2', 'w k r 3 3 9 0 1 7 4 2'],
  ];
  for (const [prompt, reply, mrn] of cases) it(`masks "${mrn}" whole`, () => assert.deepEqual(answer(prompt, reply), [['MEDICAL_RECORD_NUMBER', mrn]]));
});

// Parcel, order, booking and claim numbers identify a thing, not a person (eval/README.md).
describe('when a number identifies an order, a parcel, a booking or a claim', () => {
  const cases: [string, string][] = [
    ['Shipping support, do you have the tracking number?', "yeah it's nine four oh oh, one one one two, oh two oh five, five one eight two, four one three six, six one"],
    ['How can I help?', 'the fedex number is 7 7 4 8 9 2 0 3 1 5 6 6'],
    ['How can I help?', 'the tracking is one Z nine nine nine A A one oh one two three four five six seven eight four'],
    ['Claims, do you have a claim number?', 'yes the claim number is four four seven one nine two eight eight three'],
    ['Do you have your confirmation code from the booking?', "it's H Q seven four two nine"],
    ['Can I get the order number?', 'eight one one four four seven two nine three six'],
    ["What's the invoice number you're asking about?", 'invoice two oh two four oh three one five five'],
  ];
  for (const [prompt, reply] of cases) it(`keeps "${reply}" readable`, () => assert.deepEqual(answer(prompt, reply), []));

  it('still masks a Luhn-valid card said after an order prompt', () => {
    assert.deepEqual(answer('Can I get the order number?', 'actually I want to pay, 4111 1111 1111 1111'), [['CREDIT_CARD', '4111 1111 1111 1111']]);
  });
});
