// Entry of the Flite child process. Flite runs in a process of its own, not a thread: in a busy
// server it crashed the whole process (SIGSEGV in feat_val under flite_text_to_wave) at varying
// points of a call, and it calls exit() on internal errors; a child can die without taking
// calls down, and the provider starts a new one. Text and audio cross the IPC channel only.
import { resample } from '../../../audio/index.js';
import { isSottoError } from '../../../errors/index.js';
import type { FromFlite, ToFlite } from './messages.js';
import { DEFAULT_FLITE_LIBRARIES, loadFlite, type FliteLibraries, type FliteNative } from './native.js';

const send = (message: FromFlite): void => {
  process.send?.(message);
};
const libraries = (process.env.SOTTO_FLITE_LIBRARIES ? JSON.parse(process.env.SOTTO_FLITE_LIBRARIES) : DEFAULT_FLITE_LIBRARIES) as FliteLibraries;

let flite: FliteNative | undefined;
try {
  flite = loadFlite(libraries);
  send({ type: 'ready' });
} catch (err) {
  send({ type: 'unavailable', message: isSottoError(err) ? err.message : 'Flite could not be initialised' });
  process.disconnect?.();
}

// The parent went away: nothing is left to speak for.
process.on('disconnect', () => process.exit(0));

process.on('message', (message: ToFlite) => {
  if (!flite) return;
  if (message.type === 'close') {
    flite = undefined;
    process.disconnect?.();
    return;
  }
  try {
    const spoken = flite.textToWave(message.text);
    const rate = message.sampleRate ?? spoken.sampleRate;
    // The agent's voice is played to the caller and recorded: the high-quality resampler. Here,
    // in Flite's process, a 15 s line's ~40 ms of resampling holds up no call's frames.
    const samples = rate === spoken.sampleRate ? spoken.samples : resample(spoken.samples, spoken.sampleRate, rate);
    send({ type: 'spoken', id: message.id, sampleRate: rate, samples });
  } catch (err) {
    send({ type: 'failed', id: message.id, message: isSottoError(err) ? err.message : 'Flite failed to synthesize' });
  }
});
