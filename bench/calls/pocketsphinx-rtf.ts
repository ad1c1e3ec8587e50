// PocketSphinx's real-time factor, measured apart from the calls (the calls use the replay
// recognizer) with measureAsrRealTimeFactor: the caller's lines synthesized whole by Flite
// (16 kHz), one second of noise floor after each, decoded as fast as it goes —
//   phone: through the telephone path first (16 → 8 kHz, mu-law, 8 → 16 kHz), as in a call;
//   clean: Flite's 16 kHz output as it is.
// Word accuracy against the script is reported beside each (1 − word edit distance / words).
import { mulawDecode, mulawEncode, resample } from '../../src/audio/index.js';
import { createPocketsphinxAsrProvider, measureAsrRealTimeFactor, type TtsProvider } from '../../src/speech/index.js';
import { concat, editDistance, noise } from '../../src/speech/test-speech.js';

export interface RecognitionFigures {
  audioMs: number;
  elapsedMs: number;
  realTimeFactor: number;
  wordAccuracy: number;
}

export interface PocketsphinxFigures {
  phone: RecognitionFigures | undefined;
  clean: RecognitionFigures | undefined;
  /** Why there are no figures (PocketSphinx not installed, or it failed). */
  error?: string;
}

export async function measurePocketsphinx(tts: TtsProvider, lines: readonly string[]): Promise<PocketsphinxFigures> {
  const parts: Int16Array[] = [];
  for (const line of lines) {
    const speech = await tts.synthesize(line);
    if (speech.sampleRate !== 16000) throw new Error(`Flite spoke at ${speech.sampleRate} Hz, expected 16000`);
    parts.push(speech.samples, noise(1000, 16000, 60));
  }
  const clean = concat(...parts);
  const phone = resample(mulawDecode(mulawEncode(resample(clean, 16000, 8000))), 8000, 16000);
  const reference = lines.flatMap((l) => l.split(/\s+/).filter(Boolean));
  const asr = createPocketsphinxAsrProvider({ warmDecoders: 1 });
  try {
    await asr.warmUp();
    const measure = async (audio: Int16Array): Promise<RecognitionFigures> => {
      const r = await measureAsrRealTimeFactor(asr, audio);
      const heard = r.finals.flat().map((w) => w.text.toLowerCase());
      return { audioMs: r.audioMs, elapsedMs: r.elapsedMs, realTimeFactor: r.realTimeFactor, wordAccuracy: 1 - editDistance(reference, heard) / reference.length };
    };
    return { phone: await measure(phone), clean: await measure(clean) };
  } catch (err) {
    return { phone: undefined, clean: undefined, error: err instanceof Error ? err.message : String(err) };
  } finally {
    await asr.close();
  }
}
