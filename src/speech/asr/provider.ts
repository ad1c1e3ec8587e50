import { SottoError } from '../../errors/index.js';
import type { TimedWord } from '../../detect/index.js';
import type { Subprocessor } from '../subprocessor.js';

/** Times of `words` are milliseconds from the first sample written to the stream. */
export type AsrEvent =
  /** Hypothesis for the current utterance so far; a later event may revise it. */
  | { kind: 'partial'; words: TimedWord[] }
  /** The utterance is over and its words are final (empty when it was only noise). */
  | { kind: 'final'; words: TimedWord[] };

/**
 * What the agent just asked for, so the recognizer can narrow what it listens for: `digits` for
 * a spoken value (card number, expiry, code, SSN, date of birth, account or phone number),
 * `yes_no` for a confirmation, `general` for anything else.
 */
export type AsrHint = { kind: 'general' } | { kind: 'digits' } | { kind: 'yes_no' };

export interface AsrOpenOptions {
  /** Aborting rejects a pending open() with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Rate of the samples the caller will write: sampleRate (the default) or one of inputRates.
   * Any other rate is refused with AUDIO_FORMAT_INVALID.
   */
  inputRate?: number;
}

export interface AsrProvider {
  /** e.g. 'pocketsphinx', 'deepgram', 'replay'. */
  readonly name: string;
  /** PCM16 mono rate the stream expects unless opened with another inputRate. */
  readonly sampleRate: number;
  /**
   * Other rates a stream may be opened at: it converts them to sampleRate itself, off the event
   * loop (PocketSphinx upsamples 8 kHz phone audio in its decoder thread), so a call writes its
   * line audio as it comes instead of resampling every frame on the server's main thread.
   */
  readonly inputRates?: readonly number[];
  /** Who processes the audio. */
  readonly subprocessor: Subprocessor;
  open(options?: AsrOpenOptions): Promise<AsrStream>;
}

export interface AsrStream {
  /**
   * Caller audio, PCM16 mono at the rate the stream was opened at, any chunk size (typically 20 ms).
   * Returns at once: recognition runs off the event loop. Ignored after end() or close().
   * The stream copies what it keeps: the caller may reuse or zero `samples` once this returns.
   */
  write(samples: Int16Array): void;
  /** Flush: finish the current utterance (its final is emitted), then end the events. */
  end(): Promise<void>;
  /**
   * Narrow recognition to what the next caller turn should contain. It applies from the next
   * utterance: one the recognizer is already hearing finishes as it started. Optional: a
   * recognizer without hints (or a scripted one) listens for everything.
   */
  setHint?(hint: AsrHint): void;
  /** Abort and release resources (native decoders, sockets); idempotent. */
  close(): void;
  /**
   * Events in order, for one consumer. The iteration ends after end() or close(); a failure
   * is thrown from it as SottoError('ASR_FAILED'). Breaking out of the loop closes the stream.
   */
  events(): AsyncIterable<AsrEvent>;
}

/** The rate a call should open `provider`'s stream at for audio at `lineRate`: the line's own when the provider takes it. */
export function asrInputRate(provider: Pick<AsrProvider, 'sampleRate' | 'inputRates'>, lineRate: number): number {
  return lineRate === provider.sampleRate || provider.inputRates?.includes(lineRate) === true ? lineRate : provider.sampleRate;
}

/** The rate `options` asks of `provider`, refused (AUDIO_FORMAT_INVALID) when the provider does not take it. */
export function checkedInputRate(provider: Pick<AsrProvider, 'name' | 'sampleRate' | 'inputRates'>, options: AsrOpenOptions): number {
  const rate = options.inputRate ?? provider.sampleRate;
  if (asrInputRate(provider, rate) !== rate) {
    throw new SottoError('AUDIO_FORMAT_INVALID', `the ${provider.name} recognizer does not take ${rate} Hz audio`);
  }
  return rate;
}
