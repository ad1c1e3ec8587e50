// End to end through the card-payment flow (agents/card-payment.yaml) with a real token vault,
// the real slot validators, the demo payment processor and, in one test, the real streaming
// detector turning the caller's words into tokens. DESIGN.md invariant 3: the real values reach
// the payment tool and nothing else; no reply the caller hears contains one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createStreamingDetector, createTokenVault, type EntityType, type TokenCapability, type TokenVault } from '../detect/index.js';
import type { AgentReply, CallerTurn, Tool, ToolValue } from './agent.js';
import { createAgentContext } from './context.js';
import { loadAgent } from './registry.js';
import { createDemoPaymentTool, type DemoCardAccount } from './tools/index.js';

const CARD = '4111111111111111';
const EXPIRY = '0928';
const CVV = '737';
const SSN = '123456789';
const RAW_VALUES = [CARD, EXPIRY, CVV, SSN, '4111 1111 1111 1111', '123-45-6789'];

async function paymentCall(options: { accounts?: readonly DemoCardAccount[]; vault?: TokenVault; capability?: TokenCapability } = {}) {
  const own = createTokenVault();
  const vault = options.vault ?? own.vault;
  const capability = options.capability ?? own.capability;
  const payment = createDemoPaymentTool({ accounts: options.accounts });
  // Records the arguments the tool itself receives, then lets the real demo processor run.
  const received: Record<string, ToolValue>[] = [];
  const observed: Tool = { ...payment, run: (args, ctx) => (received.push(args), payment.run(args, ctx)) };
  const agent = await loadAgent('card-payment', { tools: [observed] });
  const session = agent.createSession(createAgentContext({ callId: 'call_pay', tenantId: 'ten_demo', tools: [observed], vault, capability }));
  const replies: AgentReply[] = [];
  const reply = async (r: Promise<AgentReply>): Promise<AgentReply> => {
    const got = await r;
    replies.push(got);
    return got;
  };
  const spoken = (type: EntityType, value: string, before = ''): CallerTurn => {
    const token = vault.tokenize(type, value);
    return { text: `${before}${token}`, entities: [{ type, token }], source: 'speech' };
  };
  const keyed = (type: EntityType, digits: string): CallerTurn => {
    const token = vault.tokenize(type, digits);
    return { text: token, entities: [{ type, token }], source: 'keypad' };
  };
  const words = (text: string): CallerTurn => ({ text, entities: [], source: 'speech' });
  return { session, payment, received, replies, reply, spoken, keyed, words };
}

function assertNoRawValue(replies: readonly AgentReply[]): void {
  for (const r of replies) {
    for (const raw of RAW_VALUES) assert.ok(!new RegExp(`(?<!\\d)${raw}(?!\\d)`).test(r.say), `"${r.say}" contains ${raw}`);
  }
}

