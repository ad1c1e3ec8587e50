import type { SottoError } from '../errors/index.js';

/** What a per-stream token grants: the tenant (and agent) the call belongs to. */
export interface StreamGrant {
  tenantId: string;
  agent?: string;
  [k: string]: unknown;
}

/** The one audio format Twilio Media Streams carries: G.711 mu-law, 8000 Hz, mono. */
export interface MulawMediaFormat {
  encoding: 'audio/x-mulaw';
  sampleRate: 8000;
  channels: 1;
}

/** One inbound media message: `payload` is raw mu-law bytes, `timestampMs` is from stream start. */
export interface MediaFrame {
  track: 'inbound' | 'outbound';
  chunk: number;
  timestampMs: number;
  payload: Buffer;
}

export interface DtmfEvent {
  digit: string;
  track: string;
}

export interface MarkEvent {
  name: string;
}

/**
 * A started, authenticated media stream. Inbound audio is emitted frame by frame and never
 * buffered here; a listener that needs history keeps it (in memory, DESIGN.md invariant 1).
 */
export interface MediaStreamConnection {
  readonly streamSid: string;
  readonly callSid: string;
  readonly accountSid: string;
  readonly customParameters: Readonly<Record<string, string>>;
  readonly mediaFormat: MulawMediaFormat;
  /** From the per-stream token, or undefined when the upgrade was only Twilio-signed. */
  readonly grant: StreamGrant | undefined;
  readonly remoteAddress: string | undefined;
  on(event: 'media', listener: (frame: MediaFrame) => void): this;
  on(event: 'dtmf', listener: (e: DtmfEvent) => void): this;
  /** The carrier echoing one of our marks: playback reached that point. */
  on(event: 'mark', listener: (e: MarkEvent) => void): this;
  on(event: 'stop', listener: () => void): this;
  /** A protocol violation after start; the connection is then closed. Emitted only if listened to. */
  on(event: 'error', listener: (err: SottoError) => void): this;
  on(event: 'close', listener: () => void): this;
  /** Sends mu-law audio to play, split into 160-byte (20 ms) media messages. No-op once closed. */
  sendMedia(mulaw: Uint8Array): void;
  sendMark(name: string): void;
  /** Barge-in: tells the carrier to drop the audio it has queued for playback. */
  clear(): void;
  /** Closes with 1000, or with the code that fits `reason` (1008, 1009, 1011); the close reason is the error code only. */
  close(reason?: SottoError): void;
  /** Bytes queued in the socket but not yet sent: backpressure for whoever produces audio. */
  readonly bufferedAmount: number;
}
