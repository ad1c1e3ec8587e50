import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type WebSocket from 'ws';
import type { ErrorCode, SottoError } from '../errors/index.js';
import { closed, nextEvent, openRawSocket, startStreamServer, wire } from './test-fixtures.js';
import type { CloseEvent, StreamServer } from './test-fixtures.js';
import type { MediaStreamConnection } from './types.js';

// Every malformed input ends the same way: one coded error (to onRejected before start, as the
// connection's 'error' after), the socket closed with the code as its only reason, then 'close';
// and the server goes on serving.

const SID = 'MZ00000000000000000000000000000001';
const SECRET = '4111111111111111';
const AUTH = { authorization: 'Bearer good-token' };

interface Outcome {
  errors: SottoError[];
  events: string[];
  close: CloseEvent;
}

async function afterStart(running: StreamServer): Promise<{ socket: WebSocket; connection: MediaStreamConnection; outcome: () => Promise<Outcome> }> {
  const socket = await openRawSocket(running.url(), running.ca, AUTH);
  const started = running.nextStream();
  socket.send(wire.connected());
  socket.send(wire.start());
  const connection = await started;
  const errors: SottoError[] = [];
  const events: string[] = [];
  connection.on('error', (err) => {
    errors.push(err);
    events.push('error');
  });
  connection.on('media', () => events.push('media'));
  // Not events.once: it rejects when 'error' is emitted first, which is exactly what happens here.
  const appClosed = new Promise<void>((resolve) => connection.on('close', () => resolve(void events.push('close'))));
  const socketClosed = closed(socket);
  return { socket, connection, outcome: async () => ({ errors, events, close: (await Promise.all([socketClosed, appClosed]))[0] }) };
}

async function assertFailsAfterStart(running: StreamServer, code: ErrorCode, send: (socket: WebSocket) => void, closeCode = 1008): Promise<void> {
  const { socket, outcome } = await afterStart(running);
  send(socket);
  const { errors, events, close } = await outcome();
  assert.equal(errors.length, 1, 'exactly one error');
  assert.equal(errors[0]?.code, code);
  assert.deepEqual(events.slice(-2), ['error', 'close']);
  assert.equal(close.code, closeCode);
  // ws itself closes an oversized message with a bare 1009 before we can name the code.
  if (closeCode === 1009) assert.ok(close.reason === '' || close.reason === code, close.reason);
  else assert.equal(close.reason, code);
  assert.ok(!errors[0]?.message.includes(SECRET), errors[0]?.message);
}

async function assertRejectedBeforeStart(running: StreamServer, code: ErrorCode, send: (socket: WebSocket) => void, closeCode = 1008): Promise<void> {
  const socket = await openRawSocket(running.url(), running.ca, AUTH);
  const streamsBefore = running.streams.length;
  const rejection = running.nextRejection();
  const socketClosed = closed(socket);
  send(socket);
  const reason = await rejection;
  assert.equal(reason.code, code);
  assert.ok(!reason.message.includes(SECRET), reason.message);
  const close = await socketClosed;
  assert.equal(close.code, closeCode);
  if (closeCode === 1009) assert.ok(close.reason === '' || close.reason === code, close.reason);
  else assert.equal(close.reason, code);
  assert.equal(running.streams.length, streamsBefore, 'no stream was handed to the application');
}

