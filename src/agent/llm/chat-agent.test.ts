// The LLM adapter against a local protocol-level chat completions server over real HTTPS
// (chat-completions-test-server.ts stands in for the model provider; the HTTP, TLS and SSE
// layers are real). DESIGN.md invariant 3: the request bodies are searched for raw values.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTokenVault } from '../../detect/index.js';
import { isSottoError } from '../../errors/index.js';
import type { AgentSession, CallerTurn, Tool, ToolValue } from '../agent.js';
import { createAgentContext } from '../context.js';
import { createDemoPaymentTool } from '../tools/index.js';
import { createChatCompletionsAgent, TOKEN_GUIDANCE, type ChatCompletionsAgentOptions } from './chat-agent.js';
import {
  contentChunks,
  sse,
  splitBytes,
  startChatCompletionsTestServer,
  toolCallChunks,
  type ChatCompletionsTestServer,
} from './chat-completions-test-server.js';

const CARD = '4111111111111111';
const EXPIRY = '0928';
const CVV = '737';
const SSN = '123456789';

/** A real tool that hands the card back: its result must reach the model as a token. */
function cardProfileTool(received: Record<string, ToolValue>[]): Tool {
  return {
    name: 'card_profile',
    description: 'Looks up the card holder.',
    parameters: { card_number: { type: 'string', entityType: 'CREDIT_CARD' } },
    run(args) {
      received.push(args);
      return Promise.resolve({ card_on_file: String(args.card_number), holder: 'Jane Doe', last4: String(args.card_number).slice(-4) });
    },
  };
}

function failingTool(): Tool {
  return { name: 'flaky', description: 'Always fails.', parameters: {}, run: () => Promise.reject(new Error('gateway down')) };
}

interface Harness {
  session: AgentSession;
  turn: CallerTurn;
  paymentArgs: Record<string, ToolValue>[];
  profileArgs: Record<string, ToolValue>[];
}

function harness(server: ChatCompletionsTestServer, overrides: Partial<ChatCompletionsAgentOptions> = {}): Harness {
  const { vault, capability } = createTokenVault();
  const payment = createDemoPaymentTool();
  const paymentArgs: Record<string, ToolValue>[] = [];
  const profileArgs: Record<string, ToolValue>[] = [];
  const tools: Tool[] = [{ ...payment, run: (args, ctx) => (paymentArgs.push(args), payment.run(args, ctx)) }, cardProfileTool(profileArgs), failingTool()];
  const agent = createChatCompletionsAgent({
    name: 'llm-test',
    baseUrl: server.baseUrl,
    apiKey: 'sk-test-key',
    model: 'test-model',
    systemPrompt: 'You take card payments of 42.50 dollars.',
    tools,
    ca: server.ca,
    timeoutMs: 5000,
    subprocessorName: 'Local test model',
    greeting: 'Hello, how can I help?',
    ...overrides,
  });
  const session = agent.createSession(createAgentContext({ callId: 'call_llm', tenantId: 'ten_1', tools, vault, capability }));
  const t = (type: Parameters<typeof vault.tokenize>[0], value: string): string => vault.tokenize(type, value);
  const card = t('CREDIT_CARD', CARD);
  const expiry = t('CARD_EXPIRY', EXPIRY);
  const cvv = t('CARD_CVV', CVV);
  const ssn = t('US_SSN', SSN);
  const turn: CallerTurn = {
    text: `pay with card ${card} expiring ${expiry} code ${cvv}, my social is ${ssn}`,
    entities: [
      { type: 'CREDIT_CARD', token: card },
      { type: 'CARD_EXPIRY', token: expiry },
      { type: 'CARD_CVV', token: cvv },
      { type: 'US_SSN', token: ssn },
    ],
    source: 'speech',
  };
  return { session, turn, paymentArgs, profileArgs };
}

const CHARGE_ARGS = JSON.stringify({ card_number: '[CREDIT_CARD_1]', expiry: '[CARD_EXPIRY_1]', cvv: '[CARD_CVV_1]', ssn: '[US_SSN_1]', amount: 42.5 });

