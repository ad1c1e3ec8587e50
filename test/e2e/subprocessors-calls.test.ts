// Tenant subprocessor policy enforced before any byte leaves (docs/subprocessors.md). Real
// servers: Sotto over TLS, a Deepgram-protocol server (src/speech/asr/deepgram/test-server.ts)
// and an OpenAI-compatible model server (src/agent/llm/chat-completions-test-server.ts), each
// behind a TCP forwarder that counts connections, so "nothing was sent" is measured at the
// socket. Where recognition is replaced by test/support/scripted-asr.ts, the test name says so.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI_CONTEXT, LOCAL_OPERATOR } from '../../src/access/index.js';
import { contentChunks, sse, startChatCompletionsTestServer, toolCallChunks, type ChatCompletionsTestServer } from '../../src/agent/llm/chat-completions-test-server.js';
import type { CallRecord } from '../../src/call/record/index.js';
import { parseCallerScript, simulateCall } from '../../src/call/simulator/index.js';
import type { SottoConfig } from '../../src/config/index.js';
import { randomId } from '../../src/crypto/index.js';
import { createDeepgramAsrProvider } from '../../src/speech/index.js';
import { startDeepgramTestServer, type DeepgramTestServer } from '../../src/speech/asr/deepgram/test-server.js';
import { startCallServer, type CallServer } from '../support/call-server.js';
import { createScriptedAsrProvider } from '../support/scripted-asr.js';

interface CountingForwarder {
  port: number;
  connections: number;
  close(): Promise<void>;
}

/** A TCP forwarder to 127.0.0.1:target that counts the connections made through it. */
async function countingForwarder(target: number): Promise<CountingForwarder> {
  const state = { connections: 0 };
  const open = new Set<Socket>();
  const server: Server = createServer((socket) => {
    state.connections += 1;
    const upstream = connect(target, '127.0.0.1');
    for (const s of [socket, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
    }
    socket.pipe(upstream).pipe(socket);
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    get connections() {
      return state.connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of open) s.destroy();
      }),
  };
}

async function placeCall(server: CallServer, agent: string, lines: string[], timeoutMs = 60_000): Promise<CallRecord> {
  const script = parseCallerScript(JSON.stringify({ agent, from: '+15555550142', steps: lines.map((say) => ({ say })) }), server.dir);
  await simulateCall({ url: server.mediaUrl, script, tts: server.sotto.pipeline.tts, token: await server.streamToken(), ca: server.ca, timeoutMs });
  await server.sotto.pipeline.service.drain();
  const { calls } = await server.rt.calls.list({ tenantId: 'acme', limit: 1 });
  assert.ok(calls[0], 'a call record');
  return calls[0];
}

const setPolicy = (server: CallServer, policy: Record<string, unknown>) =>
  server.rt.subprocessors.setPolicy(LOCAL_OPERATOR, 'acme', { healthDataRequires: ['hipaa_baa'], cardDataRequires: ['pci_dss'], sameRegionOnly: true, allowedProviders: null, ...policy }, CLI_CONTEXT);

describe('an outside recognizer (Deepgram protocol server) declared with SOC 2 only, for audio, in the tenant’s region', { timeout: 240_000 }, () => {
  const KEY = 'test-key-0123456789';
  let deepgram: DeepgramTestServer;
  let forwarder: CountingForwarder;
  let server: CallServer;

  before(async () => {
    deepgram = await startDeepgramTestServer({ apiKey: KEY });
    forwarder = await countingForwarder(Number(new URL(deepgram.url).port));
    const url = new URL(deepgram.url);
    url.port = String(forwarder.port);
    const asr = createDeepgramAsrProvider({ apiKey: KEY, url: url.toString(), ca: deepgram.ca });
    server = await startCallServer({
      server: { overrides: { asr } },
      configure: (config) => {
        config.subprocessors.declarations.deepgram = { legalEntity: 'Deepgram, Inc.', purpose: 'speech recognition', certifications: ['soc2_type2'], regions: ['local'], dataCategories: ['audio'] };
      },
    });
  });

  after(async () => {
    await server?.close();
    await forwarder?.close();
    await deepgram?.close();
  });

  it('under the default policy (health data needs a BAA): the call is refused and no connection reaches the recognizer', async () => {
    const call = await placeCall(server, 'card-payment', ['hello there']);
    assert.equal(call.status, 'failed');
    assert.equal(call.failureReason, 'SUBPROCESSOR_NOT_ALLOWED');
    assert.deepEqual(call.subprocessors, []);
    assert.equal(forwarder.connections, 0);
    assert.equal(deepgram.sessions.length, 0);
  });

  it('when the tenant allows only another provider: refused by the allow list, still no connection', async () => {
    await setPolicy(server, { healthDataRequires: [], cardDataRequires: [], allowedProviders: ['some-other-asr'] });
    const call = await placeCall(server, 'card-payment', ['hello there']);
    assert.equal(call.failureReason, 'SUBPROCESSOR_NOT_ALLOWED');
    assert.equal(forwarder.connections, 0);
  });

  it('the refusal is audited naming the provider and the rule, without personal data', async () => {
    const size = await server.rt.audit.size();
    const entries = (await server.rt.audit.entries({ from: Math.max(0, size - 50), limit: 50 })).map((r) => r.entry);
    const refusals = entries.filter((e) => e.action === 'call.subprocessors');
    assert.ok(refusals.length >= 2, 'both refusals audited');
    assert.ok(refusals.every((e) => e.outcome === 'denied' && e.reason.startsWith('deepgram (asr) refused by rule')));
    assert.ok(refusals.some((e) => e.reason.includes('rule health_certification')));
    assert.ok(refusals.some((e) => e.reason.includes('rule allow_list')));
    for (const e of refusals) assert.equal(JSON.stringify(e).includes('15555550142'), false);
  });

  it('when the tenant drops the certification rules: the call goes to the recognizer (the forwarder counts it)', async () => {
    await setPolicy(server, { healthDataRequires: [], cardDataRequires: [] });
    // The flow agent waits for a card number this caller never gives: the caller hangs up after 8 s.
    const call = await placeCall(server, 'card-payment', ['hello there'], 8_000);
    assert.notEqual(call.failureReason, 'SUBPROCESSOR_NOT_ALLOWED');
    assert.ok(forwarder.connections >= 1, 'a connection reached the recognizer');
    assert.ok(call.subprocessors.includes('deepgram'));
  });
});