describe('the card-payment agent — invariant 3: real values reach only the payment tool, never a reply', () => {
  it('charges the real card when the caller speaks every detail, and says only the last four and a code', async () => {
    const call = await paymentCall();
    const greeting = await call.reply(call.session.start());
    assert.deepEqual(greeting.expect, { entityType: 'CREDIT_CARD', sensitive: true, keypad: { maxDigits: 19, finishOnKey: '#' } });
    assert.equal((await call.reply(call.session.respond(call.spoken('CREDIT_CARD', CARD, 'my card is ')))).expect?.entityType, 'CARD_EXPIRY');
    assert.equal((await call.reply(call.session.respond(call.spoken('CARD_EXPIRY', EXPIRY)))).expect?.entityType, 'CARD_CVV');
    assert.equal((await call.reply(call.session.respond(call.spoken('CARD_CVV', CVV)))).expect?.entityType, 'US_SSN');
    await call.reply(call.session.respond(call.spoken('US_SSN', SSN)));
    const done = await call.reply(call.session.respond(call.words('yes please')));

    assert.deepEqual(done.end, { outcome: 'completed' });
    assert.deepEqual(call.received, [{ card_number: CARD, expiry: EXPIRY, cvv: CVV, ssn: SSN, amount: 42.5 }]);
    const [charge] = call.payment.charges;
    assert.equal(charge?.cardNumber, CARD);
    assert.equal(charge?.expiry, EXPIRY);
    assert.equal(charge?.amountCents, 4250);
    assert.doesNotMatch(done.say, /1111/, 'the last four digits are not spoken: the agent side of the recording is not redacted');
    assert.ok(done.say.includes(`confirmation code is ${charge?.confirmationCode}`));
    assertNoRawValue(call.replies);
  });

  it('charges the real card when the caller keys the card number and CVV on the keypad', async () => {
    const call = await paymentCall();
    await call.reply(call.session.start());
    await call.reply(call.session.respond(call.keyed('CREDIT_CARD', CARD)));
    await call.reply(call.session.respond(call.spoken('CARD_EXPIRY', EXPIRY)));
    await call.reply(call.session.respond(call.keyed('CARD_CVV', CVV)));
    await call.reply(call.session.respond(call.spoken('US_SSN', SSN)));
    const done = await call.reply(call.session.respond(call.words('yes')));
    assert.deepEqual(done.end, { outcome: 'completed' });
    assert.equal(call.received[0]?.card_number, CARD);
    assert.equal(call.received[0]?.cvv, CVV);
    assert.equal(call.payment.charges[0]?.cardNumber, CARD);
    assertNoRawValue(call.replies);
  });

  it('charges the real card with turns made by the real streaming detector from the caller’s words', async () => {
    const detector = createStreamingDetector();
    const call = await paymentCall({ vault: detector.vault, capability: detector.capability });
    const hear = (said: string): CallerTurn => {
      const words = said.split(' ').map((text, i) => ({ text, startMs: i * 300, endMs: i * 300 + 250 }));
      const result = detector.pushFinal(words);
      return { text: result.redacted, entities: result.entities.flatMap((e) => (e.token ? [{ type: e.type, token: e.token }] : [])), source: 'speech' };
    };
    let last = await call.reply(call.session.start());
    const caller = [
      'my card number is four one one one one one one one one one one one one one one one',
      'oh nine twenty eight',
      'seven three seven',
      'one two three four five six seven eight nine',
      'yes go ahead',
    ];
    for (const said of caller) {
      detector.pushAgentPrompt(last.say);
      const turn = hear(said);
      const outsideTokens = turn.text.replace(/\[[A-Z_]+_\d+\]/g, '');
      assert.ok(!/\d|seven three seven|four one one/.test(outsideTokens), `the agent was shown "${turn.text}"`);
      last = await call.reply(call.session.respond(turn));
    }
    assert.deepEqual(last.end, { outcome: 'completed' });
    assert.deepEqual(call.received, [{ card_number: CARD, expiry: EXPIRY, cvv: CVV, ssn: SSN, amount: 42.5 }]);
    assertNoRawValue(call.replies);
  });

  it('asks again for a card number that fails Luhn, and gives up after two retries without charging', async () => {
    const call = await paymentCall();
    await call.reply(call.session.start());
    const retry = await call.reply(call.session.respond(call.spoken('CREDIT_CARD', '4111111111111112')));
    assert.match(retry.say, /could not get a valid card number/);
    assert.equal(retry.expect?.entityType, 'CREDIT_CARD');
    await call.reply(call.session.respond(call.words('um I do not know')));
    const end = await call.reply(call.session.respond(call.spoken('CREDIT_CARD', '1234567812345678')));
    assert.deepEqual(end.end, { outcome: 'failed' });
    assert.equal(call.received.length, 0);
    assertNoRawValue(call.replies);
  });

  it('asks again for an expired card', async () => {
    const call = await paymentCall();
    await call.reply(call.session.start());
    await call.reply(call.session.respond(call.spoken('CREDIT_CARD', CARD)));
    const retry = await call.reply(call.session.respond(call.spoken('CARD_EXPIRY', '0120')));
    assert.match(retry.say, /has not passed yet/);
  });

  it('ends failed when the processor declines (a CVV it does not match), and says nothing was charged', async () => {
    const call = await paymentCall();
    await call.reply(call.session.start());
    await call.reply(call.session.respond(call.spoken('CREDIT_CARD', CARD)));
    await call.reply(call.session.respond(call.spoken('CARD_EXPIRY', EXPIRY)));
    await call.reply(call.session.respond(call.spoken('CARD_CVV', '999')));
    await call.reply(call.session.respond(call.spoken('US_SSN', SSN)));
    const end = await call.reply(call.session.respond(call.words('yes')));
    assert.deepEqual(end.end, { outcome: 'failed' });
    assert.match(end.say, /declined and nothing was charged/);
    assert.equal(call.received[0]?.cvv, '999');
    assert.equal(call.payment.charges.length, 0);
  });

  it('ends abandoned without charging when the caller says no', async () => {
    const call = await paymentCall();
    await call.reply(call.session.start());
    await call.reply(call.session.respond(call.spoken('CREDIT_CARD', CARD)));
    await call.reply(call.session.respond(call.spoken('CARD_EXPIRY', EXPIRY)));
    await call.reply(call.session.respond(call.spoken('CARD_CVV', CVV)));
    await call.reply(call.session.respond(call.spoken('US_SSN', SSN)));
    const end = await call.reply(call.session.respond(call.words('no, cancel that')));
    assert.deepEqual(end.end, { outcome: 'abandoned' });
    assert.equal(call.received.length, 0);
  });
});
