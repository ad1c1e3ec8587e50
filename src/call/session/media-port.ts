import type { SottoError } from '../../errors/index.js';

/**
 * The call session's view of a media transport (Twilio Media Streams today, WebRTC later):
 * PCM16 mono frames in, PCM16 out, keypad digits, playback marks. Codecs stay in the adapter.
 */
export interface CallMedia {
  /** Rate of frames in and of audio passed to play(): 8000 for the telephone network. */
  readonly sampleRate: number;
  onFrame(listener: (frame: { timestampMs: number; samples: Int16Array }) => void): void;
  onDigit(listener: (digit: string) => void): void;
  /** The far end reports that playback reached a mark sent with play(). */
  onMark(listener: (name: string) => void): void;
  /** The caller hung up (stop) — the normal end of a call. */
  onHangup(listener: () => void): void;
  /** A protocol or transport failure; the connection is already closed. */
  onError(listener: (err: SottoError) => void): void;
  play(samples: Int16Array, mark?: string): void;
  /** Barge-in: drop the audio queued at the far end. */
  clear(): void;
  /** Hang up from our side. */
  hangup(reason?: SottoError): void;
}
