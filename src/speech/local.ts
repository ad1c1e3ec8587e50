import { createPocketsphinxAsrProvider, type PocketsphinxAsrProvider, type PocketsphinxOptions } from './asr/pocketsphinx/provider.js';
import { createFliteTtsProvider, type FliteOptions, type FliteTtsProvider } from './tts/flite/provider.js';

export interface LocalSpeechProviders {
  asr: PocketsphinxAsrProvider;
  tts: FliteTtsProvider;
  close(): Promise<void>;
}

/**
 * The default, fully local speech stack: PocketSphinx hears (tuned for phone-line audio unless
 * `asr.band` says otherwise), Flite speaks, no audio leaves the host. Both are loaded before
 * this resolves, so a missing Debian package is reported at
 * startup (ASR_UNAVAILABLE / TTS_UNAVAILABLE, naming `apt-get install pocketsphinx
 * pocketsphinx-en-us flite`) rather than on the first call.
 */
export async function openLocalSpeechProviders(
  options: { asr?: PocketsphinxOptions; tts?: FliteOptions } = {},
): Promise<LocalSpeechProviders> {
  // The local stack hears phone calls: 8 kHz G.711 upsampled by the call session.
  const asr = createPocketsphinxAsrProvider({ band: 'telephone', ...options.asr });
  const tts = createFliteTtsProvider(options.tts);
  const close = async (): Promise<void> => {
    await Promise.all([asr.close(), tts.close()]);
  };
  const [heard, spoken] = await Promise.allSettled([asr.warmUp(), tts.warmUp()]);
  const failure = [heard, spoken].find((r) => r.status === 'rejected');
  if (failure) {
    await close();
    throw failure.reason;
  }
  return { asr, tts, close };
}
