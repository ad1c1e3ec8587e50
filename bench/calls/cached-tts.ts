// REPLACES live speech synthesis for the benchmark: every agent line is synthesized by Flite
// once (during the warm-up call) and then served from memory, so the figures measure Sotto's
// call path, not Flite. The one line that differs per call — the payment's random
// confirmation code (eight capital letters) — is keyed without the code, so every call gets
// the warm-up call's audio for it. Flite's own speed is reported beside (flite_rtf).
import type { SynthesizedSpeech, TtsProvider } from '../../src/speech/index.js';

export interface CachedTts extends TtsProvider {
  /** Lines synthesized by Flite since the last reset (cache misses). */
  readonly misses: number;
  /** Flite's real-time factor over every miss so far: synthesis time / audio length. */
  readonly fliteRtf: number;
  resetMisses(): void;
  /** The text of the longest line synthesized so far (the greeting, with the recording notice). */
  longestText(): string | undefined;
}

const CODE = /\b[A-Z]{6,}\b/g;

export function createCachedTts(flite: TtsProvider): CachedTts {
  const cache = new Map<string, Promise<SynthesizedSpeech>>();
  let misses = 0;
  let synthMs = 0;
  let audioMs = 0;
  let longest: { text: string; durationMs: number } | undefined;
  return {
    name: 'flite-cached',
    subprocessor: flite.subprocessor,
    get misses() {
      return misses;
    },
    get fliteRtf() {
      return audioMs === 0 ? NaN : synthMs / audioMs;
    },
    resetMisses() {
      misses = 0;
    },
    longestText: () => longest?.text,
    synthesize(text, options = {}) {
      const key = `${options.sampleRate ?? '-'}:${text.replace(CODE, '#')}`;
      let speech = cache.get(key);
      if (!speech) {
        misses++;
        const started = performance.now();
        speech = flite.synthesize(text, options.sampleRate === undefined ? {} : { sampleRate: options.sampleRate }).then((s) => {
          synthMs += performance.now() - started;
          audioMs += (s.samples.length * 1000) / s.sampleRate;
          const durationMs = (s.samples.length * 1000) / s.sampleRate;
          if (!longest || durationMs > longest.durationMs) longest = { text, durationMs };
          return s;
        });
        // A failed synthesis is not cached: the next call asks Flite again.
        speech.catch(() => cache.delete(key));
        cache.set(key, speech);
      }
      return speech;
    },
    close: () => flite.close(),
  };
}
