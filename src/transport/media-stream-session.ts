import { EventEmitter } from 'node:events';
import type { RawData, WebSocket } from 'ws';
import { SottoError, isSottoError } from '../errors/index.js';
import { MULAW_FRAME_BYTES } from './base64-audio.js';
import { CLOSE_GOING_AWAY, closeCodeFor } from './close-codes.js';
import { parseInboundMessage } from './inbound-messages.js';
import type { InboundMessage, StartMessage } from './inbound-messages.js';
import { clearMessage, markMessage, mediaMessage, mediaMessagePrefix } from './outbound-messages.js';
import type { MediaStreamConnection, MulawMediaFormat, StreamGrant } from './types.js';

export interface SessionHooks {
  /** The `start` message validated: hand the connection to the application. */
  onStarted(connection: MediaStreamConnection): void;
  /** A failure before `start`: there is no connection yet to emit it on. */
  onRejected(reason: SottoError): void;
  /** The socket is gone (after start or not). */
  onClosed(): void;
}

export interface SessionOptions {
  grant: StreamGrant | undefined;
  remoteAddress: string | undefined;
  idleTimeoutMs: number;
  startTimeoutMs: number;
}

const MULAW_8000_MONO: MulawMediaFormat = Object.freeze({ encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 });

// After we send a close frame the peer should answer; if it does not, drop the TCP socket.
const CLOSE_GRACE_MS = 2_000;

type State = 'awaiting-start' | 'streaming' | 'closed';

/**
 * One media stream socket from upgrade to close. Sequence numbers must rise by exactly one:
 * Twilio numbers every message after `connected` from "1" over one ordered TCP stream, so a gap
 * or repeat means a dropped, replayed or injected message, never benign reordering.
 */
export class MediaStreamSession extends EventEmitter implements MediaStreamConnection {
  readonly grant: StreamGrant | undefined;
  readonly remoteAddress: string | undefined;
  readonly mediaFormat = MULAW_8000_MONO;
  #streamSid = '';
  #callSid = '';
  #accountSid = '';
  #customParameters: Readonly<Record<string, string>> = Object.freeze({});
  #tracks: readonly string[] = [];
  #state: State = 'awaiting-start';
  #sawConnected = false;
  #lastSequence = 0;
  #timer: NodeJS.Timeout;
  readonly #socket: WebSocket;
  readonly #hooks: SessionHooks;
  readonly #idleTimeoutMs: number;

