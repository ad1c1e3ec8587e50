import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactConversation } from './redact-conversation.js';
import type { EntityType, Speaker } from './types.js';

type Said = [Speaker, string];

/** The values found in each turn, as [type, the exact text the offsets cover]. */
function found(turns: Said[]): [EntityType, string][][] {
  const out = redactConversation({ id: 's', turns: turns.map(([speaker, text]) => ({ speaker, text })) });
  return out.turns.map((t) => t.entities.map((e) => [e.type, t.text.slice(e.start, e.end)] as [EntityType, string]));
}

// Recognizers close a segment at a pause: the rest of a number arrives as the caller's next turn,
// with no agent turn between (issue 4: "digit runs continued across recognizer segments").
describe('when a number goes on over consecutive caller segments', () => {
  it('types every segment of a social said in three parts, short parts included', () => {
    const turns = found([
      ['agent', 'To verify, what is your social?'],
      ['caller', 'two eight seven'],
      ['caller', 'six five'],
      ['caller', 'four three two one'],
    ]);
    assert.deepEqual(turns.slice(1), [[['US_SSN', 'two eight seven']], [['US_SSN', 'six five']], [['US_SSN', 'four three two one']]]);
  });

  it('types an account whose first parts are too short to type alone once the whole is heard', () => {
    const turns = found([
      ['agent', "What's the checking account number?"],
      ['caller', "um it's seven seven three"],
      ['caller', 'oh four nine'],
      ['caller', 'two two eight one'],
    ]);
    assert.deepEqual(turns.slice(1), [[['BANK_ACCOUNT', 'seven seven three']], [['BANK_ACCOUNT', 'oh four nine']], [['BANK_ACCOUNT', 'two two eight one']]]);
  });

  it('types an expiry said as month, then year', () => {
    const turns = found([
      ['agent', 'And the expiration?'],
      ['caller', 'oh eight'],
      ['caller', 'twenty nine'],
    ]);
    assert.deepEqual(turns.slice(1), [[['CARD_EXPIRY', 'oh eight']], [['CARD_EXPIRY', 'twenty nine']]]);
  });

  it('starts a new value once the last one is whole (a card, then its expiry, unasked)', () => {
    const turns = found([
      ['agent', 'Card number please.'],
      ['caller', 'four one one one one one one one one one one one one one one one'],
      ['caller', 'oh nine twenty seven'],
      ['caller', 'and I paid forty dollars last time'],
    ]);
    assert.deepEqual(turns.slice(2), [[['CARD_EXPIRY', 'oh nine twenty seven']], []]);
  });

  it('lets a finished answer stop typing the next turn ("I paid thirty six" after the last four)', () => {
    const turns = found([
      ['agent', 'Can you verify the last four of your social?'],
      ['caller', 'six seven eight nine'],
      ['caller', 'I paid thirty six thirty two last month, on august twenty first'],
    ]);
    assert.deepEqual(turns[1], [['US_SSN', 'six seven eight nine']]);
    assert.deepEqual(turns[2], []);
  });
});

describe('when a segment ends on a cue and the value comes in the next one', () => {
  it('types the value by the cue ("my social security number is" / digits)', () => {
    const turns = found([
      ['agent', 'State tax office, how can I help?'],
      ['caller', "I'm calling about my refund. my social security number is"],
      ['caller', 'four four one'],
      ['caller', 'oh eight'],
      ['caller', 'three three nine two'],
    ]);
    assert.deepEqual(turns.slice(2), [[['US_SSN', 'four four one']], [['US_SSN', 'oh eight']], [['US_SSN', 'three three nine two']]]);
  });

  it('keeps a tracking number readable, in one piece or two', () => {
    const turns = found([
      ['agent', 'How can I help today?'],
      ['caller', 'my package never came, the tracking number they emailed me is'],
      ['caller', 'nine four oh oh one one one two oh two oh five'],
      ['caller', 'five one eight two four one three six six one'],
    ]);
    assert.deepEqual(turns.slice(2), [[], []]);
  });

  it('keeps a case number readable', () => {
    const turns = found([
      ['agent', 'Warranty department.'],
      ['caller', 'hi, I have a case open, the case number is'],
      ['caller', 'oh oh four four one nine seven three'],
    ]);
    assert.deepEqual(turns[2], []);
  });
});