const say = (text: string) => ({ pieces: [sse(contentChunks(text))] });
const endCall = () => ({ pieces: [sse(toolCallChunks([{ id: 'call_end', name: 'end_call', arguments: JSON.stringify({ outcome: 'completed', farewell: 'Goodbye.' }) }]))] });

async function llmServer(declare: boolean): Promise<{ model: ChatCompletionsTestServer; forwarder: CountingForwarder; server: CallServer; spoken: string[] }> {
  const spoken = ['I take lamotrigine for my epilepsy'];
  const model = await startChatCompletionsTestServer({ tls: true });
  const base = new URL(model.baseUrl);
  const forwarder = await countingForwarder(Number(base.port));
  base.port = String(forwarder.port);
  const caFile = join(tmpdir(), `${randomId('llm-ca')}.pem`);
  await writeFile(caFile, model.ca);
  const server = await startCallServer({
    server: { overrides: { asr: createScriptedAsrProvider(spoken) } },
    configure: (config: SottoConfig) => {
      config.calls.llm = { baseUrl: base.toString(), model: 'test-model', caFile };
      // A model on 127.0.0.1 is outside unless declared on-host: it may be a proxy to a cloud model.
      if (declare) {
        config.subprocessors.declarations['127.0.0.1'] = { legalEntity: 'Example Models Ltd', purpose: 'conversation', certifications: ['soc2_type2'], regions: ['local'], dataCategories: ['tokenized_text'] };
      }
    },
  });
  return { model, forwarder, server, spoken };
}

describe('an outside LLM declared for tokenized text without a BAA (recognition replaced by a scripted recognizer)', { timeout: 240_000 }, () => {
  let s: Awaited<ReturnType<typeof llmServer>>;

  before(async () => {
    s = await llmServer(true);
  });

  after(async () => {
    await s?.server.close();
    await s?.forwarder.close();
    await s?.model.close();
  });

  it('runs under the default policy, and health values reach the model only as tokens', async () => {
    s.model.script(say('Hello, how can I help you today?'), endCall());
    const call = await placeCall(s.server, 'llm', s.spoken);
    assert.equal(call.status, 'completed', call.failureReason);
    assert.ok(call.subprocessors.includes('127.0.0.1'));
    assert.ok(s.forwarder.connections >= 1);
    const bodies = s.model.requests.map((r) => r.body).join('\n');
    assert.equal(bodies.toLowerCase().includes('lamotrigine'), false, 'a medication name reached the model');
    assert.equal(bodies.toLowerCase().includes('epilepsy'), false, 'a condition reached the model');
    assert.match(bodies, /\[MEDICAL_1\]/);
  });

  it('when the tenant allows only other providers: refused before any request to the model', async () => {
    await setPolicy(s.server, { allowedProviders: ['deepgram'] });
    const connections = s.forwarder.connections;
    const requests = s.model.requests.length;
    const call = await placeCall(s.server, 'llm', s.spoken);
    assert.equal(call.failureReason, 'SUBPROCESSOR_NOT_ALLOWED');
    assert.equal(s.forwarder.connections, connections);
    assert.equal(s.model.requests.length, requests);
  });
});

describe('an outside LLM nobody declared (recognition replaced by a scripted recognizer)', { timeout: 240_000 }, () => {
  let s: Awaited<ReturnType<typeof llmServer>>;

  before(async () => {
    s = await llmServer(false);
  });

  after(async () => {
    await s?.server.close();
    await s?.forwarder.close();
    await s?.model.close();
  });

  it('is trusted for nothing: the call is refused and no connection reaches the model', async () => {
    const call = await placeCall(s.server, 'llm', s.spoken);
    assert.equal(call.status, 'failed');
    assert.equal(call.failureReason, 'SUBPROCESSOR_NOT_ALLOWED');
    assert.equal(s.forwarder.connections, 0);
    assert.equal(s.model.requests.length, 0);
  });
});
