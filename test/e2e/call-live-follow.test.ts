// Following a call's live transcript from the caller's side (`sotto call simulate --follow`):
// the simulator announces a callSid, and GET /v1/calls/live?carrierCallId= streams the server's
// own redacted transcript. Recognition is replaced by a scripted recognizer (test/support).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LiveEvent } from '../../src/call/index.js';
import { followLiveTranscript, parseCallerScript, simulateCall } from '../../src/call/simulator/index.js';
import { randomBytes } from '../../src/crypto/index.js';
import { startCallServer, type CallServer } from '../support/call-server.js';
import { createScriptedAsrProvider } from '../support/scripted-asr.js';

const SPOKEN = ['my card number is four one one one one one one one one one one one one one one one', 'it expires oh nine twenty eight', 'the security code is seven three seven', 'yes please'];

describe('following a simulated call’s live transcript (recognition replaced by a scripted recognizer)', { timeout: 180_000 }, () => {
  let server: CallServer;
  let supervisorToken: string;
  const events: LiveEvent[] = [];

  before(async () => {
    server = await startCallServer({ server: { overrides: { asr: createScriptedAsrProvider(SPOKEN) } } });
    supervisorToken = (await server.rt.identity.createApiToken({ tenantId: 'acme', role: 'supervisor', name: 'follower' })).token;
    const callSid = `CA${randomBytes(16).toString('hex')}`;
    const follower = followLiveTranscript({ mediaUrl: server.mediaUrl, apiToken: supervisorToken, carrierCallId: callSid, ca: server.ca, onEvent: (e) => events.push(e) });
    const script = parseCallerScript(JSON.stringify({ agent: 'card-payment', from: '+15555550142', steps: SPOKEN.map((say) => ({ say })) }), server.dir);
    await simulateCall({ url: server.mediaUrl, script, tts: server.sotto.pipeline.tts, callSid, token: await server.streamToken(), ca: server.ca, timeoutMs: 120_000 });
    await Promise.race([follower.done, new Promise((resolve) => setTimeout(resolve, 15_000))]);
    follower.stop();
  });
  after(() => server?.close());

  it('streams what the agent said and what the caller said, as the server heard it, until the call ends', () => {
    assert.ok(events.some((e) => e.type === 'agent' && e.text.length > 0), JSON.stringify(events));
    assert.ok(events.some((e) => e.type === 'caller' && e.final));
    assert.equal(events.at(-1)?.type, 'ended');
  });

  it('shows the card number, expiry and security code by type only', () => {
    const text = JSON.stringify(events);
    assert.match(text, /CREDIT_CARD/);
    for (const secret of ['4111', 'four one one one', 'seven three seven', '737']) assert.ok(!text.includes(secret), `no ${secret} in the live transcript`);
  });

  it('answers a carrier call id no running call has with 404, after waiting for it to appear', async () => {
    await server.rt.vault.subjects.ensureTenant('globex');
    const globex = (await server.rt.identity.createApiToken({ tenantId: 'globex', role: 'supervisor', name: 'prober' })).token;
    const probe = followLiveTranscript({ mediaUrl: server.mediaUrl, apiToken: globex, carrierCallId: 'CA-unknown', ca: server.ca, onEvent: () => undefined });
    await assert.rejects(probe.done, /HTTP 404/);
  });
});
