// Entry of the Flite thread. Synthesis blocks for ~13 ms per second of speech (40-70 ms for a
// sentence, measured here), too long for the event loop that carries every call's 20 ms frames.
import { parentPort, workerData } from 'node:worker_threads';
import { isSottoError } from '../../../errors/index.js';
import type { FliteWorkerData, FromFlite, ToFlite } from './messages.js';
import { loadFlite, type FliteNative } from './native.js';

const port = parentPort;
if (!port) throw new Error('the Flite worker runs only as a worker thread');
const data = workerData as FliteWorkerData;

let flite: FliteNative | undefined;
try {
  flite = loadFlite(data.libraries);
  port.postMessage({ type: 'ready' } satisfies FromFlite);
} catch (err) {
  const message = isSottoError(err) ? err.message : 'Flite could not be initialised';
  port.postMessage({ type: 'unavailable', message } satisfies FromFlite);
  port.close();
}

port.on('message', (message: ToFlite) => {
  if (!flite) return;
  if (message.type === 'close') {
    flite = undefined;
    port.close();
    return;
  }
  try {
    const { sampleRate, samples } = flite.textToWave(message.text);
    port.postMessage({ type: 'spoken', id: message.id, sampleRate, samples } satisfies FromFlite, [samples.buffer as ArrayBuffer]);
  } catch (err) {
    const text = isSottoError(err) ? err.message : 'Flite failed to synthesize';
    port.postMessage({ type: 'failed', id: message.id, message: text } satisfies FromFlite);
  }
});
