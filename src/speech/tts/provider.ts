import type { Subprocessor } from '../subprocessor.js';

export interface SynthesizedSpeech {
  sampleRate: number;
  /** PCM16 mono at sampleRate. */
  samples: Int16Array;
}

export interface SynthesizeOptions {
  signal?: AbortSignal;
  /** The rate the caller will use the audio at (8000 for a phone line). */
  sampleRate?: number;
}

export interface TtsProvider {
  readonly name: string;
  readonly subprocessor: Subprocessor;
  /**
   * Rejects with SottoError('TTS_FAILED') when the text cannot be spoken; with the signal's reason when aborted.
   * `sampleRate` asks for audio at that rate: a provider that can convert it away from the
   * caller's event loop does (Flite: in its own process); one that cannot returns its own rate,
   * so callers check `sampleRate` on the result.
   */
  synthesize(text: string, options?: SynthesizeOptions): Promise<SynthesizedSpeech>;
  close(): Promise<void>;
}
