import koffi, { type LibraryHandle } from 'koffi';
import { SottoError } from '../../../errors/index.js';

/**
 * Bindings to Flite 2.2 (Debian libflite1) and a US English voice, `slt` unless told (16 kHz). Loaded
 * only in the synthesis worker thread. The voice is registered once and never unregistered:
 * register_cmu_us_slt keeps process-wide state, which is also why one thread owns Flite.
 */
export const FLITE_INSTALL_HINT = 'apt-get install pocketsphinx pocketsphinx-en-us flite';

export interface FliteLibraries {
  flite: string;
  voice: string;
}
export const DEFAULT_FLITE_LIBRARIES: FliteLibraries = { flite: 'libflite.so.1', voice: 'libflite_cmu_us_slt.so.1' };

export interface FliteNative {
  /** Speak `text` (already sanitized) and copy the samples out of Flite's buffer. */
  textToWave(text: string): { sampleRate: number; samples: Int16Array };
}

export function loadFlite(libraries: FliteLibraries = DEFAULT_FLITE_LIBRARIES): FliteNative {
  let flite: LibraryHandle;
  let voiceLib: LibraryHandle;
  try {
    flite = koffi.load(libraries.flite);
    voiceLib = koffi.load(libraries.voice);
  } catch (cause) {
    throw new SottoError('TTS_UNAVAILABLE', `Flite is not installed (${libraries.voice}): ${FLITE_INSTALL_HINT}`, { cause });
  }
  // cst_wave from /usr/include/flite/cst_wave.h (Debian flite1-dev 2.2).
  const cstWave = koffi.struct('cst_wave', {
    type: 'const char *',
    sample_rate: 'int',
    num_samples: 'int',
    num_channels: 'int',
    samples: 'void *',
  });
  const fliteInit = flite.func('int flite_init()');
  // Each voice library registers itself as register_<voice> (libflite_cmu_us_rms.so.1 →
  // register_cmu_us_rms); the other US voices (awb, rms, kal16) let tests hear more than one speaker.
  const voiceName = /libflite_(cmu_us_[a-z0-9]+)\.so/.exec(libraries.voice)?.[1] ?? 'cmu_us_slt';
  const registerVoice = voiceLib.func(`void *register_${voiceName}(const char *voxdir)`);
  const textToWave = flite.func('void *flite_text_to_wave(const char *text, void *voice)');
  const deleteWave = flite.func('void delete_wave(void *wave)');

  fliteInit();
  const voice: unknown = registerVoice(null);
  if (!voice) throw new SottoError('TTS_UNAVAILABLE', `the Flite voice ${voiceName} could not be registered`);

  return {
    textToWave(text) {
      const wave: unknown = textToWave(text, voice);
      if (!wave) throw new SottoError('TTS_FAILED', 'Flite produced no audio');
      try {
        const header = koffi.decode(wave, cstWave) as { sample_rate: number; num_samples: number; num_channels: number; samples: unknown };
        if (header.num_channels !== 1 || header.num_samples < 0 || header.sample_rate <= 0) {
          throw new SottoError('TTS_FAILED', 'Flite produced audio in an unexpected layout');
        }
        const samples = new Int16Array(header.num_samples);
        if (header.num_samples > 0) samples.set(new Int16Array(koffi.view(header.samples, header.num_samples * 2)));
        return { sampleRate: header.sample_rate, samples };
      } finally {
        deleteWave(wave);
      }
    },
  };
}