describe('the chat completions agent — invariant 3: the model sees tokens only', () => {
  let server: ChatCompletionsTestServer;
  before(async () => {
    server = await startChatCompletionsTestServer();
  });
  after(() => server.close());

  it('runs the tools the model calls with real values, while the model only ever sees tokens', async () => {
    const h = harness(server);
    const sent = server.requests.length;
    assert.equal((await h.session.start()).say, 'Hello, how can I help?');
    assert.equal(server.requests.length, sent, 'a configured greeting needs no model round');
    // Every stream is cut into 5-byte pieces, written apart: splits fall inside JSON strings and
    // inside multi-byte characters (checked below, so the test keeps its premise).
    const answer = splitBytes(sse(contentChunks('Done, café ✓ 👋: [CREDIT_CARD_1] was charged.')), 5);
    assert.ok(answer.some((piece) => ((piece[0] ?? 0) & 0xc0) === 0x80), 'some piece starts inside a UTF-8 sequence');
    server.script(
      { pieces: splitBytes(sse(toolCallChunks([{ id: 'call_1', name: 'charge_card', arguments: CHARGE_ARGS }, { id: 'call_2', name: 'card_profile', arguments: '{"card_number":"[CREDIT_CARD_1]"}' }])), 11), pauseMs: 1 },
      { pieces: answer, pauseMs: 1 },
    );
    const reply = await h.session.respond(h.turn);

    assert.equal(reply.say, 'Done, café ✓ 👋: your card number was charged.');
    assert.deepEqual(h.paymentArgs, [{ card_number: CARD, expiry: EXPIRY, cvv: CVV, ssn: SSN, amount: 42.5 }]);
    assert.deepEqual(h.profileArgs, [{ card_number: CARD }]);

    const bodies = server.requests.slice(sent).map((r) => r.body);
    assert.equal(bodies.length, 2);
    for (const body of bodies) {
      for (const raw of [CARD, SSN, '4111 1111', '123-45-6789']) assert.ok(!body.includes(raw), `a request to the model contains ${raw}`);
      assert.ok(!/"(?:cvv|expiry)":"(?:123|1230)"/.test(body));
    }
    const second = JSON.parse(bodies[1] ?? '{}') as { messages: { role: string; content: string | null; tool_call_id?: string }[] };
    const toolAnswers = second.messages.filter((m) => m.role === 'tool');
    assert.equal(toolAnswers.length, 2);
    const profile = JSON.parse(toolAnswers[1]?.content ?? '{}') as Record<string, unknown>;
    assert.deepEqual(profile, { card_on_file: '[CREDIT_CARD_1]', holder: 'Jane Doe', last4: '1111' }, 'the tool result reaches the model re-tokenized');
    const charge = JSON.parse(toolAnswers[0]?.content ?? '{}') as Record<string, unknown>;
    assert.equal(charge.approved, true);
  });

  it('sends a streaming function-calling request with the key, the token rules and the tool schemas', async () => {
    const h = harness(server, { greeting: undefined });
    server.script({ pieces: [sse(contentChunks('Hi, I can take your payment.'))] });
    const reply = await h.session.start();
    assert.equal(reply.say, 'Hi, I can take your payment.');
    const request = server.requests.at(-1);
    assert.equal(request?.method, 'POST');
    assert.equal(request?.path, '/v1/chat/completions');
    assert.equal(request?.headers.authorization, 'Bearer sk-test-key');
    const body = JSON.parse(request?.body ?? '{}') as { stream: boolean; model: string; messages: { content: string }[]; tools: { function: { name: string; parameters: { required: string[] } } }[] };
    assert.equal(body.stream, true);
    assert.equal(body.model, 'test-model');
    assert.ok(body.messages[0]?.content.includes(TOKEN_GUIDANCE));
    assert.deepEqual(body.tools.map((t) => t.function.name), ['charge_card', 'card_profile', 'flaky', 'end_call']);
    assert.deepEqual(body.tools[0]?.function.parameters.required, ['card_number', 'expiry', 'cvv', 'ssn', 'amount']);
  });

  it('reports a failing tool and a token of another call back to the model instead of failing the turn', async () => {
    const h = harness(server);
    await h.session.start();
    // Token names are numbered per call, so take one this call never minted.
    const otherVault = createTokenVault().vault;
    otherVault.tokenize('CREDIT_CARD', '4000000000000002');
    const other = otherVault.tokenize('CREDIT_CARD', '5500000000000004');
    server.script(
      { pieces: [sse(toolCallChunks([{ id: 'c1', name: 'flaky', arguments: '{}' }, { id: 'c2', name: 'card_profile', arguments: JSON.stringify({ card_number: other }) }, { id: 'c3', name: 'card_profile', arguments: '{"card' }]))] },
      { pieces: [sse(contentChunks('Sorry, something went wrong.'))] },
    );
    const reply = await h.session.respond(h.turn);
    assert.equal(reply.say, 'Sorry, something went wrong.');
    const messages = (JSON.parse(server.requests.at(-1)?.body ?? '{}') as { messages: { role: string; content: string }[] }).messages;
    assert.deepEqual(
      messages.filter((m) => m.role === 'tool').map((m) => (JSON.parse(m.content) as { error: string }).error),
      ['TOOL_FAILED', 'DETECT_TOKEN_UNKNOWN', 'ARGUMENTS_INVALID'],
    );
    assert.equal(h.profileArgs.length, 0);
  });

  it('hangs up when the model calls end_call', async () => {
    const h = harness(server);
    await h.session.start();
    server.script({ pieces: [sse(toolCallChunks([{ id: 'e', name: 'end_call', arguments: '{"outcome":"completed","farewell":"Thanks, goodbye."}' }]))] });
    assert.deepEqual(await h.session.respond(h.turn), { say: 'Thanks, goodbye.', end: { outcome: 'completed' } });
    assert.deepEqual(await h.session.respond(h.turn), { say: '', end: { outcome: 'completed' } });
  });

  describe('when the model endpoint fails', () => {
    type Code = 'LLM_UNAVAILABLE' | 'LLM_RESPONSE_INVALID';
    type Answers = Parameters<ChatCompletionsTestServer['script']>;
    const failingTurn = async (code: Code, answers: Answers, overrides: Partial<ChatCompletionsAgentOptions> = {}): Promise<Harness> => {
      const h = harness(server, overrides);
      await h.session.start();
      server.script(...answers);
      await assert.rejects(h.session.respond(h.turn), (err) => isSottoError(err, code));
      return h;
    };
    const expectCode = async (code: Code, answers: Answers, overrides: Partial<ChatCompletionsAgentOptions> = {}): Promise<void> => {
      await failingTurn(code, answers, overrides);
    };

    it('maps an HTTP error status to LLM_UNAVAILABLE', () => expectCode('LLM_UNAVAILABLE', [{ status: 500, contentType: 'application/json', pieces: ['{"error":{}}'] }]));
    it('maps a refused key to LLM_UNAVAILABLE', () => expectCode('LLM_UNAVAILABLE', [{ status: 401, contentType: 'application/json', pieces: ['{}'] }]));
    it('maps a deadline to LLM_UNAVAILABLE', () => expectCode('LLM_UNAVAILABLE', [{ hang: true }], { timeoutMs: 200 }));
    it('maps a connection cut mid-stream to LLM_UNAVAILABLE', () => expectCode('LLM_UNAVAILABLE', [{ pieces: [sse(contentChunks('Hel').slice(0, 2), { done: false })], pauseMs: 20, drop: true }]));
    it('maps malformed JSON in the stream to LLM_RESPONSE_INVALID', () => expectCode('LLM_RESPONSE_INVALID', [{ pieces: ['data: {"choices":[{"delta":\n\n'] }]));
    it('maps a stream that stops before finishing to LLM_RESPONSE_INVALID', () => expectCode('LLM_RESPONSE_INVALID', [{ pieces: [sse(contentChunks('Hi').slice(0, 2), { done: false })] }]));
    it('maps an answer that is not an event stream to LLM_RESPONSE_INVALID', () => expectCode('LLM_RESPONSE_INVALID', [{ contentType: 'application/json', pieces: ['{"choices":[]}'] }]));
    it('maps an empty answer to LLM_RESPONSE_INVALID', () => expectCode('LLM_RESPONSE_INVALID', [{ pieces: [sse(contentChunks(''))] }]));

    it('maps a call to a tool it was not offered to LLM_RESPONSE_INVALID and runs nothing', async () => {
      const h = await failingTurn('LLM_RESPONSE_INVALID', [{ pieces: [sse(toolCallChunks([{ id: 'a', name: 'charge_card', arguments: CHARGE_ARGS }, { id: 'b', name: 'transfer_funds', arguments: '{}' }]))] }]);
      assert.equal(h.paymentArgs.length, 0);
    });

    it('gives up with LLM_RESPONSE_INVALID when the model keeps calling tools', () => {
      const loop = { pieces: [sse(toolCallChunks([{ id: 'x', name: 'flaky', arguments: '{}' }]))] };
      return expectCode('LLM_RESPONSE_INVALID', [loop, loop, loop], { maxToolRounds: 2 });
    });

    it('refuses a server certificate it was not told to trust (LLM_UNAVAILABLE)', async () => {
      const h = harness(server, { ca: undefined });
      await h.session.start();
      await assert.rejects(h.session.respond(h.turn), (err) => isSottoError(err, 'LLM_UNAVAILABLE'));
    });

    it('maps a refused connection to LLM_UNAVAILABLE', async () => {
      const closed = await startChatCompletionsTestServer();
      await closed.close();
      const h = harness(closed);
      await h.session.start();
      await assert.rejects(h.session.respond(h.turn), (err) => isSottoError(err, 'LLM_UNAVAILABLE'));
    });
  });

  describe('choosing the endpoint', () => {
    const options = (baseUrl: string, allowInsecureLoopback?: boolean): ChatCompletionsAgentOptions => ({
      name: 'x', baseUrl, allowInsecureLoopback, model: 'm', systemPrompt: 's', tools: [], timeoutMs: 1000, subprocessorName: 'X',
    });

    it('refuses http:// to another host, even when loopback is allowed', () => {
      assert.throws(() => createChatCompletionsAgent(options('http://api.example.com/v1', true)), (err) => isSottoError(err, 'PROVIDER_INSECURE_URL'));
    });

    it('refuses http:// to loopback unless asked', () => {
      assert.throws(() => createChatCompletionsAgent(options('http://127.0.0.1:1/v1')), (err) => isSottoError(err, 'PROVIDER_INSECURE_URL'));
    });

    it('talks plain HTTP to a model on this host when asked, and lists it as a local subprocessor', async () => {
      const plain = await startChatCompletionsTestServer({ tls: false });
      try {
        const agent = createChatCompletionsAgent({ ...options(plain.baseUrl, true), greeting: undefined });
        assert.deepEqual(agent.subprocessors, [{ name: 'X', kind: 'llm', local: true }]);
        plain.script({ pieces: [sse(contentChunks('Hello from a local model.'))] });
        const { vault, capability } = createTokenVault();
        const session = agent.createSession(createAgentContext({ callId: 'c', tenantId: 't', tools: [], vault, capability }));
        assert.equal((await session.start()).say, 'Hello from a local model.');
      } finally {
        await plain.close();
      }
    });

    it('lists a remote endpoint as a non-local subprocessor', () => {
      assert.deepEqual(createChatCompletionsAgent(options('https://api.openai.com/v1')).subprocessors, [{ name: 'X', kind: 'llm', local: false }]);
    });
  });
});

