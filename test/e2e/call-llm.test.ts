// The card payment with the 'llm' agent: an OpenAI-compatible endpoint (a protocol-level local
// HTTPS server standing in for the model provider; src/agent/llm/chat-completions-test-server.ts)
// drives the call and calls the payment tool with tokens. DESIGN.md invariant 3 end to end: no
// request body sent to the model contains a value, and the tool still gets the real card.
// Recognition is replaced by test/support/scripted-asr.ts.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { contentChunks, sse, startChatCompletionsTestServer, toolCallChunks, type ChatCompletionsTestServer } from '../../src/agent/llm/chat-completions-test-server.js';
import { randomId } from '../../src/crypto/index.js';
import { runSimulatedCall, type SimulatedCallFixture } from '../support/call-fixture.js';
import { createScriptedAsrProvider } from '../support/scripted-asr.js';

const CARD = '4111111111111111';
const SPOKEN = [
  'my card number is four one one one one one one one one one one one one one one one',
  'it expires oh nine twenty eight',
  'the security code is seven three seven',
  'my social security number is one two three four five six seven eight nine',
];
const VALUES = [CARD, '0928', '737', '123456789', 'four one one one', 'seven three seven', 'one two three four'];

const say = (text: string) => ({ pieces: [sse(contentChunks(text))] });
const call = (name: string, args: Record<string, unknown>) => ({ pieces: [sse(toolCallChunks([{ id: `call_${name}`, name, arguments: JSON.stringify(args) }]))] });

describe('a card payment driven by an LLM agent that sees only tokens (model replaced by a local protocol server, recognition by a scripted recognizer)', { timeout: 180_000 }, () => {
  let model: ChatCompletionsTestServer;
  let f: SimulatedCallFixture;

  before(async () => {
    model = await startChatCompletionsTestServer({ tls: true });
    model.script(
      say('Hello, I can take your payment of forty two dollars and fifty cents. What is your card number?'),
      say('Thank you. What is the expiry date on the card?'),
      say('And the three digit security code on the back of the card?'),
      say('For verification, what is your social security number?'),
      call('charge_card', { card_number: '[CREDIT_CARD_1]', expiry: '[CARD_EXPIRY_1]', cvv: '[CARD_CVV_1]', ssn: '[US_SSN_1]', amount: 42.5 }),
      call('end_call', { outcome: 'completed', farewell: 'Your payment was approved. Thank you, goodbye.' }),
    );
    const caFile = join(tmpdir(), `${randomId('llm-ca')}.pem`);
    await writeFile(caFile, model.ca);
    f = await runSimulatedCall({
      agent: 'llm',
      steps: SPOKEN.map((line) => ({ say: line })),
      overrides: { asr: createScriptedAsrProvider(SPOKEN) },
      configure: (config) => {
        config.calls.llm = { baseUrl: model.baseUrl, model: 'test-model', caFile };
        // A model on 127.0.0.1 counts as outside unless declared on this host (docs/subprocessors.md).
        config.subprocessors.declarations['127.0.0.1'] = { onHost: true };
      },
    });
  });

  after(async () => {
    await f?.close();
    await model?.close();
  });

  it('the payment tool received the real card number, expiry, CVV and SSN', () => {
    const charges = f.sotto.pipeline.demoTools.payment.charges;
    assert.equal(charges.length, 1, f.live.join('\n'));
    assert.equal(charges[0]?.cardNumber, CARD);
    assert.equal(f.call.outcome, 'completed');
    assert.deepEqual(f.call.subprocessors, ['127.0.0.1', 'flite', 'scripted-asr']);
  });

  it('no request body sent to the model contains any of the values — only tokens', () => {
    assert.equal(model.requests.length, 6);
    for (const request of model.requests) for (const value of VALUES) assert.equal(request.body.includes(value), false, `a request to the model contains ${value.slice(0, 4)}…`);
    const all = model.requests.map((r) => r.body).join('\n');
    for (const token of ['[CREDIT_CARD_1]', '[CARD_EXPIRY_1]', '[CARD_CVV_1]', '[US_SSN_1]']) assert.ok(all.includes(token), `${token} reached the model`);
  });

  it('stores no value either', async () => {
    assert.ok(f.call.transcriptArtifactId);
    const text = (await f.read(f.call.transcriptArtifactId, 'transcript.view')).toString('utf8');
    for (const value of VALUES) assert.equal(text.includes(value), false);
    for (const path of await f.files()) {
      const bytes = await readFile(path);
      for (const value of [CARD, '123456789']) assert.equal(bytes.includes(value), false, path);
    }
  });
});
