import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import type { IncomingMessage } from 'node:http';
import { createServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { SottoError } from '../errors/index.js';
import type { ErrorCode } from '../errors/index.js';
import { attachMediaStreamEndpoint } from './media-stream-endpoint.js';
import { connectMediaStream } from './media-stream-client.js';
import type { MediaStreamClientOptions } from './open-client-socket.js';
import { STREAM_PATH, rawUpgrade, startStreamServer } from './test-fixtures.js';
import type { StreamServer } from './test-fixtures.js';
import { twilioSignature } from './twilio-signature.js';

const AUTH_TOKEN = 'f00dfeedf00dfeedf00dfeedf00dfeed';

async function refused(options: MediaStreamClientOptions, code: ErrorCode): Promise<void> {
  await assert.rejects(connectMediaStream(options), (err) => err instanceof SottoError && err.code === code);
}

/** What a refused upgrade must look like on the wire: a bare status line, no body, then closed. */
function assertBareRefusal(response: string, status: string): void {
  assert.equal(response, `HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

describe('media stream upgrade authentication', () => {
  describe('when a Twilio auth token is configured', () => {
    let running: StreamServer;
    before(async () => {
      running = await startStreamServer({ twilioAuthToken: AUTH_TOKEN, authorizeStreamToken: undefined });
    });
    after(async () => {
      await running.stop();
    });

    it('accepts an upgrade signed like Twilio signs it, with no grant', async () => {
      const client = await connectMediaStream({ url: running.url(`${STREAM_PATH}?call=1`), ca: running.ca, twilioAuthToken: AUTH_TOKEN });
      const started = running.nextStream();
      client.start();
      const connection = await started;
      assert.equal(connection.grant, undefined);
      await client.close();
    });

    it('accepts a signature computed independently by OpenSSL over the wss:// URL', async () => {
      const url = running.url(`${STREAM_PATH}?call=2`);
      const signature = execFileSync('openssl', ['dgst', '-sha1', '-hmac', AUTH_TOKEN, '-binary'], { input: url }).toString('base64');
      const client = await connectMediaStream({ url, ca: running.ca, headers: { 'x-twilio-signature': signature } });
      await client.close();
    });

    it('refuses the same signed upgrade a second time: 401, TRANSPORT_SIGNATURE_REPLAYED (Twilio connects each <Stream> once)', async () => {
      const url = running.url(`${STREAM_PATH}?call=3`);
      const first = await connectMediaStream({ url, ca: running.ca, twilioAuthToken: AUTH_TOKEN });
      await first.close();
      const rejection = running.nextRejection();
      const headers = { 'X-Twilio-Signature': twilioSignature(AUTH_TOKEN, url) };
      assertBareRefusal(await rawUpgrade(running.port, running.ca, `${STREAM_PATH}?call=3`, headers), '401 Unauthorized');
      assert.equal((await rejection).code, 'TRANSPORT_SIGNATURE_REPLAYED');
      // Another call's URL (its own signature) is still accepted.
      const other = await connectMediaStream({ url: running.url(`${STREAM_PATH}?call=4`), ca: running.ca, twilioAuthToken: AUTH_TOKEN });
      await other.close();
    });

    it('answers 401 with no body and reports TRANSPORT_AUTH_FAILED when the signature is wrong', async () => {
      const rejection = running.nextRejection();
      const wrong = twilioSignature('another-auth-token', running.url());
      assertBareRefusal(await rawUpgrade(running.port, running.ca, STREAM_PATH, { 'X-Twilio-Signature': wrong }), '401 Unauthorized');
      const reason = await rejection;
      assert.equal(reason.code, 'TRANSPORT_AUTH_FAILED');
      assert.ok(!reason.message.includes(wrong));
    });

    it('refuses an upgrade with no signature', async () => {
      assertBareRefusal(await rawUpgrade(running.port, running.ca, STREAM_PATH), '401 Unauthorized');
      await refused({ url: running.url(), ca: running.ca }, 'TRANSPORT_AUTH_FAILED');
    });

    it('refuses a valid signature of another URL', async () => {
      const signature = twilioSignature(AUTH_TOKEN, running.url('/v1/other-stream'));
      await refused({ url: running.url(), ca: running.ca, headers: { 'x-twilio-signature': signature } }, 'TRANSPORT_AUTH_FAILED');
    });

    it('refuses a stream token it has no authority to check, even with a valid signature', async () => {
      const url = running.url(`${STREAM_PATH}/some-token`);
      await refused({ url, ca: running.ca, twilioAuthToken: AUTH_TOKEN }, 'TRANSPORT_AUTH_FAILED');
    });
  });

  describe('when the server sits behind a proxy with a public wss:// origin', () => {
    let running: StreamServer;
    before(async () => {
      running = await startStreamServer({ twilioAuthToken: AUTH_TOKEN, publicBaseUrl: 'wss://voice.example.com/' });
    });
    after(async () => {
      await running.stop();
    });

    it('verifies the signature over the public URL Twilio used, not the Host header', async () => {
      const publicSignature = twilioSignature(AUTH_TOKEN, `wss://voice.example.com${STREAM_PATH}`);
      const client = await connectMediaStream({ url: running.url(), ca: running.ca, headers: { 'x-twilio-signature': publicSignature } });
      await client.close();
      await refused({ url: running.url(), ca: running.ca, twilioAuthToken: AUTH_TOKEN }, 'TRANSPORT_AUTH_FAILED');
    });

    it('also requires a presented stream token to be valid, and grants its tenant', async () => {
      const tokenPath = `${STREAM_PATH}/good-token`;
      const headers = { 'x-twilio-signature': twilioSignature(AUTH_TOKEN, `wss://voice.example.com${tokenPath}`) };
      const client = await connectMediaStream({ url: running.url(tokenPath), ca: running.ca, headers });
      const started = running.nextStream();
      client.start();
      assert.deepEqual((await started).grant, { tenantId: 'tenant-a', agent: 'payments' });
      await client.close();
      const badPath = `${STREAM_PATH}/bad-token`;
      const badHeaders = { 'x-twilio-signature': twilioSignature(AUTH_TOKEN, `wss://voice.example.com${badPath}`) };
      await refused({ url: running.url(badPath), ca: running.ca, headers: badHeaders }, 'TRANSPORT_AUTH_FAILED');
    });
  });

  describe('when only per-stream tokens are accepted', () => {
    let running: StreamServer;
    let slowAuthority = false;
    before(async () => {
      running = await startStreamServer({
        startTimeoutMs: 300,
        authorizeStreamToken: async (token) => {
          if (token === 'explodes') throw new Error('token store unavailable');
          if (slowAuthority) return new Promise(() => {});
          return token === 'good-token' ? { tenantId: 'tenant-a' } : token === 'no-tenant' ? ({ tenantId: '' } as never) : undefined;
        },
      });
    });
    after(async () => {
      await running.stop();
    });

    it('accepts a valid token as the last path segment and grants its tenant', async () => {
      const client = await connectMediaStream({ url: running.url(`${STREAM_PATH}/good-token`), ca: running.ca });
      const started = running.nextStream();
      client.start();
      assert.deepEqual((await started).grant, { tenantId: 'tenant-a' });
      await client.close();
    });

    it('refuses an unknown token without echoing it', async () => {
      const response = await rawUpgrade(running.port, running.ca, `${STREAM_PATH}/unknown-token-value`);
      assertBareRefusal(response, '401 Unauthorized');
      await refused({ url: running.url(), ca: running.ca, token: 'unknown-token-value' }, 'TRANSPORT_AUTH_FAILED');
    });

    it('refuses a missing token, a malformed one, one in both places, and a non-Bearer header', async () => {
      await refused({ url: running.url(), ca: running.ca }, 'TRANSPORT_AUTH_FAILED');
      assertBareRefusal(await rawUpgrade(running.port, running.ca, `${STREAM_PATH}/good%20token`), '401 Unauthorized');
      await refused({ url: running.url(`${STREAM_PATH}/good-token`), ca: running.ca, token: 'good-token' }, 'TRANSPORT_AUTH_FAILED');
      await refused({ url: running.url(), ca: running.ca, headers: { authorization: 'Basic Z29vZC10b2tlbg==' } }, 'TRANSPORT_AUTH_FAILED');
    });

    it('refuses a grant without a tenant', async () => {
      await refused({ url: running.url(), ca: running.ca, token: 'no-tenant' }, 'TRANSPORT_AUTH_FAILED');
    });

    it('fails closed when the token authority throws, keeping the cause for the log', async () => {
      const rejection = running.nextRejection();
      await refused({ url: running.url(), ca: running.ca, token: 'explodes' }, 'TRANSPORT_AUTH_FAILED');
      const reason = await rejection;
      assert.equal(reason.code, 'TRANSPORT_AUTH_FAILED');
      assert.match(String((reason.cause as Error).message), /token store unavailable/);
    });

    it('fails closed when the token authority does not answer within the start timeout', async () => {
      slowAuthority = true;
      try {
        await refused({ url: running.url(), ca: running.ca, token: 'good-token' }, 'TRANSPORT_AUTH_FAILED');
      } finally {
        slowAuthority = false;
      }
    });
  });

  describe('when the upgrade is for another path', () => {
    let running: StreamServer;
    before(async () => {
      running = await startStreamServer();
    });
    after(async () => {
      await running.stop();
    });

    it('answers 404 and closes when no other upgrade listener exists', async () => {
      assertBareRefusal(await rawUpgrade(running.port, running.ca, '/v1/other'), '404 Not Found');
      assertBareRefusal(await rawUpgrade(running.port, running.ca, '/v1/media-streamX'), '404 Not Found');
    });

    it('answers 404 to extra path segments after the token', async () => {
      assertBareRefusal(await rawUpgrade(running.port, running.ca, `${STREAM_PATH}/good-token/more`), '404 Not Found');
      assertBareRefusal(await rawUpgrade(running.port, running.ca, `${STREAM_PATH}/../v1/media-stream`), '404 Not Found');
    });

    it('leaves other paths to another upgrade listener when there is one', async () => {
      const other = (req: IncomingMessage, socket: Duplex): void => {
        if (req.url === '/v1/other') socket.end('HTTP/1.1 418 I\'m a Teapot\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      };
      running.server.on('upgrade', other);
      try {
        assert.match(await rawUpgrade(running.port, running.ca, '/v1/other'), /^HTTP\/1\.1 418 /);
      } finally {
        running.server.off('upgrade', other);
      }
    });
  });

  describe('when the endpoint is at its connection limit', () => {
    it('answers 503 and reports TRANSPORT_OVERLOADED', async () => {
      const running = await startStreamServer({ maxConnections: 1 });
      try {
        const first = await connectMediaStream({ url: running.url(), ca: running.ca, token: 'good-token' });
        const rejection = running.nextRejection();
        await refused({ url: running.url(), ca: running.ca, token: 'good-token' }, 'TRANSPORT_OVERLOADED');
        assert.equal((await rejection).code, 'TRANSPORT_OVERLOADED');
        await first.close();
      } finally {
        await running.stop();
      }
    });
  });

  describe('when the endpoint is misconfigured', () => {
    it('refuses to attach without any way to authenticate, or with a bad path or public URL', () => {
      const server = createServer();
      const onStream = (): void => {};
      const invalid = (err: unknown): boolean => err instanceof SottoError && err.code === 'CONFIG_INVALID';
      assert.throws(() => attachMediaStreamEndpoint(server, { path: STREAM_PATH, onStream }), invalid);
      assert.throws(() => attachMediaStreamEndpoint(server, { path: STREAM_PATH, onStream, twilioAuthToken: '' }), invalid);
      assert.throws(() => attachMediaStreamEndpoint(server, { path: 'media/', onStream, twilioAuthToken: AUTH_TOKEN }), invalid);
      const publicBaseUrl = 'https://voice.example.com';
      assert.throws(() => attachMediaStreamEndpoint(server, { path: STREAM_PATH, onStream, twilioAuthToken: AUTH_TOKEN, publicBaseUrl }), invalid);
      assert.throws(() => attachMediaStreamEndpoint(server, { path: STREAM_PATH, onStream, twilioAuthToken: AUTH_TOKEN, idleTimeoutMs: 0 }), invalid);
      assert.equal(server.listenerCount('upgrade'), 0);
    });
  });
});
