import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTokenVault, type EntityType } from '../../detect/index.js';
import { isSottoError } from '../../errors/index.js';
import type { AgentSession, CallerTurn, Tool, ToolValue } from '../agent.js';
import { createAgentContext } from '../context.js';
import { createFlowSession } from './engine.js';
import { parseFlow } from './parse.js';

const FLOW = `
name: engine-test
description: Exercises every step kind.
greeting: Hello.
start: intro
steps:
  intro: { kind: say, prompt: Welcome to the test., next: pin }
  pin:
    kind: collect
    prompt: Your PIN?
    slot: pin
    entityType: PIN
    validators: ['digits:4-6']
    keypad: { maxDigits: 6, finishOnKey: '#' }
    retries: 1
    reprompt: Again, your PIN?
    next: sure
    onFail: gave_up
  sure: { kind: confirm, prompt: Shall I check it?, yes: colour, no: declined_check, onFail: gave_up }
  colour:
    kind: choose
    prompt: Red or blue?
    slot: colour
    options:
      red: { next: check, synonyms: [crimson] }
      light_blue: { next: check, synonyms: [azure, sky] }
    onFail: gave_up
  check:
    kind: tool
    tool: check_pin
    args: { pin: { slot: pin }, colour: { slot: colour }, limit: { value: 3 } }
    result: check
    branches:
      - when: { ok: true, level: gold }
        next: gold
      - when: { ok: true }
        next: fine
    next: wrong
    onError: broken
  gold: { kind: end, prompt: 'Gold, code {check.code}.', outcome: completed }
  fine: { kind: end, prompt: 'Fine, code {check.code}.', outcome: completed }
  wrong: { kind: end, prompt: Wrong PIN., outcome: failed }
  broken: { kind: end, prompt: Something broke., outcome: failed }
  declined_check: { kind: end, prompt: Okay then., outcome: abandoned }
  gave_up: { kind: end, prompt: Goodbye., outcome: failed }
`;

type Behaviour = (args: Record<string, ToolValue>) => Promise<Record<string, ToolValue>>;

/** A real in-process tool whose answer each test chooses; it records the values it got. */
function checkPin(behaviour: Behaviour): Tool & { calls: Record<string, ToolValue>[] } {
  const calls: Record<string, ToolValue>[] = [];
  return {
    name: 'check_pin',
    description: 'Checks a PIN.',
    parameters: { pin: { type: 'string', entityType: 'PIN' }, colour: { type: 'string' }, limit: { type: 'number' } },
    calls,
    run(args) {
      calls.push(args);
      return behaviour(args);
    },
  };
}

function start(behaviour: Behaviour = () => Promise.resolve({ ok: true, level: 'gold', code: 'XYZ' })) {
  const { vault, capability } = createTokenVault();
  const tool = checkPin(behaviour);
  const ctx = createAgentContext({ callId: 'c1', tenantId: 't1', tools: [tool], vault, capability });
  const session = createFlowSession(parseFlow(FLOW), ctx);
  const said = (type: EntityType, value: string, text?: string): CallerTurn => {
    const token = vault.tokenize(type, value);
    return { text: text ?? `it is ${token}`, entities: [{ type, token }], source: 'speech' };
  };
  const words = (text: string): CallerTurn => ({ text, entities: [], source: 'speech' });
  return { session, tool, said, words, vault };
}

async function toTool(session: AgentSession, said: ReturnType<typeof start>['said'], words: ReturnType<typeof start>['words'], colour = 'red please') {
  await session.start();
  await session.respond(said('PIN', '4321'));
  await session.respond(words('yes'));
  return session.respond(words(colour));
}

