// A carrier that sends audio and hangs up before the call is set up (call record, recognizer):
// the session still hears the first frame (before issue 5 the frames that came during setup
// were lost), and the hang-up ends the call. Recognition is replaced by
// test/support/scripted-asr.ts; the carrier is a raw WebSocket client speaking the protocol.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { CLI_CONTEXT, LOCAL_OPERATOR } from '../../src/access/index.js';
import { decodeWav, mulawEncode } from '../../src/audio/index.js';
import type { Runtime } from '../../src/runtime/index.js';
import type { SottoServer } from '../../src/server/sotto-server.js';
import { startCallServer, type CallServer } from '../support/call-server.js';
import { createScriptedAsrProvider } from '../support/scripted-asr.js';

describe('media that arrives while the call is set up (recognition replaced by a scripted recognizer)', { timeout: 120_000 }, () => {
  let rt: Runtime;
  let sotto: SottoServer;
  let ca: Buffer;

  let server: CallServer;

  before(async () => {
    server = await startCallServer({
      configure: (config) => {
        config.calls.maxDurationMs = 60_000;
      },
      server: { overrides: { asr: createScriptedAsrProvider([]) } },
    });
    ({ rt, sotto, ca } = server);
  });

  after(async () => {
    await server?.close();
  });

  it('keeps the first frames in the recording and ends the call on a hang-up sent before setup finished', async () => {
    const socket = new WebSocket(server.mediaUrl, { ca, headers: { authorization: `Bearer ${await server.streamToken()}` } });
    await new Promise<void>((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const streamSid = `MZ${'a'.repeat(32)}`;
    let sequence = 0;
    const send = (message: unknown): void => socket.send(JSON.stringify(message));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    const started = performance.now();
    // Everything in one burst, right behind `start`: it reaches the server before the call record exists.
    send({ event: 'connected', protocol: 'Call', version: '1.0.0' });
    send({ event: 'start', sequenceNumber: String(++sequence), streamSid, start: { streamSid, accountSid: `AC${'b'.repeat(32)}`, callSid: `CA${'c'.repeat(32)}`, tracks: ['inbound'], customParameters: { from: '+15555550123' }, mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 } } });
    // 100 ms of a loud 440 Hz tone, then 100 ms of silence.
    const loud = mulawEncode(Int16Array.from({ length: 800 }, (_, i) => Math.round(12000 * Math.sin((2 * Math.PI * 440 * i) / 8000))));
    const quiet = mulawEncode(new Int16Array(800));
    const audio = Buffer.concat([loud, quiet]);
    for (let chunk = 0; chunk * 160 < audio.length; chunk++) {
      send({ event: 'media', sequenceNumber: String(++sequence), streamSid, media: { track: 'inbound', chunk: String(chunk + 1), timestamp: String(chunk * 20), payload: audio.subarray(chunk * 160, (chunk + 1) * 160).toString('base64') } });
    }
    send({ event: 'stop', sequenceNumber: String(++sequence), streamSid, stop: { accountSid: `AC${'b'.repeat(32)}`, callSid: `CA${'c'.repeat(32)}` } });
    await closed;
    await sotto.pipeline.service.drain();
    const tookMs = performance.now() - started;
    assert.ok(tookMs < 20_000, `the call ended ${Math.round(tookMs)} ms after the hang-up: the hang-up was not heard`);

    const [call] = (await rt.calls.list({ tenantId: 'acme', limit: 5 })).calls;
    assert.ok(call?.recordingArtifactId, 'the call was archived with a recording');
    const read = await rt.gateway.readArtifact(LOCAL_OPERATOR, 'recording.listen', call.recordingArtifactId, CLI_CONTEXT);
    const parts: Buffer[] = [];
    for await (const part of read.body) parts.push(Buffer.from(part));
    const wav = decodeWav(Buffer.concat(parts));
    // RMS of the caller's channel (the left one) over samples from … to − 1.
    const callerRms = (from: number, to: number): number => {
      let sum = 0;
      for (let i = from; i < to; i++) sum += (wav.samples[i * 2] ?? 0) ** 2;
      return Math.sqrt(sum / (to - from));
    };
    assert.ok(callerRms(0, 160) > 7000, `the very first frame (0–20 ms) is in the recording (RMS ${callerRms(0, 160).toFixed(0)})`);
    assert.ok(callerRms(640, 800) > 7000, 'and the fifth');
    assert.ok(callerRms(800, 1600) < 10, 'the silence after it stays silent');
  });
});
