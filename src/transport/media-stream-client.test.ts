import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WebSocketServer } from 'ws';
import { SottoError } from '../errors/index.js';
import type { ErrorCode } from '../errors/index.js';
import { connectMediaStream } from './media-stream-client.js';
import type { MediaStreamClientOptions } from './open-client-socket.js';
import { nextEvent, startStreamServer } from './test-fixtures.js';
import type { StreamServer } from './test-fixtures.js';

async function refused(options: MediaStreamClientOptions, code: ErrorCode, message?: RegExp): Promise<void> {
  await assert.rejects(connectMediaStream(options), (err) => {
    assert.ok(err instanceof SottoError);
    assert.equal(err.code, code);
    if (message) assert.match(err.message, message);
    return true;
  });
}

describe('connectMediaStream', () => {
  let running: StreamServer;
  before(async () => {
    running = await startStreamServer();
  });
  after(async () => {
    await running.stop();
  });

  describe('when the URL is not encrypted', () => {
    it('refuses ws:// to a non-loopback host even when loopback plain is allowed', async () => {
      await refused({ url: 'ws://voice.example.com/v1/media-stream', allowInsecureLoopback: true }, 'TRANSPORT_INSECURE');
    });

    it('refuses ws:// to loopback unless explicitly allowed', async () => {
      await refused({ url: `ws://127.0.0.1:${running.port}/v1/media-stream` }, 'TRANSPORT_INSECURE');
    });

    it('refuses schemes that are not WebSocket', async () => {
      await refused({ url: `https://127.0.0.1:${running.port}/v1/media-stream`, ca: running.ca }, 'TRANSPORT_INSECURE');
      await refused({ url: 'ftp://127.0.0.1/x' }, 'TRANSPORT_INSECURE');
    });
  });

  describe('when a plain ws:// client reaches the TLS port', () => {
    it('fails to connect and no stream is opened', async () => {
      await refused({ url: `ws://127.0.0.1:${running.port}/v1/media-stream`, allowInsecureLoopback: true, token: 'good-token' }, 'TRANSPORT_CONNECT_FAILED');
      assert.equal(running.endpoint.connections, 0);
    });
  });

  describe('when the server certificate is not trusted', () => {
    it('fails the TLS handshake, naming only the TLS error code', async () => {
      await refused({ url: running.url(), token: 'good-token' }, 'TRANSPORT_CONNECT_FAILED', /\((?:DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\)$/);
    });

    it('connects anyway with insecureTls (development only)', async () => {
      const client = await connectMediaStream({ url: running.url(), token: 'good-token', insecureTls: true });
      await client.close();
    });
  });

  describe('when the server refuses the credentials', () => {
    it('rejects with TRANSPORT_AUTH_FAILED', async () => {
      await refused({ url: running.url(), ca: running.ca, token: 'bad-token' }, 'TRANSPORT_AUTH_FAILED');
    });
  });

  describe('when used out of order', () => {
    it('refuses to send before start, and to start twice', async () => {
      const client = await connectMediaStream({ url: running.url(), ca: running.ca, token: 'good-token' });
      try {
        assert.throws(() => client.sendMedia(new Uint8Array(160)), (err) => err instanceof SottoError && err.code === 'USAGE');
        client.start();
        assert.throws(() => client.start(), (err) => err instanceof SottoError && err.code === 'USAGE');
      } finally {
        await client.close();
      }
    });
  });

  describe('when closed', () => {
    it('resolves close() and reports 1000', async () => {
      const client = await connectMediaStream({ url: running.url(), ca: running.ca, token: 'good-token' });
      const closeEvent = nextEvent(client, 'close');
      await client.close();
      assert.deepEqual(await closeEvent, [1000, '']);
    });
  });

  describe('when the media server sends something malformed', () => {
    it('reports TRANSPORT_MALFORMED_FRAME and closes with 1008', async () => {
      // A misbehaving server: the real endpoint never sends this.
      const wss = new WebSocketServer({ noServer: true });
      const upgrade = running.server.listeners('upgrade');
      running.server.removeAllListeners('upgrade');
      running.server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => ws.send('{"event":"media"}')));
      try {
        const client = await connectMediaStream({ url: running.url(), ca: running.ca });
        client.start();
        const [error] = await nextEvent<[SottoError]>(client, 'error');
        assert.equal(error.code, 'TRANSPORT_MALFORMED_FRAME');
        assert.deepEqual(await nextEvent(client, 'close'), [1008, 'TRANSPORT_MALFORMED_FRAME']);
      } finally {
        running.server.removeAllListeners('upgrade');
        for (const listener of upgrade) running.server.on('upgrade', listener as (...args: unknown[]) => void);
        wss.close();
      }
    });
  });
});