describe('media stream protocol violations', () => {
  let running: StreamServer;
  before(async () => {
    running = await startStreamServer({ maxMessageBytes: 4096 });
  });
  after(async () => {
    await running.stop();
  });

  describe('before start', () => {
    it('rejects a message that is not JSON with TRANSPORT_MALFORMED_FRAME', () =>
      assertRejectedBeforeStart(running, 'TRANSPORT_MALFORMED_FRAME', (s) => s.send(`{"event":"start",${SECRET}`)));

    it('rejects a binary frame with TRANSPORT_MALFORMED_FRAME', () =>
      assertRejectedBeforeStart(running, 'TRANSPORT_MALFORMED_FRAME', (s) => s.send(Buffer.from(wire.start()), { binary: true })));

    it('rejects media, dtmf, mark or stop before start with TRANSPORT_OUT_OF_ORDER', async () => {
      await assertRejectedBeforeStart(running, 'TRANSPORT_OUT_OF_ORDER', (s) => s.send(wire.media(1, 'AAEC')));
      const dtmf = JSON.stringify({ event: 'dtmf', streamSid: SID, sequenceNumber: '1', dtmf: { track: 'inbound_track', digit: '1' } });
      await assertRejectedBeforeStart(running, 'TRANSPORT_OUT_OF_ORDER', (s) => s.send(dtmf));
      const mark = JSON.stringify({ event: 'mark', streamSid: SID, sequenceNumber: '1', mark: { name: 'm' } });
      await assertRejectedBeforeStart(running, 'TRANSPORT_OUT_OF_ORDER', (s) => s.send(mark));
      const stop = JSON.stringify({ event: 'stop', streamSid: SID, sequenceNumber: '1', stop: { accountSid: 'AC1', callSid: 'CA1' } });
      await assertRejectedBeforeStart(running, 'TRANSPORT_OUT_OF_ORDER', (s) => s.send(stop));
    });

    it('rejects a second connected message with TRANSPORT_OUT_OF_ORDER', () =>
      assertRejectedBeforeStart(running, 'TRANSPORT_OUT_OF_ORDER', (s) => {
        s.send(wire.connected());
        s.send(wire.connected());
      }));

    it('rejects a start whose sequence number is not 1 with TRANSPORT_OUT_OF_ORDER', () =>
      assertRejectedBeforeStart(running, 'TRANSPORT_OUT_OF_ORDER', (s) => s.send(wire.start({ sequenceNumber: '2' }))));

    it('rejects a start that names two different streams with TRANSPORT_UNKNOWN_STREAM', () =>
      assertRejectedBeforeStart(running, 'TRANSPORT_UNKNOWN_STREAM', (s) => s.send(wire.start({ streamSid: 'MZ2' }))));

    it('rejects any format but mu-law 8000 Hz mono with TRANSPORT_CODEC_UNSUPPORTED', async () => {
      for (const mediaFormat of [
        { encoding: 'audio/x-alaw', sampleRate: 8000, channels: 1 },
        { encoding: 'audio/x-mulaw', sampleRate: 16000, channels: 1 },
        { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 2 },
      ]) {
        await assertRejectedBeforeStart(running, 'TRANSPORT_CODEC_UNSUPPORTED', (s) => s.send(wire.start({ mediaFormat })));
      }
    });

    it('rejects a start with ill-typed fields with TRANSPORT_MALFORMED_FRAME', () =>
      assertRejectedBeforeStart(running, 'TRANSPORT_MALFORMED_FRAME', (s) => s.send(wire.start({ tracks: 'inbound' }))));

    it('rejects a message over maxMessageBytes with TRANSPORT_FRAME_TOO_LARGE and close code 1009', () =>
      assertRejectedBeforeStart(running, 'TRANSPORT_FRAME_TOO_LARGE', (s) => s.send('x'.repeat(5000)), 1009));
  });

  describe('after start', () => {
    it('fails on JSON that is not an object', () => assertFailsAfterStart(running, 'TRANSPORT_MALFORMED_FRAME', (s) => s.send(`["${SECRET}"]`)));

    it('fails on an unknown event', () =>
      assertFailsAfterStart(running, 'TRANSPORT_MALFORMED_FRAME', (s) => s.send(JSON.stringify({ event: SECRET, sequenceNumber: '2', streamSid: SID }))));

    it('fails on a missing field', () =>
      assertFailsAfterStart(running, 'TRANSPORT_MALFORMED_FRAME', (s) => s.send(JSON.stringify({ event: 'media', sequenceNumber: '2', streamSid: SID }))));

    it('fails on a binary frame', () => assertFailsAfterStart(running, 'TRANSPORT_MALFORMED_FRAME', (s) => s.send(Buffer.from(SECRET), { binary: true })));

    it('fails on a second start with TRANSPORT_OUT_OF_ORDER', () => assertFailsAfterStart(running, 'TRANSPORT_OUT_OF_ORDER', (s) => s.send(wire.start())));

    it('fails on a sequence number that skips ahead', () => assertFailsAfterStart(running, 'TRANSPORT_OUT_OF_ORDER', (s) => s.send(wire.media(3, 'AAEC'))));

    it('fails on a sequence number that repeats', () =>
      assertFailsAfterStart(running, 'TRANSPORT_OUT_OF_ORDER', (s) => {
        s.send(wire.media(2, 'AAEC'));
        s.send(wire.media(2, 'AAEC'));
      }));

    it('fails on a sequence number that goes back', () => assertFailsAfterStart(running, 'TRANSPORT_OUT_OF_ORDER', (s) => s.send(wire.media(1, 'AAEC'))));

    it('fails on a message for another stream with TRANSPORT_UNKNOWN_STREAM', () =>
      assertFailsAfterStart(running, 'TRANSPORT_UNKNOWN_STREAM', (s) => s.send(wire.media(2, 'AAEC', 'MZ99999999999999999999999999999999'))));

    it('fails on a stop for another call with TRANSPORT_UNKNOWN_STREAM', () =>
      assertFailsAfterStart(running, 'TRANSPORT_UNKNOWN_STREAM', (s) =>
        s.send(JSON.stringify({ event: 'stop', sequenceNumber: '2', streamSid: SID, stop: { accountSid: 'AC00000000000000000000000000000001', callSid: 'CA2' } })),
      ));

    it('fails on media for a track start did not announce', () =>
      assertFailsAfterStart(running, 'TRANSPORT_MALFORMED_FRAME', (s) =>
        s.send(wire.media(2, 'AAEC').replace('"track":"inbound"', '"track":"outbound"')),
      ));

    it('fails on a payload that is not base64', () =>
      assertFailsAfterStart(running, 'TRANSPORT_MALFORMED_FRAME', (s) => s.send(wire.media(2, `${SECRET}!`))));

    it('fails on a payload longer than 1600 bytes with TRANSPORT_FRAME_TOO_LARGE (1009)', () =>
      assertFailsAfterStart(running, 'TRANSPORT_FRAME_TOO_LARGE', (s) => s.send(wire.media(2, Buffer.alloc(1601).toString('base64'))), 1009));

    it('fails on a WebSocket message over maxMessageBytes with TRANSPORT_FRAME_TOO_LARGE (1009)', () =>
      assertFailsAfterStart(running, 'TRANSPORT_FRAME_TOO_LARGE', (s) => s.send(wire.media(2, Buffer.alloc(3000).toString('base64'))), 1009));

    it('ignores messages that arrive after the error', async () => {
      const { socket, outcome } = await afterStart(running);
      socket.send(wire.media(5, 'AAEC'));
      socket.send(wire.media(6, 'AAEC'));
      socket.send(wire.media(2, 'AAEC'));
      const { events } = await outcome();
      assert.deepEqual(events, ['error', 'close']);
    });

    it('closes with 1011 INTERNAL when an application listener throws, and keeps serving', async () => {
      const { socket, connection, outcome } = await afterStart(running);
      connection.on('media', () => {
        throw new Error('listener bug');
      });
      socket.send(wire.media(2, 'AAEC'));
      const { errors, close } = await outcome();
      assert.equal(errors[0]?.code, 'INTERNAL');
      assert.deepEqual(close, { code: 1011, reason: 'INTERNAL' });
    });

    it('closes without crashing when the application has no error listener', async () => {
      const socket = await openRawSocket(running.url(), running.ca, AUTH);
      const started = running.nextStream();
      socket.send(wire.connected());
      socket.send(wire.start());
      const connection = await started;
      const appClosed = nextEvent(connection, 'close');
      socket.send(wire.media(9, 'AAEC'));
      assert.deepEqual(await closed(socket), { code: 1008, reason: 'TRANSPORT_OUT_OF_ORDER' });
      await appClosed;
    });
  });

  describe('after all of the above', () => {
    it('still serves a well-formed stream', async () => {
      const { socket, connection } = await afterStart(running);
      const media = nextEvent<[{ payload: Buffer }]>(connection, 'media');
      socket.send(wire.media(2, 'AAEC'));
      const [frame] = await media;
      assert.deepEqual([...frame.payload], [0, 1, 2]);
      socket.close();
    });
  });
});

