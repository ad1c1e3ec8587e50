import { EventEmitter } from 'node:events';
import type WebSocket from 'ws';
import { randomBytes } from '../crypto/index.js';
import { SottoError } from '../errors/index.js';
import { MULAW_BYTES_PER_MS, encodeMediaPayload } from './base64-audio.js';
import { CLOSE_NORMAL, CLOSE_POLICY_VIOLATION } from './close-codes.js';
import { openClientSocket } from './open-client-socket.js';
import type { MediaStreamClientOptions } from './open-client-socket.js';
import { parseOutboundMessage } from './outbound-messages.js';

export interface StreamStartParams {
  callSid?: string;
  accountSid?: string;
  streamSid?: string;
  customParameters?: Record<string, string>;
}

/** The carrier's side of a Twilio Media Stream: for the call simulator and benchmarks. */
export interface MediaStreamClient {
  /** Sends `connected` and `start` (sequence number 1), with Twilio-shaped SIDs unless given. */
  start(params?: StreamStartParams): void;
  /** One media message per call (pre-split into 20 ms); sequence, chunk and timestamp are automatic. */
  sendMedia(mulaw: Uint8Array, timestampMs?: number): void;
  sendDtmf(digit: string): void;
  /** A mark message, as the carrier echoes one when playback reaches it. */
  sendMark(name: string): void;
  stop(): void;
  on(event: 'media', listener: (payload: Buffer) => void): this;
  on(event: 'mark', listener: (name: string) => void): this;
  on(event: 'clear', listener: () => void): this;
  /** A malformed message from the server; the client then closes. Emitted only if listened to. */
  on(event: 'error', listener: (err: SottoError) => void): this;
  on(event: 'close', listener: (code: number, reason: string) => void): this;
  /** Closes with 1000 and resolves once the socket is closed. */
  close(): Promise<void>;
  readonly streamSid: string;
}

const sidOf = (prefix: string): string => prefix + randomBytes(16).toString('hex');

class TwilioStyleClient extends EventEmitter implements MediaStreamClient {
  #streamSid = '';
  #callSid = '';
  #accountSid = '';
  #sequence = 0;
  #chunk = 0;
  #nextTimestampMs = 0;
  readonly #socket: WebSocket;
  readonly #closed: Promise<void>;

  constructor(socket: WebSocket) {
    super();
    this.#socket = socket;
    this.#closed = new Promise((resolve) => {
      socket.once('close', (code: number, reason: Buffer) => {
        resolve();
        this.emit('close', code, reason.toString('utf8'));
      });
    });
    socket.on('message', (data, isBinary) => this.#onMessage(data as Buffer, isBinary));
    socket.on('error', () => {
      // Errors after open end in 'close', which carries the code; nothing more to report.
    });
  }

  get streamSid(): string {
    return this.#streamSid;
  }

  start(params: StreamStartParams = {}): void {
    if (this.#streamSid !== '') throw new SottoError('USAGE', 'the stream was already started');
    this.#streamSid = params.streamSid ?? sidOf('MZ');
    this.#callSid = params.callSid ?? sidOf('CA');
    this.#accountSid = params.accountSid ?? sidOf('AC');
    this.#socket.send(JSON.stringify({ event: 'connected', protocol: 'Call', version: '1.0.0' }));
    this.#send('start', {
      start: {
        streamSid: this.#streamSid,
        accountSid: this.#accountSid,
        callSid: this.#callSid,
        tracks: ['inbound'],
        customParameters: params.customParameters ?? {},
        mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
      },
    });
  }

  sendMedia(mulaw: Uint8Array, timestampMs?: number): void {
    const timestamp = timestampMs ?? this.#nextTimestampMs;
    this.#nextTimestampMs = timestamp + Math.floor(mulaw.length / MULAW_BYTES_PER_MS);
    this.#chunk += 1;
    this.#send('media', {
      media: { track: 'inbound', chunk: String(this.#chunk), timestamp: String(timestamp), payload: encodeMediaPayload(mulaw) },
    });
  }

  sendDtmf(digit: string): void {
    this.#send('dtmf', { dtmf: { track: 'inbound_track', digit } });
  }

  sendMark(name: string): void {
    this.#send('mark', { mark: { name } });
  }

  stop(): void {
    this.#send('stop', { stop: { accountSid: this.#accountSid, callSid: this.#callSid } });
  }

  close(): Promise<void> {
    this.#socket.close(CLOSE_NORMAL);
    return this.#closed;
  }

  #send(event: string, body: Record<string, unknown>): void {
    if (this.#streamSid === '') throw new SottoError('USAGE', `start the stream before sending ${event}`);
    this.#sequence += 1;
    this.#socket.send(JSON.stringify({ event, sequenceNumber: String(this.#sequence), streamSid: this.#streamSid, ...body }));
  }

  #onMessage(data: Buffer, isBinary: boolean): void {
    try {
      if (isBinary) throw new SottoError('TRANSPORT_MALFORMED_FRAME', 'the media server sent a binary frame');
      const message = parseOutboundMessage(data.toString('utf8'));
      if (message.streamSid !== this.#streamSid) throw new SottoError('TRANSPORT_UNKNOWN_STREAM', 'the media server named another stream');
      if (message.event === 'media') this.emit('media', message.payload);
      else if (message.event === 'mark') this.emit('mark', message.name);
      else this.emit('clear');
    } catch (err) {
      const reason = err instanceof SottoError ? err : new SottoError('INTERNAL', 'a media stream client listener failed', { cause: err });
      this.#socket.close(CLOSE_POLICY_VIOLATION, reason.code);
      try {
        if (this.listenerCount('error') > 0) this.emit('error', reason);
      } catch {
        // The socket is already closing; a throwing listener must not crash the process.
      }
    }
  }
}

/** Connects to a media stream endpoint over verified TLS; rejects with a coded SottoError. */
export async function connectMediaStream(options: MediaStreamClientOptions): Promise<MediaStreamClient> {
  return new TwilioStyleClient(await openClientSocket(options));
}
