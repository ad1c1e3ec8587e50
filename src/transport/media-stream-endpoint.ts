import { STATUS_CODES } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { Server } from 'node:https';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { ERROR_CODES, SottoError, isSottoError } from '../errors/index.js';
import { MediaStreamSession } from './media-stream-session.js';
import { SignatureReplayCache, type SignatureReplayGuard } from './signature-replay-cache.js';
import { authenticateUpgrade, matchStreamPath } from './upgrade-auth.js';
import type { MediaStreamConnection, StreamGrant } from './types.js';

export interface MediaStreamEndpointOptions {
  /** E.g. '/v1/media-stream'; a stream token may follow as one more segment: /v1/media-stream/<token>. */
  path: string;
  /** When set, a valid X-Twilio-Signature on the upgrade is required. */
  twilioAuthToken?: string;
  /** Accepted Twilio signatures (default: a fresh per-endpoint cache, 1 hour); a repeat is refused. */
  signatureReplays?: SignatureReplayGuard;
  /** The wss:// origin Twilio was given; signatures cover the URL Twilio used, not the Host behind a proxy. */
  publicBaseUrl?: string;
  /** Without a Twilio auth token, a per-stream token is required (path segment or `Authorization: Bearer`). */
  authorizeStreamToken?: (token: string) => Promise<StreamGrant | undefined>;
  /** Called once the `start` message is validated. */
  onStream(connection: MediaStreamConnection): void;
  /** Auth failures and pre-start protocol errors, for audit and logs; carries no content. */
  onRejected?(reason: SottoError, info: { remoteAddress: string | undefined }): void;
  /** Default 64 KiB: a 20 ms mu-law media message is ~300 bytes of JSON. */
  maxMessageBytes?: number;
  /** Default 10 s without any message after start → TRANSPORT_IDLE_TIMEOUT. */
  idleTimeoutMs?: number;
  /** Default 10 s from upgrade to a valid `start` (also bounds the token check). */
  startTimeoutMs?: number;
  /** Default 256 open or upgrading streams; more are answered 503. */
  maxConnections?: number;
}

export interface MediaStreamEndpoint {
  /** Stops accepting upgrades and closes open streams with 1001; resolves when all are closed. */
  close(): Promise<void>;
  /** Streams currently open (upgraded). */
  readonly connections: number;
}

const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;
const DEFAULT_IDLE_TIMEOUT_MS = 10_000;
const DEFAULT_START_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_CONNECTIONS = 256;

function positive(name: string, value: number | undefined, fallback: number): number {
  const chosen = value ?? fallback;
  if (!Number.isSafeInteger(chosen) || chosen <= 0) throw new SottoError('CONFIG_INVALID', `media stream ${name} must be a positive integer`);
  return chosen;
}