describe('media stream timeouts', () => {
  let running: StreamServer;
  before(async () => {
    running = await startStreamServer({ idleTimeoutMs: 250, startTimeoutMs: 400 });
  });
  after(async () => {
    await running.stop();
  });

  describe('when no start arrives within startTimeoutMs', () => {
    it('rejects with TRANSPORT_IDLE_TIMEOUT and closes', () => assertRejectedBeforeStart(running, 'TRANSPORT_IDLE_TIMEOUT', (s) => s.send(wire.connected())));
  });

  describe('when a started stream stops sending', () => {
    it('fails with TRANSPORT_IDLE_TIMEOUT after idleTimeoutMs', async () => {
      const startedAt = Date.now();
      await assertFailsAfterStart(running, 'TRANSPORT_IDLE_TIMEOUT', (s) => s.send(wire.media(2, 'AAEC')));
      assert.ok(Date.now() - startedAt >= 250);
    });

    it('does not time out while messages keep arriving', async () => {
      const { socket, connection } = await afterStart(running);
      let failed = false;
      connection.on('error', () => (failed = true));
      for (let n = 2; n < 10; n += 1) {
        socket.send(wire.media(n, 'AAEC'));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal(failed, false, '800 ms of 100 ms-spaced messages never hit a 250 ms idle timeout');
      socket.close();
    });
  });
});
