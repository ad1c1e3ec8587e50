// Test fixtures: a real HTTPS server (self-signed EC certificate, TLS 1.2 floor) on 127.0.0.1
// port 0, a raw WebSocket for sending what the client never would, and raw TLS for reading the
// exact HTTP answer to a refused upgrade.
import { once } from 'node:events';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:tls';
import { generate } from 'selfsigned';
import WebSocket from 'ws';
import { attachMediaStreamEndpoint } from './media-stream-endpoint.js';
import type { MediaStreamEndpoint, MediaStreamEndpointOptions } from './media-stream-endpoint.js';
import type { MediaStreamConnection } from './types.js';
import type { SottoError } from '../errors/index.js';

export const STREAM_PATH = '/v1/media-stream';

let certificate: Promise<{ cert: string; key: string }> | undefined;

function testCertificate(): Promise<{ cert: string; key: string }> {
  certificate ??= generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] }],
  }).then((pems) => ({ cert: pems.cert, key: pems.private }));
  return certificate;
}

export interface StreamServer {
  server: Server;
  endpoint: MediaStreamEndpoint;
  /** The certificate to trust as the client's `ca`. */
  ca: string;
  port: number;
  /** wss://127.0.0.1:port + path. */
  url(path?: string): string;
  /** Connections handed to onStream, in order. */
  streams: MediaStreamConnection[];
  rejections: SottoError[];
  /** Resolves with the next connection handed to onStream. */
  nextStream(): Promise<MediaStreamConnection>;
  /** Resolves with the next rejection reported to onRejected. */
  nextRejection(): Promise<SottoError>;
  stop(): Promise<void>;
}

export async function startStreamServer(options: Partial<MediaStreamEndpointOptions> = {}): Promise<StreamServer> {
  const { cert, key } = await testCertificate();
  const server = createServer({ cert, key, minVersion: 'TLSv1.2' });
  const streams: MediaStreamConnection[] = [];
  const rejections: SottoError[] = [];
  const waiting = { stream: [] as ((c: MediaStreamConnection) => void)[], rejection: [] as ((e: SottoError) => void)[] };
  const endpoint = attachMediaStreamEndpoint(server, {
    path: STREAM_PATH,
    authorizeStreamToken: async (token) => (token === 'good-token' ? { tenantId: 'tenant-a', agent: 'payments' } : undefined),
    ...options,
    onStream: (connection) => {
      streams.push(connection);
      options.onStream?.(connection);
      waiting.stream.shift()?.(connection);
    },
    onRejected: (reason, info) => {
      rejections.push(reason);
      options.onRejected?.(reason, info);
      waiting.rejection.shift()?.(reason);
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    endpoint,
    ca: cert,
    port,
    url: (path = STREAM_PATH) => `wss://127.0.0.1:${port}${path}`,
    streams,
    rejections,
    nextStream: () => new Promise((resolve) => waiting.stream.push(resolve)),
    nextRejection: () => new Promise((resolve) => waiting.rejection.push(resolve)),
    stop: async () => {
      await endpoint.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A WebSocket with no protocol helpers, for sending what a well-behaved client never would. */
export async function openRawSocket(url: string, ca: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  const socket = new WebSocket(url, { ca, headers, perMessageDeflate: false });
  await once(socket, 'open');
  return socket;
}

export interface CloseEvent {
  code: number;
  reason: string;
}

export function closed(socket: WebSocket): Promise<CloseEvent> {
  if (socket.readyState === WebSocket.CLOSED) return Promise.reject(new Error('already closed'));
  return new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') })));
}

/** Sends an upgrade request over raw TLS and returns everything the server wrote before closing. */
export function rawUpgrade(port: number, ca: string, path: string, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, ca, servername: 'localhost' }, () => {
      const lines = [
        `GET ${path} HTTP/1.1`,
        `Host: 127.0.0.1:${port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Version: 13',
        ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
      ];
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    // Resolves only when the server closes the connection: a hanging socket fails the test by timeout.
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/** Twilio-shaped messages for raw sockets. */
export const wire = {
  connected: () => JSON.stringify({ event: 'connected', protocol: 'Call', version: '1.0.0' }),
  start: (overrides: { sequenceNumber?: string; streamSid?: string; mediaFormat?: unknown; tracks?: unknown } = {}) =>
    JSON.stringify({
      event: 'start',
      sequenceNumber: overrides.sequenceNumber ?? '1',
      streamSid: overrides.streamSid ?? 'MZ00000000000000000000000000000001',
      start: {
        streamSid: 'MZ00000000000000000000000000000001',
        accountSid: 'AC00000000000000000000000000000001',
        callSid: 'CA00000000000000000000000000000001',
        tracks: overrides.tracks ?? ['inbound'],
        customParameters: { agent: 'payments' },
        mediaFormat: overrides.mediaFormat ?? { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
      },
    }),
  media: (sequenceNumber: number, payload: string, streamSid = 'MZ00000000000000000000000000000001') =>
    JSON.stringify({
      event: 'media',
      sequenceNumber: String(sequenceNumber),
      streamSid,
      media: { track: 'inbound', chunk: String(sequenceNumber - 1), timestamp: String(Math.max(0, sequenceNumber - 2) * 20), payload },
    }),
};

interface Listenable {
  on(event: string, listener: (...args: never[]) => void): unknown;
}

/** events.once for our typed emitters (their interfaces are not EventEmitter); ignores 'error'. */
export function nextEvent<T extends unknown[] = unknown[]>(emitter: Listenable, event: string): Promise<T> {
  return new Promise((resolve) => {
    let done = false;
    emitter.on(event, (...args: never[]) => {
      if (done) return;
      done = true;
      resolve(args as unknown as T);
    });
  });
}
