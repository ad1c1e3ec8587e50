import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactConversation } from './redact-conversation.js';
import type { EntityType } from './types.js';

function answer(prompt: string, reply: string): [EntityType, string][] {
  const out = redactConversation({ id: 'c', turns: [{ speaker: 'agent', text: prompt }, { speaker: 'caller', text: reply }] });
  const turn = out.turns[1];
  assert.ok(turn);
  return turn.entities.map((e) => [e.type, reply.slice(e.start, e.end)]);
}

describe('when a phone number and an email are given in one turn', () => {
  it('keeps each whole and apart (formatted)', () => {
    assert.deepEqual(answer('Can I get a phone number and an email?', 'sure, phone is (303) 555-0148 and email is dwalsh58@gmail.com'), [
      ['PHONE_NUMBER', '(303) 555-0148'],
      ['EMAIL', 'dwalsh58@gmail.com'],
    ]);
  });
  it('keeps each whole and apart (spoken)', () => {
    assert.deepEqual(answer('Best way to reach you?', 'my cell, four one five, five five five, two six seven one, or email me at k dot osei at outlook dot com'), [
      ['PHONE_NUMBER', 'four one five, five five five, two six seven one'],
      ['EMAIL', 'k dot osei at outlook dot com'],
    ]);
  });
  it('does not pull the end of a written phone number into the email', () => {
    assert.deepEqual(answer('How can I help?', 'my email is tony dot b at gmail dot com and my cell is 720 555 0199'), [
      ['EMAIL', 'tony dot b at gmail dot com'],
      ['PHONE_NUMBER', '720 555 0199'],
    ]);
  });
});

describe('when an email is spoken', () => {
  const cases: [string, string][] = [
    ["it's john dot smith at harbor federal dot com, that's my work one", 'john dot smith at harbor federal dot com'],
    ["yeah it's j o h n dot r e y e s at gmail dot com", 'j o h n dot r e y e s at gmail dot com'],
    ['a l e x seventy seven at blue ridge mail dot com', 'a l e x seventy seven at blue ridge mail dot com'],
    ['r o s a underscore m at s t marys health dot org', 'r o s a underscore m at s t marys health dot org'],
    ['send it to dwalsh fifty eight at gmail dot com please', 'dwalsh fifty eight at gmail dot com'],
    ['jsmith at yahoo dot co dot uk', 'jsmith at yahoo dot co dot uk'],
  ];
  for (const [reply, email] of cases) it(`finds "${email}"`, () => assert.deepEqual(answer('What email should we use?', reply), [['EMAIL', email]]));

  it('finds nothing in "at" said in passing', () => {
    assert.deepEqual(answer('How can I help?', "I'll be at home after six, look at the website dot com"), []);
  });
});

describe('when an address is given', () => {
  const cases: [string, string][] = [
    ['fourteen fifty two north harbor drive, apartment three c, san diego, california, nine two one oh one', ''],
    ['88 Birch Hollow Road, Unit 2, Burlington, Vermont 05401', ''],
    ['two two oh one east fifth street, austin texas, seven eight seven oh two', ''],
    ['seventy five oak street, apartment 12, portland oregon 97205', ''],
    ['2200 north lamar boulevard, unit 5, austin, tx 78705', ''],
    ['1600 Pennsylvania Avenue NW, Washington, DC 20500', ''],
    ["it's one oh one main street, springfield, illinois", "it's "],
    ['P O box 1432, bend, oregon 97701', ''],
    ['post office box 7 7 1', ''],
  ];
  for (const [reply, lead] of cases) {
    it(`runs through city, state and ZIP: "${reply}"`, () => assert.deepEqual(answer('What is the address?', reply), [['ADDRESS', reply.slice(lead.length)]]));
  }
  it('takes the city, state and ZIP said in the next segment', () => {
    const out = redactConversation({
      id: 'a',
      turns: [
        { speaker: 'agent', text: "What's your address?" },
        { speaker: 'caller', text: 'fourteen fifty two north harbor drive' },
        { speaker: 'caller', text: 'san diego california nine two one oh one' },
      ],
    });
    assert.deepEqual(out.turns[2]?.redacted, '[ADDRESS]');
  });
  it('stops before the words that follow the address', () => {
    assert.deepEqual(answer('How can I help?', 'my new address is 431 lakeshore drive, chicago, illinois 60611 and the new number is 503-555-0117'), [
      ['ADDRESS', '431 lakeshore drive, chicago, illinois 60611'],
      ['PHONE_NUMBER', '503-555-0117'],
    ]);
  });
});

// A company's own public number or branch address identifies no customer (eval/README.md).
describe("when the number or address is the company's own", () => {
  const agentTurn = (text: string): [EntityType, string][] => {
    const out = redactConversation({ id: 'b', turns: [{ speaker: 'agent', text }] });
    return (out.turns[0]?.entities ?? []).map((e) => [e.type, text.slice(e.start, e.end)]);
  };
  it('keeps "call us at" and "our branch is at" readable', () => {
    assert.deepEqual(agentTurn("If the refill isn't ready, call us at 555-201-3344, we're open until eight."), []);
    assert.deepEqual(agentTurn('Sure, our branch is at 200 main street, salem, open from nine to five.'), []);
  });
  it('keeps a toll-free number nobody asked for readable', () => {
    assert.deepEqual(answer('How can I help?', 'the letter said to call 1 800 555 0100'), []);
  });
  it('still masks the caller\'s own, however it is introduced', () => {
    assert.deepEqual(agentTurn('We have your address on file as 12 oak street, is that right?'), [['ADDRESS', '12 oak street']]);
    assert.deepEqual(answer('Where should we send it?', 'send it to us at 12 oak street'), [['ADDRESS', '12 oak street']]);
    assert.deepEqual(answer('What is the best callback number?', 'one eight hundred five five five, one two one two'), [['PHONE_NUMBER', 'one eight hundred five five five, one two one two']]);
  });
});
