// Browser calls over WebRTC, end to end on loopback: a werift peer stands in for the browser
// (full ICE, DTLS-SRTP, PCMU at 20 ms in real time, like a browser's microphone) against
// `sotto serve`'s POST /v1/calls/webrtc, through the call session, the live detector, the
// card-payment agent and its payment tool, Flite for both voices, and the vault. Only
// recognition is replaced (by test/support/scripted-asr.ts), as in call-pipeline.test.ts.
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { request } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { CLI_CONTEXT, LOCAL_OPERATOR } from '../../src/access/index.js';
import { mulawDecode, mulawEncode, resample } from '../../src/audio/index.js';
import type { AuditEntry } from '../../src/audit/entry.js';
import type { CallRecord } from '../../src/call/record/index.js';
import { randomId } from '../../src/crypto/index.js';
import { createLogger } from '../../src/log/index.js';
import { openLoopbackCaller, type LoopbackCaller } from '../../src/transport/webrtc/index.js';
import { startCallServer, type CallServer } from '../support/call-server.js';
import { createScriptedAsrProvider } from '../support/scripted-asr.js';
import { stringsOf } from '../support/json-text.js';

const CARD = '4111111111111111';
const SPOKEN = {
  card: 'my card number is four one one one one one one one one one one one one one one one',
  expiry: 'it expires oh nine twenty eight',
  cvv: 'the security code is seven three seven',
  ssn: 'my social security number is one two three four five six seven eight nine',
  yes: 'yes please',
};
const SECRETS = [CARD, '4111 1111 1111 1111', '737', '123456789', '123-45-6789', 'seven three seven', 'four one one one one'];
const NO_AUDIO_TIMEOUT_MS = 2_000;
const SILENT = Buffer.alloc(160, 0xff);

interface Answer {
  status: number;
  body: string;
  json: Record<string, unknown>;
}

let server: CallServer;
const logLines: string[] = [];
const tokens = { developer: '', analyst: '', globex: '' };
let developerId = '';
/** Every UDP destination this process sent to while the tests ran (werift's sockets included). */
const destinations = new Set<string>();
const send = dgram.Socket.prototype.send;

function api(method: string, path: string, token: string, body?: unknown): Promise<Answer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const url = `${server.sotto.server.url.replace('127.0.0.1', 'localhost')}${path}`;
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const req = request(url, { method, ca: server.ca, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, body: text, json: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : {} });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** Follows GET /v1/calls/:id/live; `events` fills as server-sent events arrive. */
function follow(callId: string, token: string): { events: { type: string; data: Record<string, unknown> }[]; raw: string[]; close(): void } {
  const events: { type: string; data: Record<string, unknown> }[] = [];
  const raw: string[] = [];
  let buffer = '';
  const url = `${server.sotto.server.url.replace('127.0.0.1', 'localhost')}/v1/calls/${callId}/live`;
  const req = request(url, { ca: server.ca, headers: { authorization: `Bearer ${token}` }, agent: false }, (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        raw.push(block);
        const type = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (type && data) events.push({ type, data: JSON.parse(data) as Record<string, unknown> });
      }
    });
  });
  req.on('error', () => undefined);
  req.end();
  return { events, raw, close: () => req.destroy() };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function ended(callId: string): Promise<CallRecord> {
  return until('the call record to end', async () => {
    const call = await server.rt.calls.get(callId);
    return call && call.status !== 'active' ? call : undefined;
  }, 60_000);
}

/** A caller with a microphone that never stops: silence whenever nothing is being said. */
async function dial(agent = 'card-payment'): Promise<{ caller: LoopbackCaller; callId: string; stopMic(): void; agentAudio: { frames: number; loud: number; lastAt: number } }> {
  const caller = await openLoopbackCaller({ address: '127.0.0.1' });
  const agentAudio = { frames: 0, loud: 0, lastAt: 0 };
  caller.onRtp((rtp) => {
    agentAudio.frames++;
    agentAudio.lastAt = Date.now();
    const samples = mulawDecode(rtp.payload);
    let energy = 0;
    for (const s of samples) energy += s * s;
    if (Math.sqrt(energy / samples.length) > 300) agentAudio.loud++;
  });
  const answer = await api('POST', '/v1/calls/webrtc', tokens.developer, { sdp: caller.offerSdp, agent });
  assert.equal(answer.status, 201, answer.body);
  assert.deepEqual(answer.json.iceServers, []);
  await caller.accept(answer.json.sdp as string);
  const mic = setInterval(() => {
    if (caller.queuedFrames < 5) caller.send([SILENT, SILENT, SILENT, SILENT, SILENT]);
  }, 40);
  return { caller, callId: answer.json.callId as string, stopMic: () => clearInterval(mic), agentAudio };
}

