import WebSocket from 'ws';
import { SottoError, isSottoError } from '../errors/index.js';
import { requireSecureUrl } from '../net/index.js';
import { twilioSignature } from './twilio-signature.js';

export interface MediaStreamClientOptions {
  /** wss://… (ws:// only to a loopback host with allowInsecureLoopback). */
  url: string;
  /** A per-stream token, sent as `Authorization: Bearer`. */
  token?: string;
  /** PEM the client trusts (e.g. a self-signed development certificate). */
  ca?: string | Buffer;
  /** Accept any certificate: development only, never with real calls. */
  insecureTls?: boolean;
  /** Sign the upgrade like Twilio does (X-Twilio-Signature over `url`). */
  twilioAuthToken?: string;
  allowInsecureLoopback?: boolean;
  headers?: Record<string, string>;
}

const HANDSHAKE_TIMEOUT_MS = 10_000;
const CLIENT_MAX_MESSAGE_BYTES = 64 * 1024;

function secureUrl(options: MediaStreamClientOptions): URL {
  try {
    return requireSecureUrl(options.url, { allowInsecureLoopback: options.allowInsecureLoopback === true });
  } catch (cause) {
    const message = isSottoError(cause) ? cause.message : 'the media stream URL is refused';
    throw new SottoError('TRANSPORT_INSECURE', message, { cause });
  }
}

function refusedUpgrade(status: number): SottoError {
  if (status === 401) return new SottoError('TRANSPORT_AUTH_FAILED', 'the media server refused the stream credentials (HTTP 401)');
  if (status === 503) return new SottoError('TRANSPORT_OVERLOADED', 'the media server is at capacity (HTTP 503)');
  return new SottoError('TRANSPORT_CONNECT_FAILED', `the media server answered the upgrade with HTTP ${status}`);
}

/** Opens the WebSocket with TLS verification on unless told otherwise; rejects with a coded error. */
export function openClientSocket(options: MediaStreamClientOptions): Promise<WebSocket> {
  const url = secureUrl(options);
  if (url.protocol !== 'wss:' && url.protocol !== 'ws:') {
    return Promise.reject(new SottoError('TRANSPORT_INSECURE', 'a media stream URL must be wss:// (or ws:// to loopback)'));
  }
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
  if (options.twilioAuthToken !== undefined) headers['x-twilio-signature'] = twilioSignature(options.twilioAuthToken, options.url);
  const socket = new WebSocket(url, {
    headers,
    handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
    maxPayload: CLIENT_MAX_MESSAGE_BYTES,
    perMessageDeflate: false,
    ...(options.ca === undefined ? {} : { ca: options.ca }),
    rejectUnauthorized: options.insecureTls !== true,
    minVersion: 'TLSv1.2',
  });
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (err?: SottoError): void => {
      if (settled) return;
      settled = true;
      socket.off('open', onOpen);
      if (err === undefined) return resolve(socket);
      socket.terminate();
      reject(err);
    };
    const onOpen = (): void => settle();
    socket.on('open', onOpen);
    socket.on('unexpected-response', (_req, res) => {
      res.resume();
      settle(refusedUpgrade(res.statusCode ?? 0));
    });
    // Later errors (after open) belong to the client wrapper; before open they reject here.
    socket.on('error', (err: Error & { code?: string }) => {
      const detail = typeof err.code === 'string' ? ` (${err.code})` : '';
      settle(new SottoError('TRANSPORT_CONNECT_FAILED', `the media stream could not be opened${detail}`, { cause: err }));
    });
  });
}
