// Test support: real speech for recognizer tests, made by Flite in memory (never on disk),
// laid over deterministic background noise so voice-activity detection sees a real floor.
import type { TtsProvider } from './tts/provider.js';

export const DIGIT_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'] as const;

/** Uniform noise of peak `amplitude` from a fixed-seed LCG, so every run hears the same. */
export function noise(ms: number, sampleRate: number, amplitude = 60, seed = 1): Int16Array {
  const out = new Int16Array(Math.round((ms * sampleRate) / 1000));
  let state = seed;
  for (let i = 0; i < out.length; i++) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    out[i] = Math.round((state / 0x7fffffff - 0.5) * 2 * amplitude);
  }
  return out;
}

export function concat(...parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Mix `speech` over `background` (same rate) starting at `atMs`, saturating. */
export function overlay(background: Int16Array, speech: Int16Array, atMs: number, sampleRate: number): Int16Array {
  const out = background.slice();
  const offset = Math.round((atMs * sampleRate) / 1000);
  for (let i = 0; i < speech.length && offset + i < out.length; i++) {
    out[offset + i] = Math.max(-32768, Math.min(32767, (out[offset + i] ?? 0) + (speech[i] ?? 0)));
  }
  return out;
}

export async function speak(tts: TtsProvider, text: string, sampleRate: number): Promise<Int16Array> {
  const speech = await tts.synthesize(text);
  if (speech.sampleRate !== sampleRate) throw new Error(`the voice speaks at ${speech.sampleRate} Hz, the test needs ${sampleRate} Hz`);
  return speech.samples;
}

/** Word-level edit distance, for accuracy = 1 - distance / reference length. */
export function editDistance(reference: readonly string[], hypothesis: readonly string[]): number {
  let previous = Array.from({ length: hypothesis.length + 1 }, (_, j) => j);
  for (let i = 1; i <= reference.length; i++) {
    const row = [i];
    for (let j = 1; j <= hypothesis.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (reference[i - 1] === hypothesis[j - 1] ? 0 : 1);
      row.push(Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, substitution));
    }
    previous = row;
  }
  return previous[hypothesis.length] ?? 0;
}

export const digitsOf = (words: readonly string[]): string[] => words.filter((w) => (DIGIT_WORDS as readonly string[]).includes(w));

/**
 * Words that carry a spoken value (digits, "oh", teens, tens, hundred, months, ordinals), with
 * "oh" read as "zero": what value accuracy is measured on, so carrier words do not count.
 */
const VALUE_WORDS = new Set([
  ...DIGIT_WORDS, 'oh', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen',
  'eighteen', 'nineteen', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety', 'hundred',
  'thousand', 'double', 'triple', 'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august',
  'september', 'october', 'november', 'december', 'first', 'second', 'third', 'fourth', 'fifth', 'sixth',
  'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth', 'thirteenth', 'fourteenth', 'fifteenth',
  'sixteenth', 'seventeenth', 'eighteenth', 'nineteenth', 'twentieth', 'thirtieth',
]);
export const valueWordsOf = (words: readonly string[]): string[] =>
  words.filter((w) => VALUE_WORDS.has(w)).map((w) => (w === 'oh' ? 'zero' : w));

/** 1 − edit distance / reference length over the value words. */
export function valueAccuracy(reference: readonly string[], heard: readonly string[]): number {
  const expected = valueWordsOf(reference);
  return 1 - editDistance(expected, valueWordsOf(heard)) / Math.max(1, expected.length);
}
