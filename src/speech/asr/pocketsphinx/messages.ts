import type { AsrEvent, AsrHint } from '../provider.js';
import type { PocketsphinxLibraries } from './native.js';
import type { DecoderConfig } from './utterance-decoder.js';

/** workerData of a decoder thread. */
export interface DecoderWorkerData {
  config: DecoderConfig;
  libraries: PocketsphinxLibraries;
  /** Int32 flag set by the stream on close(), so queued audio is skipped rather than decoded. */
  closed: SharedArrayBuffer;
}

export type ToDecoder =
  /** First message of a stream: the rate of its audio (the decoder's own, or 8000 upsampled here). */
  | { type: 'open'; inputRate: number }
  | { type: 'audio'; samples: Int16Array }
  /** Ordered with the audio: it applies from the utterance after the audio sent before it. */
  | { type: 'hint'; hint: AsrHint['kind'] }
  | { type: 'end' }
  | { type: 'close' };

export type FromDecoder =
  | { type: 'ready' }
  | { type: 'unavailable'; message: string }
  /** processedSamples counts samples at the stream's input rate. */
  | { type: 'events'; events: AsrEvent[]; processedSamples: number }
  | { type: 'ended' }
  | { type: 'failed'; message: string };
