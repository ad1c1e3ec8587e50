import type { Subprocessor } from '../subprocessor.js';

export interface SynthesizedSpeech {
  sampleRate: number;
  /** PCM16 mono at sampleRate. */
  samples: Int16Array;
}

export interface TtsProvider {
  readonly name: string;
  readonly subprocessor: Subprocessor;
  /** Rejects with SottoError('TTS_FAILED') when the text cannot be spoken; with the signal's reason when aborted. */
  synthesize(text: string, options?: { signal?: AbortSignal }): Promise<SynthesizedSpeech>;
  close(): Promise<void>;
}