describe('the flow engine', () => {
  it('starts with the greeting, runs say steps through, and stops at the first question with its expectation', async () => {
    const { session } = start();
    const reply = await session.start();
    assert.equal(reply.say, 'Hello. Welcome to the test. Your PIN?');
    assert.deepEqual(reply.expect, { entityType: 'PIN', sensitive: true, keypad: { maxDigits: 6, finishOnKey: '#' } });
    assert.equal(reply.end, undefined);
  });

  describe('a collect step', () => {
    it('fills the slot from the entity token, and the tool gets the real value', async () => {
      const { session, tool, said, words } = start();
      const reply = await toTool(session, said, words);
      assert.equal(tool.calls[0]?.pin, '4321');
      assert.equal(reply.say, 'Gold, code XYZ.');
      assert.deepEqual(reply.end, { outcome: 'completed' });
    });

    it('never fills a slot from raw text: digits without an entity are asked for again', async () => {
      const { session, words } = start();
      await session.start();
      const reply = await session.respond(words('my pin is 4321'));
      assert.equal(reply.say, 'Again, your PIN?');
      assert.equal(reply.expect?.entityType, 'PIN');
    });

    it('ignores entities of other types', async () => {
      const { session, said } = start();
      await session.start();
      assert.equal((await session.respond(said('CARD_CVV', '4321'))).say, 'Again, your PIN?');
    });

    it('asks again when a validator fails on the real value, then goes to onFail when retries run out', async () => {
      const { session, said } = start();
      await session.start();
      assert.equal((await session.respond(said('PIN', '12'))).say, 'Again, your PIN?');
      const last = await session.respond(said('PIN', '123')); // retries: 1 → the second failure gives up
      assert.equal(last.say, 'Goodbye.');
      assert.deepEqual(last.end, { outcome: 'failed' });
    });

    it('takes keypad turns like speech', async () => {
      const { session, vault } = start();
      await session.start();
      const token = vault.tokenize('PIN', '98765');
      const reply = await session.respond({ text: token, entities: [{ type: 'PIN', token }], source: 'keypad' });
      assert.equal(reply.say, 'Shall I check it?');
    });

    it('counts silence as a failed try', async () => {
      const { session } = start();
      await session.start();
      assert.equal((await session.silence?.())?.say, 'Again, your PIN?');
      assert.deepEqual((await session.silence?.())?.end, { outcome: 'failed' });
    });
  });

  describe('a confirm step', () => {
    it('goes to no on a no', async () => {
      const { session, said, words } = start();
      await session.start();
      await session.respond(said('PIN', '4321'));
      const reply = await session.respond(words("no, don't"));
      assert.equal(reply.say, 'Okay then.');
      assert.deepEqual(reply.end, { outcome: 'abandoned' });
    });

    it('asks again (prompt repeated without a reprompt) on an unclear answer, and gives up after the default two retries', async () => {
      const { session, said, words } = start();
      await session.start();
      await session.respond(said('PIN', '4321'));
      assert.equal((await session.respond(words('hmm'))).say, 'Shall I check it?');
      assert.equal((await session.respond(words('yes no'))).say, 'Shall I check it?');
      assert.deepEqual((await session.respond(words('what'))).end, { outcome: 'failed' });
    });
  });

  describe('a choose step', () => {
    it('matches a synonym and stores the option name in its slot', async () => {
      const { session, tool, said, words } = start();
      await toTool(session, said, words, 'the azure one');
      assert.equal(tool.calls[0]?.colour, 'light_blue');
      assert.equal(tool.calls[0]?.limit, 3);
    });

    it('matches an option name written with spaces', async () => {
      const { session, tool, said, words } = start();
      await toTool(session, said, words, 'light blue');
      assert.equal(tool.calls[0]?.colour, 'light_blue');
    });

    it('asks again when two options are named', async () => {
      const { session, said, words } = start();
      await session.start();
      await session.respond(said('PIN', '4321'));
      await session.respond(words('yes'));
      assert.equal((await session.respond(words('red or sky'))).say, 'Red or blue?');
    });
  });

  describe('a tool step', () => {
    it('takes the first branch whose fields all match', async () => {
      const { session, said, words } = start(() => Promise.resolve({ ok: true, level: 'silver', code: 'ABC' }));
      assert.equal((await toTool(session, said, words)).say, 'Fine, code ABC.');
    });

    it('goes to next when no branch matches', async () => {
      const { session, said, words } = start(() => Promise.resolve({ ok: false }));
      assert.equal((await toTool(session, said, words)).say, 'Wrong PIN.');
    });

    it('goes to onError when the tool fails', async () => {
      const { session, said, words } = start(() => Promise.reject(new Error('down')));
      const reply = await toTool(session, said, words);
      assert.equal(reply.say, 'Something broke.');
      assert.deepEqual(reply.end, { outcome: 'failed' });
    });

    it('speaks a value the tool echoed back as words, never the value', async () => {
      const { session, said, words } = start((args) => Promise.resolve({ ok: true, code: `pin ${String(args.pin)}` }));
      const reply = await toTool(session, said, words);
      assert.equal(reply.say, 'Fine, code pin your PIN.');
      assert.ok(!reply.say.includes('4321'));
    });

    it('fails the turn when a prompt needs a field the tool did not return', async () => {
      const { session, said, words } = start(() => Promise.resolve({ ok: true }));
      await assert.rejects(toTool(session, said, words), (err) => isSottoError(err, 'TOOL_FAILED'));
    });
  });

  it('answers an ended session with the outcome again and nothing to say', async () => {
    const { session, said, words } = start();
    await toTool(session, said, words);
    assert.deepEqual(await session.respond(words('hello?')), { say: '', end: { outcome: 'completed' } });
  });

  it('handles turns one at a time in order, even when not awaited in between', async () => {
    const { session, said, words } = start();
    await session.start();
    const replies = await Promise.all([session.respond(said('PIN', '4321')), session.respond(words('yes')), session.respond(words('red'))]);
    assert.deepEqual(replies.map((r) => r.say), ['Shall I check it?', 'Red or blue?', 'Gold, code XYZ.']);
  });

  it('refuses respond before start and a second start', async () => {
    const { session, words } = start();
    await assert.rejects(session.respond(words('hi')), (err) => isSottoError(err, 'USAGE'));
    await session.start();
    await assert.rejects(session.start(), (err) => isSottoError(err, 'USAGE'));
  });

  it('refuses to run a validating flow without a slot validator', () => {
    const { vault, capability } = createTokenVault();
    const ctx = createAgentContext({ callId: 'c', tenantId: 't', tools: [checkPin(() => Promise.resolve({}))], vault, capability });
    const bare = { run: ctx.tools.run, describe: ctx.tools.describe };
    assert.throws(() => createFlowSession(parseFlow(FLOW), { ...ctx, tools: bare }), (err) => isSottoError(err, 'INTERNAL'));
  });
});
