import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactConversation } from './redact-conversation.js';

/** The caller's turn after one agent prompt, redacted. */
function redact(prompt: string, reply: string): string {
  const out = redactConversation({ id: 'm', turns: [{ speaker: 'agent', text: prompt }, { speaker: 'caller', text: reply }] });
  const turn = out.turns[1];
  assert.ok(turn);
  for (const e of turn.entities) assert.ok(e.start >= 0 && e.end <= reply.length && e.start < e.end, 'offsets inside the original text');
  return turn.redacted;
}

describe('when a caller volunteers several values in one turn', () => {
  const cases: [string, string, string][] = [
    ['How can I help you today?', 'My card number is 4111 1111 1111 1111, expiry 09/27, and the CVV is 123.', 'My card number is [CREDIT_CARD], expiry [CARD_EXPIRY], and the CVV is [CARD_CVV].'],
    ['Anything else?', 'send it to j dot doe at example dot org or jane.doe@example.com', 'send it to [EMAIL] or [EMAIL]'],
    ['Anything else?', 'My date of birth is 03/15/1980', 'My date of birth is [DATE_OF_BIRTH]'],
    ['Anything else?', 'I was born on July 4th, 1976', 'I was born on [DATE_OF_BIRTH]'],
    ['Anything else?', 'call me at +1 (415) 555-2671 or 415.555.2671', 'call me at [PHONE_NUMBER] or [PHONE_NUMBER]'],
    ['Anything else?', 'my social is one two three four five six seven eight nine', 'my social is [US_SSN]'],
    ['Anything else?', 'routing number 021000021 and account 123456789012', 'routing number [ROUTING_NUMBER] and account [BANK_ACCOUNT]'],
    ['Anything else?', 'my MRN is 12345678 and my PIN is 1234', 'my MRN is [MEDICAL_RECORD_NUMBER] and my PIN is [PIN]'],
    ['Anything else?', "Hi, I'm Sarah Johnson", "Hi, I'm [PERSON_NAME]"],
    ['Anything else?', "I'm pregnant and I take sertraline for depression", "I'm [MEDICAL] and I take [MEDICAL] for [MEDICAL]"],
    ['Anything else?', 'ship to 1600 Pennsylvania Avenue NW, Washington, DC 20500', 'ship to [ADDRESS]'],
  ];
  for (const [prompt, reply, expected] of cases) {
    it(`redacts "${reply}"`, () => assert.equal(redact(prompt, reply), expected));
  }
});

describe('when a prompted value is said in another format', () => {
  const cases: [string, string, string][] = [
    ['And the expiration?', '09/27', '[CARD_EXPIRY]'],
    ['And the expiration?', 'nine slash twenty seven', '[CARD_EXPIRY]'],
    ['And the expiration?', 'September of twenty seven', '[CARD_EXPIRY]'],
    ['Date of birth?', '1/2/1990', '[DATE_OF_BIRTH]'],
    ['Date of birth?', 'june twelfth two thousand', '[DATE_OF_BIRTH]'],
    ['What is the phone number?', 'one eight hundred five five five, one two one two', '[PHONE_NUMBER]'],
    ['Your SSN please', 'it is 123 45 6789', 'it is [US_SSN]'],
    ['Telephone banking. Please say your PIN.', 'four to six nine', '[PIN]'],
    ['Since it is American Express, the four digit code on the front?', 'one one two two', '[CARD_CVV]'],
  ];
  for (const [prompt, reply, expected] of cases) {
    it(`reads "${reply}" after "${prompt}"`, () => assert.equal(redact(prompt, reply), expected));
  }
});

describe('when numbers in a turn are not sensitive', () => {
  const cases: [string, string][] = [
    ['Anything else?', 'Your total is $1,234.56 and the meeting is at 10:30 am, I have 3 kids'],
    ['Anything else?', 'order number 12345678, room 1204, confirmation code 8675309'],
    ['Anything else?', 'it took 45 minutes on the 21st of March in 2019'],
    ['What time works?', 'three thirty tomorrow or maybe four fifteen'],
    ['How much?', 'two hundred fifty dollars'],
    ['How many people?', 'four'],
  ];
  for (const [prompt, reply] of cases) {
    it(`keeps "${reply}" readable`, () => assert.equal(redact(prompt, reply), reply));
  }
});

describe('when the agent speaks', () => {
  it('masks values the agent repeats back but not the agent introducing itself', () => {
    const out = redactConversation({
      id: 'a',
      turns: [
        { speaker: 'agent', text: "Thanks for calling, you're speaking with Dana." },
        { speaker: 'agent', text: 'I have your card ending in 1111 and your number as 415-555-2671. Thanks, Mr. Smith.' },
      ],
    });
    assert.equal(out.turns[0]?.redacted, "Thanks for calling, you're speaking with Dana.");
    assert.equal(out.turns[1]?.redacted, 'I have your card ending in [CREDIT_CARD] and your number as [PHONE_NUMBER]. Thanks, Mr. [PERSON_NAME].');
  });
});