describe('the chat completions agent against a live endpoint', { skip: process.env.OPENAI_API_KEY ? false : 'set OPENAI_API_KEY (and OPENAI_BASE_URL) to run' }, () => {
  it('charges the card through the tool and never sends the raw values', async () => {
    const { vault, capability } = createTokenVault();
    const payment = createDemoPaymentTool();
    const agent = createChatCompletionsAgent({
      name: 'live',
      baseUrl: process.env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1',
      apiKey: process.env.OPENAI_API_KEY,
      model: process.env.OPENAI_MODEL ?? 'gpt-4o-mini',
      systemPrompt: 'You take card payments of 42.50 dollars. When the caller has given card number, expiry, security code and social security number, call charge_card once, then tell them the outcome briefly.',
      tools: [payment],
      timeoutMs: 60_000,
      subprocessorName: 'OpenAI',
      greeting: 'Hello, I can take your payment.',
    });
    const session = agent.createSession(createAgentContext({ callId: 'live', tenantId: 't', tools: [payment], vault, capability }));
    await session.start();
    const t = (type: Parameters<typeof vault.tokenize>[0], value: string): string => vault.tokenize(type, value);
    const reply = await session.respond({
      text: `Card ${t('CREDIT_CARD', CARD)}, expiry ${t('CARD_EXPIRY', EXPIRY)}, security code ${t('CARD_CVV', CVV)}, social ${t('US_SSN', SSN)}. Please charge it.`,
      entities: [],
      source: 'speech',
    });
    assert.equal(payment.charges[0]?.cardNumber, CARD);
    assert.ok(!reply.say.includes(CARD));
  });
});