async function say(caller: LoopbackCaller, text: string): Promise<void> {
  const speech = await server.sotto.pipeline.tts.synthesize(text);
  const pcm = speech.sampleRate === 8000 ? speech.samples : resample(speech.samples, speech.sampleRate, 8000);
  const bytes = mulawEncode(pcm);
  const frames: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += 160) frames.push(Buffer.concat([bytes.subarray(at, at + 160), SILENT]).subarray(0, 160));
  caller.send(frames);
  await until('the caller to finish speaking', () => (caller.queuedFrames < 5 ? true : undefined), 60_000);
}

before(async () => {
  dgram.Socket.prototype.send = function (this: dgram.Socket, ...args: unknown[]) {
    const address = args.find((a, i) => i > 0 && typeof a === 'string');
    if (typeof address === 'string') destinations.add(address);
    return (send as (...a: unknown[]) => void).apply(this, args);
  } as typeof send;
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => logLines.push(line) } as never });
  server = await startCallServer({
    logger,
    configure: (config) => {
      config.calls.recordingNotice = null;
      config.webrtc.noAudioTimeoutMs = NO_AUDIO_TIMEOUT_MS;
    },
    server: { overrides: { asr: createScriptedAsrProvider(Object.values(SPOKEN)) } },
  });
  const identity = server.rt.identity;
  tokens.developer = server.apiToken;
  developerId = (await identity.authenticate(server.apiToken)).id;
  tokens.analyst = (await identity.createApiToken({ tenantId: 'acme', role: 'analyst', name: 'live follower' })).token;
  await server.rt.vault.subjects.ensureTenant('globex');
  tokens.globex = (await identity.createApiToken({ tenantId: 'globex', role: 'developer', name: 'other tenant' })).token;
});

after(async () => {
  dgram.Socket.prototype.send = send;
  await server?.close();
});

async function auditSince(from: number): Promise<AuditEntry[]> {
  const size = await server.rt.audit.size();
  return (await server.rt.audit.entries({ from, limit: size - from })).map((e: { entry: AuditEntry }) => e.entry);
}