  constructor(socket: WebSocket, options: SessionOptions, hooks: SessionHooks) {
    super();
    this.#socket = socket;
    this.#hooks = hooks;
    this.grant = options.grant;
    this.remoteAddress = options.remoteAddress;
    this.#idleTimeoutMs = options.idleTimeoutMs;
    this.#timer = setTimeout(() => {
      this.#fail(new SottoError('TRANSPORT_IDLE_TIMEOUT', `no start message within ${options.startTimeoutMs} ms`));
    }, options.startTimeoutMs);
    socket.on('message', (data, isBinary) => this.#onFrame(data, isBinary));
    socket.on('error', (err) => this.#fail(socketError(err)));
    socket.on('close', () => this.#onSocketClosed());
  }

  get streamSid(): string {
    return this.#streamSid;
  }
  get callSid(): string {
    return this.#callSid;
  }
  get accountSid(): string {
    return this.#accountSid;
  }
  get customParameters(): Readonly<Record<string, string>> {
    return this.#customParameters;
  }
  get bufferedAmount(): number {
    return this.#socket.bufferedAmount;
  }

  sendMedia(mulaw: Uint8Array): void {
    if (this.#state !== 'streaming') return;
    // An agent line is hundreds of 20 ms messages: corked, they leave in a few TLS records and
    // one write instead of a record and a write each (both ends pay per record).
    const raw = corkable(this.#socket);
    raw?.cork();
    try {
      const prefix = mediaMessagePrefix(this.#streamSid);
      for (let offset = 0; offset < mulaw.length; offset += MULAW_FRAME_BYTES) {
        this.#socket.send(mediaMessage(prefix, mulaw.subarray(offset, offset + MULAW_FRAME_BYTES)));
      }
    } finally {
      raw?.uncork();
    }
  }

  sendMark(name: string): void {
    if (this.#state !== 'streaming') return;
    if (name.length === 0 || name.length > 256) throw new SottoError('USAGE', 'a mark name is 1 to 256 characters');
    this.#socket.send(markMessage(this.#streamSid, name));
  }

  clear(): void {
    if (this.#state === 'streaming') this.#socket.send(clearMessage(this.#streamSid));
  }

  close(reason?: SottoError): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#closeSocket(closeCodeFor(reason), reason?.code ?? '');
  }

  /** Server shutdown: 1001 "going away" (RFC 6455 §7.4.1). */
  shutdown(): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#closeSocket(CLOSE_GOING_AWAY, '');
  }

  #onFrame(data: RawData, isBinary: boolean): void {
    // Late messages after an error, a stop or close() are dropped unread.
    if (this.#state === 'closed') return;
    try {
      if (isBinary) throw new SottoError('TRANSPORT_MALFORMED_FRAME', 'binary frames are not part of the media stream protocol');
      this.#handle(parseInboundMessage(frameText(data)));
    } catch (err) {
      this.#fail(isSottoError(err) ? err : new SottoError('INTERNAL', 'a media stream listener failed', { cause: err }));
    }
  }

  #handle(message: InboundMessage): void {
    if (this.#state === 'awaiting-start') {
      if (message.event === 'connected' && !this.#sawConnected) {
        this.#sawConnected = true;
        return;
      }
      if (message.event !== 'start') throw new SottoError('TRANSPORT_OUT_OF_ORDER', `a ${message.event} message arrived before start`);
      this.#start(message);
      return;
    }
    if (message.event === 'connected' || message.event === 'start') {
      throw new SottoError('TRANSPORT_OUT_OF_ORDER', `a second ${message.event} message arrived`);
    }
    if (message.streamSid !== this.#streamSid) {
      throw new SottoError('TRANSPORT_UNKNOWN_STREAM', `a ${message.event} message names another stream`);
    }
    this.#checkSequence(message.sequenceNumber);
    this.#timer.refresh();
    switch (message.event) {
      case 'media': {
        const { track, chunk, timestamp, payload } = message.media;
        if (!this.#tracks.includes(track)) throw new SottoError('TRANSPORT_MALFORMED_FRAME', 'media arrived on a track start did not announce');
        this.emit('media', { track, chunk, timestampMs: timestamp, payload });
        return;
      }
      case 'dtmf':
        this.emit('dtmf', { digit: message.dtmf.digit, track: message.dtmf.track });
        return;
      case 'mark':
        this.emit('mark', { name: message.mark.name });
        return;
      case 'stop':
        if (message.stop.callSid !== this.#callSid || message.stop.accountSid !== this.#accountSid) {
          throw new SottoError('TRANSPORT_UNKNOWN_STREAM', 'the stop message names another call');
        }
        this.emit('stop');
        this.close();
        return;
    }
  }

  #start(message: StartMessage): void {
    const { start } = message;
    if (message.streamSid !== start.streamSid) throw new SottoError('TRANSPORT_UNKNOWN_STREAM', 'the start message names two streams');
    const format = start.mediaFormat;
    if (format.encoding !== 'audio/x-mulaw' || format.sampleRate !== 8000 || format.channels !== 1) {
      throw new SottoError('TRANSPORT_CODEC_UNSUPPORTED', 'only audio/x-mulaw at 8000 Hz, one channel, is accepted');
    }
    if (message.sequenceNumber !== 1) throw new SottoError('TRANSPORT_OUT_OF_ORDER', 'the start message must have sequence number 1');
    this.#lastSequence = 1;
    this.#streamSid = start.streamSid;
    this.#callSid = start.callSid;
    this.#accountSid = start.accountSid;
    this.#customParameters = start.customParameters;
    this.#tracks = Object.freeze([...start.tracks]);
    this.#state = 'streaming';
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#fail(new SottoError('TRANSPORT_IDLE_TIMEOUT', `no message for ${this.#idleTimeoutMs} ms`));
    }, this.#idleTimeoutMs);
    this.#hooks.onStarted(this);
  }

  #checkSequence(sequenceNumber: number): void {
    if (sequenceNumber !== this.#lastSequence + 1) {
      const what = sequenceNumber <= this.#lastSequence ? 'repeats or goes back' : 'skips ahead';
      throw new SottoError('TRANSPORT_OUT_OF_ORDER', `a sequence number ${what} (expected ${this.#lastSequence + 1})`);
    }
    this.#lastSequence = sequenceNumber;
  }

  /** Reports `error` once (to the application after start, to the endpoint before), then closes. */
  #fail(error: SottoError): void {
    if (this.#state === 'closed') return;
    const started = this.#state === 'streaming';
    this.#state = 'closed';
    this.#closeSocket(closeCodeFor(error), error.code);
    try {
      if (!started) this.#hooks.onRejected(error);
      else if (this.listenerCount('error') > 0) this.emit('error', error);
    } catch {
      // A throwing error listener must not take the process down from inside ws's socket
      // handler; the connection is already closing, which is all it could have asked for.
    }
  }

  #closeSocket(code: number, reason: string): void {
    clearTimeout(this.#timer);
    this.#socket.close(code, reason);
    setTimeout(() => this.#socket.terminate(), CLOSE_GRACE_MS).unref();
  }

  #onSocketClosed(): void {
    const started = this.#streamSid !== '';
    this.#state = 'closed';
    clearTimeout(this.#timer);
    this.#hooks.onClosed();
    if (started) this.emit('close');
  }
}

function frameText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

/** ws reports protocol violations it detects itself (size, opcode, UTF-8) as `error`. */
function socketError(err: Error & { code?: string }): SottoError {
  if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
    return new SottoError('TRANSPORT_FRAME_TOO_LARGE', 'a media stream message exceeded the size limit', { cause: err });
  }
  if (err.code?.startsWith('WS_ERR_') === true) {
    return new SottoError('TRANSPORT_MALFORMED_FRAME', 'a WebSocket frame broke RFC 6455', { cause: err });
  }
  return new SottoError('INTERNAL', 'the media stream socket failed', { cause: err });
}

/**
 * The TCP or TLS socket under a ws WebSocket, to cork around a burst of sends. ws keeps it in
 * `_socket` (not public API): when that ever changes, sends are simply not corked.
 */
function corkable(socket: WebSocket): { cork(): void; uncork(): void } | undefined {
  const raw = (socket as unknown as { _socket?: unknown })._socket;
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { cork, uncork } = raw as { cork?: unknown; uncork?: unknown };
  return typeof cork === 'function' && typeof uncork === 'function' ? (raw as { cork(): void; uncork(): void }) : undefined;
}
