import { SottoError } from '../../../errors/index.js';
import { createAsrEventChannel } from '../event-channel.js';
import type { AsrStream } from '../provider.js';
import type { DecoderThread } from './decoder-thread.js';
import type { FromDecoder } from './messages.js';

export interface PocketsphinxStreamOptions {
  /** Rate of the samples written; the thread converts it to the decoder's. */
  inputRate: number;
  /** Fail the stream when audio written this long ago is still not decoded. */
  maxLagMs: number;
  onClosed: () => void;
}

/** Memory bound for audio queued to the thread: five minutes (9.6 MB at 16 kHz). */
const MAX_QUEUED_SECONDS = 5 * 60;

/** An AsrStream over a ready decoder thread. */
export function createPocketsphinxStream(thread: DecoderThread, options: PocketsphinxStreamOptions): AsrStream {
  let state: 'open' | 'ending' | 'done' = 'open';
  let written = 0;
  let processed = 0;
  // When each write was made, until the thread acknowledges decoding it: a live call writes in
  // real time, so the age of the oldest undecoded write is how far recognition lags the caller.
  // Bursts (tests, benches) may queue far ahead of real time without lagging.
  let writes: { upTo: number; at: number }[] = [];
  let oldest = 0;
  let ended: { resolve: () => void; reject: (err: SottoError) => void } | undefined;
  let endPromise: Promise<void> | undefined;
  let failure: SottoError | undefined;

  const release = (): void => {
    if (state === 'done') return;
    state = 'done';
    thread.close();
    options.onClosed();
  };
  const fail = (error: SottoError): void => {
    if (state === 'done') return;
    failure = error;
    channel.fail(error);
    ended?.reject(error);
    release();
  };
  const close = (): void => {
    if (state === 'done') return;
    channel.abort();
    ended?.resolve();
    release();
  };
  const channel = createAsrEventChannel(close);
  const maxQueuedSamples = MAX_QUEUED_SECONDS * options.inputRate;

  thread.attach((message: FromDecoder) => {
    if (state === 'done') return;
    switch (message.type) {
      case 'events':
        processed = message.processedSamples;
        while (oldest < writes.length && (writes[oldest]?.upTo ?? Infinity) <= processed) oldest++;
        if (oldest > 1024) {
          writes = writes.slice(oldest);
          oldest = 0;
        }
        for (const event of message.events) channel.push(event);
        return;
      case 'ended':
        channel.end();
        ended?.resolve();
        release();
        return;
      case 'failed':
        fail(new SottoError('ASR_FAILED', message.message));
        return;
      default:
        fail(new SottoError('ASR_FAILED', `unexpected ${message.type} message from the PocketSphinx thread`));
    }
  }, fail);
  thread.post({ type: 'open', inputRate: options.inputRate });

  return {
    write(samples) {
      if (!(samples instanceof Int16Array)) {
        throw new SottoError('AUDIO_FORMAT_INVALID', 'PocketSphinx takes PCM16 samples as an Int16Array');
      }
      if (state !== 'open' || samples.length === 0) return;
      const now = performance.now();
      const lagMs = now - (writes[oldest]?.at ?? now);
      if (lagMs > options.maxLagMs) {
        fail(new SottoError('ASR_FAILED', `PocketSphinx fell more than ${options.maxLagMs} ms behind the call`));
        return;
      }
      if (written + samples.length - processed > maxQueuedSamples) {
        fail(new SottoError('ASR_FAILED', 'more than five minutes of audio are waiting for PocketSphinx'));
        return;
      }
      written += samples.length;
      writes.push({ upTo: written, at: now });
      // A copy, transferred: the caller may reuse its buffer, and a view's whole buffer is not cloned.
      const copy = samples.slice();
      thread.post({ type: 'audio', samples: copy }, [copy.buffer]);
    },
    setHint(hint) {
      if (state !== 'open') return;
      thread.post({ type: 'hint', hint: hint.kind });
    },
    end() {
      if (endPromise) return endPromise;
      if (failure) return Promise.reject(failure);
      endPromise = new Promise<void>((resolve, reject) => {
        ended = { resolve, reject };
      });
      if (state === 'open') {
        state = 'ending';
        thread.post({ type: 'end' });
      } else ended?.resolve();
      return endPromise;
    },
    close,
    events: () => channel.events(),
  };
}
