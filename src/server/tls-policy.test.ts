// Security regressions for the listener: no plaintext service, no legacy protocol versions,
// no non-AEAD cipher suites.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect as connectTcp } from 'node:net';
import { connect as connectTls } from 'node:tls';
import type { ConnectionOptions } from 'node:tls';
import { startTestServer } from './https-test-client.js';
import type { TestServer } from './https-test-client.js';

function portOf(url: string): number {
  return Number(new URL(url).port);
}

/** Sends a plaintext HTTP request on a raw socket and returns every byte until the server closes. */
function plainHttpExchange(port: number): Promise<{ received: Buffer; error?: NodeJS.ErrnoException }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connectTcp({ host: '127.0.0.1', port }, () => {
      socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => resolve({ received: Buffer.concat(chunks), error }));
    socket.on('close', () => resolve({ received: Buffer.concat(chunks) }));
  });
}

interface Handshake {
  protocol?: string | null;
  cipher?: string;
  errorCode?: string;
}

function tlsHandshake(port: number, ca: string, options: ConnectionOptions): Promise<Handshake> {
  return new Promise((resolve) => {
    const socket = connectTls({ host: '127.0.0.1', port, ca, servername: 'localhost', ...options }, () => {
      resolve({ protocol: socket.getProtocol(), cipher: socket.getCipher().standardName });
      socket.end();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve({ errorCode: error.code }));
  });
}

describe('TLS policy of the server', () => {
  let running: TestServer;
  let port: number;
  before(async () => {
    running = await startTestServer();
    port = portOf(running.server.url);
  });
  after(async () => {
    await running.stop();
  });

  describe('when a client speaks plain HTTP to the HTTPS port', () => {
    it('is not served: no HTTP response, no health body', async () => {
      const { received } = await plainHttpExchange(port);
      const text = received.toString('latin1');
      assert.ok(!text.startsWith('HTTP/'), `got an HTTP answer: ${JSON.stringify(text.slice(0, 40))}`);
      assert.ok(!text.includes('"status":"ok"'));
    });
  });

  describe('when a client offers at most TLS 1.1', () => {
    it('is refused with a protocol_version alert', async () => {
      // SECLEVEL=0 lets this client's OpenSSL offer TLS 1.1 at all, so the refusal is the server's.
      const result = await tlsHandshake(port, running.ca, { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' });
      assert.equal(result.errorCode, 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION');
    });
  });

  describe('when a TLS 1.2 client offers only CBC cipher suites', () => {
    it('is refused with a handshake_failure alert', async () => {
      const result = await tlsHandshake(port, running.ca, {
        maxVersion: 'TLSv1.2',
        ciphers: 'ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES256-SHA384:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA',
      });
      assert.equal(result.errorCode, 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE');
    });
  });

  describe('when a TLS 1.2 client offers its defaults', () => {
    it('negotiates forward-secret ECDHE with an AEAD cipher', async () => {
      const result = await tlsHandshake(port, running.ca, { maxVersion: 'TLSv1.2' });
      assert.equal(result.protocol, 'TLSv1.2');
      assert.match(String(result.cipher), /^TLS_ECDHE_(ECDSA|RSA)_WITH_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256)$/);
    });
  });

  describe('when a modern client connects', () => {
    it('negotiates TLS 1.3', async () => {
      const result = await tlsHandshake(port, running.ca, {});
      assert.equal(result.protocol, 'TLSv1.3');
    });
  });
});
