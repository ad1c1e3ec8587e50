import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connectMediaStream } from './media-stream-client.js';
import type { MediaStreamClient } from './media-stream-client.js';
import { nextEvent, startStreamServer } from './test-fixtures.js';
import type { StreamServer } from './test-fixtures.js';
import type { DtmfEvent, MarkEvent, MediaFrame, MediaStreamConnection } from './types.js';

/** 20 ms of mu-law whose bytes say which frame they are. */
const frame = (n: number): Uint8Array => new Uint8Array(160).fill(n);

async function collect<T>(emitter: { on(event: string, listener: (value: T) => void): unknown }, event: string, count: number): Promise<T[]> {
  const values: T[] = [];
  return new Promise((resolve) => {
    emitter.on(event, (value: T) => {
      values.push(value);
      if (values.length === count) resolve(values);
    });
  });
}

describe('a Twilio media stream over real TLS', () => {
  let running: StreamServer;
  before(async () => {
    running = await startStreamServer();
  });
  after(async () => {
    await running.stop();
  });

  describe('when a carrier with a valid stream token connects, starts, streams and stops', () => {
    let client: MediaStreamClient;
    let connection: MediaStreamConnection;
    const events: string[] = [];
    let frames: MediaFrame[] = [];
    let digits: DtmfEvent[] = [];
    let marks: MarkEvent[] = [];

    before(async () => {
      client = await connectMediaStream({ url: running.url(), ca: running.ca, token: 'good-token' });
      const started = running.nextStream();
      client.start({ callSid: 'CA0123456789abcdef0123456789abcdef', customParameters: { agent: 'payments', locale: 'en-US' } });
      connection = await started;
      for (const event of ['media', 'dtmf', 'mark', 'stop', 'close', 'error']) connection.on(event as 'close', () => events.push(event));
      const gotFrames = collect<MediaFrame>(connection, 'media', 3);
      const gotDigit = collect<DtmfEvent>(connection, 'dtmf', 1);
      const gotMark = collect<MarkEvent>(connection, 'mark', 1);
      client.sendMedia(frame(1));
      client.sendMedia(frame(2));
      client.sendMedia(frame(3), 1000);
      client.sendDtmf('7');
      client.sendMark('greeting-done');
      [frames, digits, marks] = await Promise.all([gotFrames, gotDigit, gotMark]);
      const gone = nextEvent(connection, 'close');
      client.stop();
      await gone;
    });

    it('hands the application a connection with the start message’s identity and the token’s grant', () => {
      assert.equal(connection.streamSid, client.streamSid);
      assert.match(connection.streamSid, /^MZ[0-9a-f]{32}$/);
      assert.equal(connection.callSid, 'CA0123456789abcdef0123456789abcdef');
      assert.match(connection.accountSid, /^AC[0-9a-f]{32}$/);
      assert.deepEqual(connection.customParameters, { agent: 'payments', locale: 'en-US' });
      assert.deepEqual(connection.mediaFormat, { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 });
      assert.deepEqual(connection.grant, { tenantId: 'tenant-a', agent: 'payments' });
      assert.equal(connection.remoteAddress, '127.0.0.1');
    });

    it('delivers each media frame decoded from base64, with its chunk and timestamp', () => {
      assert.deepEqual(
        frames.map((f) => [f.track, f.chunk, f.timestampMs, f.payload.length, f.payload[0]]),
        [
          ['inbound', 1, 0, 160, 1],
          ['inbound', 2, 20, 160, 2],
          ['inbound', 3, 1000, 160, 3],
        ],
      );
      assert.ok(Buffer.isBuffer(frames[0]?.payload));
    });

    it('delivers the DTMF digit and the echoed mark', () => {
      assert.deepEqual(digits, [{ digit: '7', track: 'inbound_track' }]);
      assert.deepEqual(marks, [{ name: 'greeting-done' }]);
    });

    it('emits stop then close, in order, and no error', () => {
      assert.deepEqual(events, ['media', 'media', 'media', 'dtmf', 'mark', 'stop', 'close']);
    });

    it('no longer counts the connection', () => {
      assert.equal(running.endpoint.connections, 0);
    });
  });

  describe('when the application plays audio, marks it and barges in', () => {
    let client: MediaStreamClient;
    let connection: MediaStreamConnection;
    before(async () => {
      client = await connectMediaStream({ url: running.url(), ca: running.ca, token: 'good-token' });
      const started = running.nextStream();
      client.start();
      connection = await started;
    });
    after(async () => {
      await client.close();
    });

    it('counts the open connection', () => {
      assert.equal(running.endpoint.connections, 1);
    });

    it('splits outbound audio into 160-byte (20 ms) media messages, in order', async () => {
      const audio = new Uint8Array(500).map((_, i) => i % 256);
      const received = collect<Buffer>(client, 'media', 4);
      connection.sendMedia(audio);
      const payloads = await received;
      assert.deepEqual(
        payloads.map((p) => p.length),
        [160, 160, 160, 20],
      );
      assert.deepEqual(Buffer.concat(payloads), Buffer.from(audio));
    });

    it('sends marks and clear to the carrier, after the audio queued before them', async () => {
      const order: string[] = [];
      client.on('media', () => order.push('media'));
      client.on('mark', (name) => order.push(`mark:${name}`));
      const cleared = nextEvent(client, 'clear');
      connection.sendMedia(frame(9));
      connection.sendMark('prompt-1');
      connection.clear();
      await cleared;
      assert.deepEqual(order, ['media', 'mark:prompt-1']);
    });

    it('shows how much it has queued but not yet sent, down to zero once the carrier has it', async () => {
      const received = collect<Buffer>(client, 'media', 1000);
      connection.sendMedia(new Uint8Array(160 * 1000));
      assert.ok(connection.bufferedAmount > 0, 'about 300 KB of JSON cannot have left synchronously');
      await received;
      assert.equal(connection.bufferedAmount, 0);
    });
  });

  describe('when the application closes the connection', () => {
    it('closes with 1000 and no reason, and later sends are ignored', async () => {
      const client = await connectMediaStream({ url: running.url(), ca: running.ca, token: 'good-token' });
      const started = running.nextStream();
      client.start();
      const connection = await started;
      const clientClosed = nextEvent(client, 'close') as Promise<[number, string]>;
      connection.close();
      assert.deepEqual(await clientClosed, [1000, '']);
      connection.sendMedia(frame(1));
      connection.sendMark('late');
      connection.clear();
    });
  });

  describe('when the endpoint shuts down with a stream open', () => {
    it('closes the stream with 1001 going away and resolves', async () => {
      const other = await startStreamServer();
      const client = await connectMediaStream({ url: other.url(), ca: other.ca, token: 'good-token' });
      const started = other.nextStream();
      client.start();
      const connection = await started;
      const appClosed = nextEvent(connection, 'close');
      const clientClosed = nextEvent(client, 'close') as Promise<[number, string]>;
      await other.stop();
      await appClosed;
      assert.deepEqual(await clientClosed, [1001, '']);
    });
  });
});