function checkOptions(options: MediaStreamEndpointOptions): void {
  if (!/^\/[A-Za-z0-9._~/-]*[A-Za-z0-9._~-]$/.test(options.path)) {
    throw new SottoError('CONFIG_INVALID', 'the media stream path must start with / and not end with /');
  }
  if (options.twilioAuthToken === undefined && options.authorizeStreamToken === undefined) {
    // Fail closed: there is no unauthenticated media stream endpoint.
    throw new SottoError('CONFIG_INVALID', 'a media stream endpoint needs a Twilio auth token or a stream token authority');
  }
  if (options.twilioAuthToken !== undefined && options.twilioAuthToken.length === 0) {
    throw new SottoError('CONFIG_INVALID', 'the Twilio auth token is empty');
  }
  if (options.publicBaseUrl !== undefined && !/^wss:\/\/[^/?#]+(\/[^?#]*)?$/.test(options.publicBaseUrl)) {
    throw new SottoError('CONFIG_INVALID', 'the media stream public base URL must be a wss:// origin (optionally with a path prefix)');
  }
}

/** A bodiless HTTP answer to an upgrade we refuse; the socket is closed once it is written. */
function refuseUpgrade(socket: Duplex, status: number): void {
  if (socket.destroyed) return;
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * Serves Twilio Media Streams on `path` of an existing HTTPS server (the one TLS listener). Only
 * upgrades on `path` are handled; another path is left to the server's other 'upgrade'
 * listeners, or answered 404 when this is the only one, so no socket is left hanging.
 */
export function attachMediaStreamEndpoint(server: Server, options: MediaStreamEndpointOptions): MediaStreamEndpoint {
  checkOptions(options);
  const maxMessageBytes = positive('maxMessageBytes', options.maxMessageBytes, DEFAULT_MAX_MESSAGE_BYTES);
  const idleTimeoutMs = positive('idleTimeoutMs', options.idleTimeoutMs, DEFAULT_IDLE_TIMEOUT_MS);
  const startTimeoutMs = positive('startTimeoutMs', options.startTimeoutMs, DEFAULT_START_TIMEOUT_MS);
  const maxConnections = positive('maxConnections', options.maxConnections, DEFAULT_MAX_CONNECTIONS);
  // No permessage-deflate: compression of attacker-chosen input is a memory and CPU lever, and
  // mu-law audio barely compresses.
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes, perMessageDeflate: false, clientTracking: false });
  const replays = options.twilioAuthToken === undefined ? undefined : (options.signatureReplays ?? new SignatureReplayCache());
  const sessions = new Set<MediaStreamSession>();
  const upgrading = new Set<Duplex>();
  let closing = false;
  let drained: (() => void) | undefined;

  const reject = (reason: SottoError, remoteAddress: string | undefined): void => {
    try {
      options.onRejected?.(reason, { remoteAddress });
    } catch {
      // An audit hook that throws must not leave the upgrade socket open or crash the server.
    }
  };

  const settleClosed = (): void => {
    if (closing && sessions.size === 0 && upgrading.size === 0) drained?.();
  };

  async function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const match = matchStreamPath(options.path, req.url);
    if (match.kind === 'other') {
      if (server.listenerCount('upgrade') === 1) refuseUpgrade(socket, 404);
      return;
    }
    if (match.kind === 'invalid') return refuseUpgrade(socket, 404);
    const remoteAddress = req.socket.remoteAddress;
    if (closing || sessions.size + upgrading.size >= maxConnections) {
      reject(new SottoError('TRANSPORT_OVERLOADED', closing ? 'the endpoint is shutting down' : `at the limit of ${maxConnections} streams`), remoteAddress);
      return refuseUpgrade(socket, 503);
    }
    upgrading.add(socket);
    const onEarlyError = (): void => void socket.destroy();
    socket.on('error', onEarlyError);
    socket.once('close', () => {
      upgrading.delete(socket);
      settleClosed();
    });
    let grant: StreamGrant | undefined;
    try {
      grant = await authenticateUpgrade(req, match.token, { ...options, ...(replays ? { replays } : {}), authorizeTimeoutMs: startTimeoutMs });
    } catch (err) {
      const reason = isSottoError(err) ? err : new SottoError('TRANSPORT_AUTH_FAILED', 'the upgrade could not be authenticated', { cause: err });
      reject(reason, remoteAddress);
      return refuseUpgrade(socket, ERROR_CODES[reason.code].status);
    }
    if (socket.destroyed) return;
    if (closing) return refuseUpgrade(socket, 503);
    wss.handleUpgrade(req, socket, head, (ws) => {
      upgrading.delete(socket);
      socket.off('error', onEarlyError);
      const session = new MediaStreamSession(ws, { grant, remoteAddress, idleTimeoutMs, startTimeoutMs }, {
        onStarted: (connection) => options.onStream(connection),
        onRejected: (reason) => reject(reason, remoteAddress),
        onClosed: () => {
          sessions.delete(session);
          settleClosed();
        },
      });
      sessions.add(session);
    });
  }

  const listener = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    onUpgrade(req, socket, head).catch(() => socket.destroy());
  };
  server.on('upgrade', listener);

  return {
    get connections() {
      return sessions.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        server.off('upgrade', listener);
        drained = resolve;
        for (const socket of upgrading) socket.destroy();
        for (const session of sessions) session.shutdown();
        settleClosed();
      }).finally(() => wss.close()),
  };
}
