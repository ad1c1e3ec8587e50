// A carrier that breaks the protocol in the middle of a call: the stream is closed with the
// error code as the reason, the call record says `failed` with that code, what was said up to
// then is archived redacted, and no value is left in any file. Recognition is replaced by
// test/support/scripted-asr.ts; the carrier is a raw WebSocket client speaking the protocol.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { mulawEncode, resample } from '../../src/audio/index.js';
import type { CallRecord } from '../../src/call/record/index.js';
import type { Runtime } from '../../src/runtime/index.js';
import type { SottoServer } from '../../src/server/sotto-server.js';
import { startCallServer, type CallServer } from '../support/call-server.js';
import { createScriptedAsrProvider } from '../support/scripted-asr.js';

const CARD_LINE = 'my card number is four one one one one one one one one one one one one one one one';

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    out.push(...(entry.isDirectory() ? await filesUnder(path) : [path]));
  }
  return out;
}

describe('a carrier that breaks the protocol mid-call (recognition replaced by a scripted recognizer)', { timeout: 120_000 }, () => {
  let dir: string;
  let rt: Runtime;
  let sotto: SottoServer;
  let ca: Buffer;

  let server: CallServer;

  before(async () => {
    server = await startCallServer({
      server: { overrides: { asr: createScriptedAsrProvider([CARD_LINE, CARD_LINE]) } },
    });
    ({ dir, rt, sotto, ca } = server);
  });

  after(async () => {
    await server?.close();
  });

  /** Starts a stream, says the card number, then sends `breakage`; resolves with the close code and reason and the call record. */
  async function breakCall(breakage: (send: (message: unknown) => void, socket: WebSocket, sequence: number) => void): Promise<{ code: number; reason: string; call: CallRecord }> {
    const socket = new WebSocket(server.mediaUrl, { ca, headers: { authorization: `Bearer ${await server.streamToken()}` } });
    await new Promise<void>((resolve, reject) => socket.once('open', resolve).once('error', reject));
    let sequence = 0;
    const streamSid = `MZ${'a'.repeat(32)}`;
    const send = (message: unknown): void => socket.send(JSON.stringify(message));
    const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    send({ event: 'connected', protocol: 'Call', version: '1.0.0' });
    send({ event: 'start', sequenceNumber: String(++sequence), streamSid, start: { streamSid, accountSid: `AC${'b'.repeat(32)}`, callSid: `CA${'c'.repeat(32)}`, tracks: ['inbound'], customParameters: { from: '+15555550199' }, mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 } } });
    const speech = await sotto.pipeline.tts.synthesize(CARD_LINE);
    const line = mulawEncode(resample(speech.samples, speech.sampleRate, 8000));
    const silence = mulawEncode(new Int16Array(8000));
    const audio = Buffer.concat([line, silence]);
    let chunk = 0;
    for (let at = 0; at + 160 <= audio.length; at += 160) {
      send({ event: 'media', sequenceNumber: String(++sequence), streamSid, media: { track: 'inbound', chunk: String(++chunk), timestamp: String(chunk * 20), payload: audio.subarray(at, at + 160).toString('base64') } });
    }
    await new Promise((resolve) => setTimeout(resolve, 1500));
    breakage(send, socket, sequence);
    const result = await closed;
    await sotto.pipeline.service.drain();
    const calls = (await rt.calls.list({ tenantId: 'acme', limit: 10 })).calls;
    const call = calls[0];
    assert.ok(call);
    return { ...result, call };
  }

  it('malformed JSON: closed 1008 TRANSPORT_MALFORMED_FRAME, the call failed with that reason, its words archived redacted', async () => {
    const { code, reason, call } = await breakCall((_send, socket) => socket.send('{"event": "media", '));
    assert.equal(code, 1008);
    assert.equal(reason, 'TRANSPORT_MALFORMED_FRAME');
    assert.equal(call.status, 'failed');
    assert.equal(call.failureReason, 'TRANSPORT_MALFORMED_FRAME');
    assert.equal(call.entityCounts.CREDIT_CARD, 1);
    assert.ok(call.recordingArtifactId && call.transcriptArtifactId, 'what was said is archived, redacted');
  });

  it('a skipped sequence number: closed with TRANSPORT_OUT_OF_ORDER and the call failed with it', async () => {
    const { reason, call } = await breakCall((send, _socket, sequence) => send({ event: 'mark', sequenceNumber: String(sequence + 5), streamSid: `MZ${'a'.repeat(32)}`, mark: { name: 'x' } }));
    assert.equal(reason, 'TRANSPORT_OUT_OF_ORDER');
    assert.equal(call.status, 'failed');
    assert.equal(call.failureReason, 'TRANSPORT_OUT_OF_ORDER');
  });

  it('leaves no value in any file under the data directory', async () => {
    for (const path of await filesUnder(dir)) {
      const bytes = await readFile(path);
      assert.equal(bytes.includes('4111111111111111'), false, path);
      assert.equal(bytes.includes('four one one one'), false, path);
    }
  });
});
