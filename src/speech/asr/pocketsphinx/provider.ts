import { SottoError } from '../../../errors/index.js';
import type { Subprocessor } from '../../subprocessor.js';
import { checkedInputRate, type AsrOpenOptions, type AsrProvider, type AsrStream } from '../provider.js';
import { spawnDecoderThread, type DecoderThread } from './decoder-thread.js';
import { decoderConfigOf, type PocketsphinxModelOptions } from './model.js';
import { DEFAULT_LIBRARIES, type PocketsphinxLibraries } from './native.js';
import { createPocketsphinxStream } from './stream.js';
import { POCKETSPHINX_SAMPLE_RATE } from './utterance-decoder.js';

export interface PocketsphinxOptions extends PocketsphinxModelOptions {
  /**
   * Decoders kept loaded for the next calls (default 1). Loading one takes about 0.3 s of CPU
   * and 96 MB; a stream takes a warm decoder at once and a replacement loads in its own thread.
   */
  warmDecoders?: number;
  /** A stream fails (ASR_FAILED) when audio written this long ago is still not decoded. Default 10 000 ms. */
  maxLagMs?: number;
  /** Shared-library names, for tests and non-Debian systems. */
  libraries?: PocketsphinxLibraries;
}

export interface PocketsphinxAsrProvider extends AsrProvider {
  /** Load the warm decoders now; rejects with ASR_UNAVAILABLE (naming the Debian packages) when they cannot load. */
  warmUp(): Promise<void>;
  /** Close warm decoders and every open stream; resolves when their threads have ended. */
  close(): Promise<void>;
  /** Decoder threads alive (warm, streaming or still exiting) and open streams. */
  stats(): { threads: number; streams: number };
}

const SUBPROCESSOR: Subprocessor = { name: 'pocketsphinx', kind: 'asr', local: true };
/** Phone audio (G.711, 8 kHz): the decoder thread upsamples it, off the server's event loop. */
const INPUT_RATES = [8000] as const;

/**
 * PocketSphinx in process: one worker thread and one decoder per stream, so a call's decoding
 * never waits behind another call's and no acoustic state (cepstral mean, search history)
 * passes from one caller to the next. Warm decoders hide the model load from call setup.
 */
export function createPocketsphinxAsrProvider(options: PocketsphinxOptions = {}): PocketsphinxAsrProvider {
  const config = decoderConfigOf(options);
  const libraries = options.libraries ?? DEFAULT_LIBRARIES;
  const warmTarget = options.warmDecoders ?? 1;
  const maxLagMs = options.maxLagMs ?? 10_000;
  if (!(Number.isInteger(warmTarget) && warmTarget >= 0 && warmTarget <= 64)) {
    throw new SottoError('CONFIG_INVALID', 'warmDecoders must be an integer from 0 to 64');
  }
  if (!(maxLagMs >= 1000)) throw new SottoError('CONFIG_INVALID', 'maxLagMs must be at least 1000');

  const warm: DecoderThread[] = [];
  const streams = new Set<AsrStream>();
  const threads = new Set<DecoderThread>();
  let closed = false;

  const spawn = (): DecoderThread => {
    const thread = spawnDecoderThread(config, libraries);
    threads.add(thread);
    void thread.exited.then(() => threads.delete(thread));
    return thread;
  };
  const refill = (): void => {
    while (!closed && warm.length < warmTarget) warm.push(spawn());
  };

  const take = async (signal?: AbortSignal): Promise<DecoderThread> => {
    const thread = warm.shift() ?? spawn();
    thread.ref();
    try {
      await abortable(thread.ready, signal);
    } catch (err) {
      thread.close();
      throw err;
    }
    refill();
    return thread;
  };

  const provider: PocketsphinxAsrProvider = {
    name: 'pocketsphinx',
    sampleRate: POCKETSPHINX_SAMPLE_RATE,
    inputRates: INPUT_RATES,
    subprocessor: SUBPROCESSOR,
    async open(openOptions: AsrOpenOptions = {}) {
      if (closed) throw new SottoError('ASR_UNAVAILABLE', 'the PocketSphinx provider is closed');
      openOptions.signal?.throwIfAborted();
      const inputRate = checkedInputRate(provider, openOptions);
      const thread = await take(openOptions.signal);
      if (closed) {
        thread.close();
        throw new SottoError('ASR_UNAVAILABLE', 'the PocketSphinx provider is closed');
      }
      const stream = createPocketsphinxStream(thread, { inputRate, maxLagMs, onClosed: () => streams.delete(stream) });
      streams.add(stream);
      return stream;
    },
    async warmUp() {
      if (closed) throw new SottoError('ASR_UNAVAILABLE', 'the PocketSphinx provider is closed');
      refill();
      const loading = [...warm];
      for (const t of loading) t.ref();
      try {
        await Promise.all(loading.map((t) => t.ready));
      } catch (err) {
        // Failed threads are dropped, so a later open() loads a decoder afresh.
        for (const t of warm.splice(0)) t.close();
        throw err;
      } finally {
        for (const t of loading) if (warm.includes(t)) t.unref();
      }
    },
    async close() {
      closed = true;
      for (const t of warm.splice(0)) t.close();
      for (const s of [...streams]) s.close();
      await Promise.all([...threads].map((t) => t.exited));
    },
    stats: () => ({ threads: threads.size, streams: streams.size }),
  };
  return provider;
}

function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
