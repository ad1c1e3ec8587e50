import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactConversation } from './redact-conversation.js';
import type { EntityType, Speaker } from './types.js';

function said(prompt: string, speaker: Speaker, text: string): [EntityType, string][] {
  const out = redactConversation({ id: 'n', turns: [{ speaker: 'agent', text: prompt }, { speaker, text }] });
  return (out.turns[1]?.entities ?? []).map((e) => [e.type, text.slice(e.start, e.end)]);
}

describe('when a name is said', () => {
  const cases: [string, string, [EntityType, string][]][] = [
    ['And your name?', 'john q public', [['PERSON_NAME', 'john q public']]],
    ['Who am I speaking with?', "this is mary k. o'brien", [['PERSON_NAME', "mary k. o'brien"]]],
    ['Can I get the name on the card?', 'J. Robert Oppenheimer', [['PERSON_NAME', 'J. Robert Oppenheimer']]],
    ['And the cardholder name?', 'Elizabeth A. Hartwell', [['PERSON_NAME', 'Elizabeth A. Hartwell']]],
    ['Thanks for calling Westfield Clinic.', 'hi, this is dana walsh, I had a question', [['PERSON_NAME', 'dana walsh']]],
    ['How can I help?', 'my wife priscilla fairbanks should be added', [['PERSON_NAME', 'priscilla fairbanks']]],
    ['How can I help?', 'can you put me through to maria garcia', [['PERSON_NAME', 'maria garcia']]],
    ["What's the name on the account?", "it's trinh nguyen, n g u y e n", [['PERSON_NAME', 'trinh nguyen'], ['PERSON_NAME', 'n g u y e n']]],
    ['How can I help?', "my name is Dmitri Novak, that's N O V A K", [['PERSON_NAME', 'Dmitri Novak'], ['PERSON_NAME', 'N O V A K']]],
    ['And your name please?', 'um it\'s, uh, dana, dana walsh', [['PERSON_NAME', 'dana'], ['PERSON_NAME', 'dana walsh']]],
  ];
  for (const [prompt, text, expected] of cases) it(`finds ${expected.map((e) => `"${e[1]}"`).join(', ')}`, () => assert.deepEqual(said(prompt, 'caller', text), expected));

  it('finds the caller named by the agent ("Thank you, mister public.")', () => {
    assert.deepEqual(said('x', 'agent', 'Thank you, mister public.'), [['PERSON_NAME', 'public']]);
  });
});

describe('when no name is said', () => {
  const cases: [string, string][] = [
    ['How can I help?', 'hi, this is about my bill, this is kind of urgent'],
    ['How can I help?', "this is great, thanks so much, I'm good thanks"],
    ['How can I help?', "It's Dr. Patel's office calling back"],
    ['Who am I speaking with today?', 'hold on'],
    ["Thanks for calling, you're speaking with Dana.", "I've been a customer since 2004, I have five accounts with you"],
    ["Thanks for calling, you're speaking with Dana.", 'my order number is two seven one eight five oh nine'],
    ['Can I have your full name?', "it's the fifth time I'm calling about this"],
  ];
  for (const [prompt, text] of cases) it(`keeps "${text}" readable`, () => assert.deepEqual(said(prompt, 'caller', text), []));
});
