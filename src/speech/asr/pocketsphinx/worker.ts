// Entry of a decoder thread: one PocketSphinx decoder, one stream. Decoding is synchronous
// native work (about a tenth of real time), so it runs here, off the server's event loop.
import { parentPort, workerData } from 'node:worker_threads';
import { createResampler, type Resampler } from '../../../audio/index.js';
import { isSottoError, SottoError } from '../../../errors/index.js';
import type { DecoderWorkerData, FromDecoder, ToDecoder } from './messages.js';
import { loadPocketsphinx } from './native.js';
import { openUtteranceDecoder, POCKETSPHINX_SAMPLE_RATE, type UtteranceDecoder } from './utterance-decoder.js';

const port = parentPort;
if (!port) throw new Error('the PocketSphinx worker runs only as a worker thread');
const data = workerData as DecoderWorkerData;
const closed = new Int32Array(data.closed);
const post = (message: FromDecoder): void => port.postMessage(message);

// Messages never carry recognized text or audio in error details.
const describe = (err: unknown, fallback: string): string => (isSottoError(err) ? err.message : fallback);

let decoder: UtteranceDecoder | undefined;
try {
  decoder = openUtteranceDecoder(loadPocketsphinx(data.libraries), data.config);
  post({ type: 'ready' });
} catch (err) {
  post({ type: 'unavailable', message: describe(err, 'PocketSphinx could not be initialised') });
  port.close();
}

let processed = 0;
let acked = 0;
/** Acknowledge progress at least once a second of audio, so the stream can measure its backlog. */
let ackSamples = POCKETSPHINX_SAMPLE_RATE;
/** Phone audio is upsampled here rather than on the server's event loop (src/audio/halfband.ts). */
let upsampler: Resampler | undefined;

const open = (inputRate: number): void => {
  ackSamples = inputRate;
  if (inputRate !== POCKETSPHINX_SAMPLE_RATE) {
    if (inputRate * 2 !== POCKETSPHINX_SAMPLE_RATE) throw new SottoError('AUDIO_FORMAT_INVALID', `PocketSphinx does not take ${inputRate} Hz audio`);
    upsampler = createResampler(inputRate, POCKETSPHINX_SAMPLE_RATE, { quality: 'recognition' });
  }
};

const shutdown = (): void => {
  decoder?.free();
  decoder = undefined;
  port.close();
};

port.on('message', (message: ToDecoder) => {
  const active = decoder;
  if (!active) return;
  try {
    if (message.type === 'close') return shutdown();
    if (Atomics.load(closed, 0) === 1) return;
    if (message.type === 'open') return open(message.inputRate);
    if (message.type === 'audio') {
      const events = active.process(upsampler ? upsampler.push(message.samples) : message.samples);
      processed += message.samples.length;
      if (events.length > 0 || processed - acked >= ackSamples) {
        acked = processed;
        post({ type: 'events', events, processedSamples: processed });
      }
      return;
    }
    if (message.type === 'hint') return active.setHint(message.hint);
    // The upsampler holds its last few samples back until told the audio has ended.
    const rest = upsampler ? active.process(upsampler.flush()) : [];
    post({ type: 'events', events: [...rest, ...active.flush()], processedSamples: processed });
    post({ type: 'ended' });
    shutdown();
  } catch (err) {
    post({ type: 'failed', message: describe(err, 'PocketSphinx failed while decoding') });
    shutdown();
  }
});