describe('a werift peer stands in for the browser (recognition replaced by a scripted recognizer)', { timeout: 240_000 }, () => {
  it('runs a whole card payment over DTLS-SRTP: agent audio heard, call stored like a phone call, live feed redacted', async () => {
    const auditFrom = await server.rt.audit.size();
    const { caller, callId, stopMic, agentAudio } = await dial();
    const live = follow(callId, tokens.analyst);
    try {
      for (const line of Object.values(SPOKEN)) {
        // Wait for the agent's prompt to be spoken, then answer it, as a person would.
        const heardBefore = agentAudio.frames;
        await until('the agent to speak', () => (agentAudio.frames > heardBefore && Date.now() - agentAudio.lastAt > 700 ? true : undefined), 60_000);
        await say(caller, line);
      }
      const call = await ended(callId);
      await server.sotto.pipeline.service.drain();
      const record = (await server.rt.calls.get(callId)) as CallRecord;

      assert.ok(agentAudio.loud > 50, `the agent's voice came back (${agentAudio.loud} loud frames of ${agentAudio.frames})`);
      const charges = server.sotto.pipeline.demoTools.payment.charges;
      assert.equal(charges.length, 1, live.raw.join('\n'));
      assert.equal(charges[0]?.cardNumber, CARD);
      assert.equal(call.channel, 'webrtc');
      assert.equal(record.status, 'completed');
      assert.equal(record.subjectRef, await server.rt.vault.subjects.subjectRef('acme', `principal:${developerId}`), 'the developer who placed the call is its data subject');

      assert.ok(record.transcriptArtifactId && record.recordingArtifactId);
      const read = await server.rt.gateway.readArtifact(LOCAL_OPERATOR, 'transcript.view', record.transcriptArtifactId, CLI_CONTEXT);
      const parts: Buffer[] = [];
      for await (const part of read.body) parts.push(Buffer.from(part));
      const transcript = Buffer.concat(parts).toString('utf8');
      // Word times are numbers, and three-digit runs like the CVV's occur in them by chance.
      const strings = stringsOf(transcript).join('\n');
      for (const secret of SECRETS) assert.ok(!strings.includes(secret), `the stored transcript contains ${secret.slice(0, 4)}…`);
      for (const secret of SECRETS.filter((v) => v.length >= 9)) assert.ok(!transcript.includes(secret), `the stored transcript contains ${secret.slice(0, 4)}…`);
      assert.match(transcript, /\[CREDIT_CARD\]/);

      const card = live.events.find((e) => e.type === 'caller' && (e.data.entities as string[] | undefined)?.includes('CREDIT_CARD'));
      assert.ok(card, `the live feed showed the card number's redaction: ${live.raw.join(' | ')}`);
      assert.match(card.data.text as string, /\[CREDIT_CARD(_\d+)?\]/);
      assert.ok(live.events.some((e) => e.type === 'agent'));
      for (const block of live.raw) for (const secret of SECRETS) assert.ok(!block.includes(secret), 'a live event holds a value');
      // Log lines carry times and ids in which three digits like the CVV occur by chance: search the values long enough not to.
      for (const secret of SECRETS.filter((v) => v.length >= 9)) assert.ok(!logLines.join('').includes(secret), `a log line holds ${secret.slice(0, 4)}…`);

      const entries = await auditSince(auditFrom);
      const decision = entries.findIndex((e) => e.action === 'call.connect' && e.outcome === 'allowed' && e.principal.id === developerId);
      const placed = entries.findIndex((e) => e.action === 'call.webrtc' && e.outcome === 'allowed' && e.resource.id === callId);
      assert.ok(decision >= 0 && placed > decision, 'the decision is audited, then the call id');
    } finally {
      stopMic();
      live.close();
      await caller.close();
    }
  });

  it('never sends a UDP packet anywhere but the configured address (no implicit STUN server)', () => {
    assert.deepEqual([...destinations], ['127.0.0.1']);
  });

  it('answers an offer without PCMU with 400 WEBRTC_OFFER_INVALID, audited', async () => {
    const caller = await openLoopbackCaller({ address: '127.0.0.1' });
    try {
      const auditFrom = await server.rt.audit.size();
      const noPcmu = caller.offerSdp.replace(/^(m=audio \d+ \S+) ([0-9 ]+)$/m, (_, head: string, pts: string) => `${head} ${pts.split(' ').filter((p) => p !== '0').join(' ')}`).replace(/^a=rtpmap:0 PCMU\/8000\r\n/m, '');
      assert.ok(!/PCMU/.test(noPcmu));
      const answer = await api('POST', '/v1/calls/webrtc', tokens.developer, { sdp: noPcmu });
      assert.equal(answer.status, 400, answer.body);
      assert.equal((answer.json.error as { code: string }).code, 'WEBRTC_OFFER_INVALID');
      const entries = await auditSince(auditFrom);
      assert.ok(entries.some((e) => e.action === 'call.webrtc' && e.outcome === 'denied' && e.reason === 'WEBRTC_OFFER_INVALID'));
    } finally {
      await caller.close();
    }
  });

  it('refuses a role without call.connect with 403, and audits the denial', async () => {
    const caller = await openLoopbackCaller({ address: '127.0.0.1' });
    try {
      const auditFrom = await server.rt.audit.size();
      const answer = await api('POST', '/v1/calls/webrtc', tokens.analyst, { sdp: caller.offerSdp });
      assert.equal(answer.status, 403, answer.body);
      assert.equal((answer.json.error as { code: string }).code, 'ACCESS_DENIED');
      const entries = await auditSince(auditFrom);
      assert.ok(entries.some((e) => e.action === 'call.connect' && e.outcome === 'denied' && e.resource.tenantId === 'acme'));
      assert.equal(server.sotto.pipeline.service.activeCalls, 0, 'no call was started');
    } finally {
      await caller.close();
    }
  });

  it('answers another tenant’s DELETE exactly like a missing call, and hangs up for the call’s own tenant', async () => {
    const { caller, callId, stopMic } = await dial();
    try {
      const foreign = await api('DELETE', `/v1/calls/webrtc/${callId}`, tokens.globex);
      const missing = await api('DELETE', `/v1/calls/webrtc/${randomId('call')}`, tokens.globex);
      assert.equal(foreign.status, 404);
      assert.deepEqual(foreign.json, missing.json);
      assert.equal((await server.rt.calls.get(callId))?.status, 'active', 'the call goes on');
      const own = await api('DELETE', `/v1/calls/webrtc/${callId}`, tokens.developer);
      assert.equal(own.status, 204, own.body);
      const call = await ended(callId);
      assert.equal(call.status, 'completed');
      assert.equal(call.channel, 'webrtc');
    } finally {
      stopMic();
      await caller.close();
    }
  });

  it('ends the call when the browser stops sending audio (a killed browser), after the no-audio timeout', async () => {
    const { caller, callId, stopMic } = await dial();
    try {
      await sleep(500);
      stopMic();
      caller.mute();
      const stoppedAt = Date.now();
      const call = await ended(callId);
      const tookMs = Date.now() - stoppedAt;
      assert.equal(call.status, 'failed');
      assert.equal(call.failureReason, 'TRANSPORT_IDLE_TIMEOUT');
      assert.ok(tookMs >= NO_AUDIO_TIMEOUT_MS - 100 && tookMs < NO_AUDIO_TIMEOUT_MS + 15_000, `ended ${tookMs} ms after the audio stopped`);
    } finally {
      await caller.close();
    }
  });
});
