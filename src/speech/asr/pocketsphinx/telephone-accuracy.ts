// Test support and measurement: how well PocketSphinx hears spoken values (card number, expiry,
// CVV, SSN, date of birth …) said by Flite voices, on clean 16 kHz audio and through a telephone
// line (8 kHz mu-law and back), with the general language model and with the digits hint.
//
//   npx tsx src/speech/asr/pocketsphinx/telephone-accuracy.ts [--voices slt,rms,awb,kal16] [--set target|all] [--band telephone]
//                                                             [--args="-warp_type inverse_linear -warp_params 1.3"]
//
// Prints one line per voice, path and hint, then one JSON object. Audio stays in memory.
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { concat, noise, valueAccuracy } from '../../test-speech.js';
import { throughTelephone } from '../../telephone-path.js';
import { createFliteTtsProvider } from '../../tts/flite/provider.js';
import type { AsrHint, AsrProvider } from '../provider.js';
import { createPocketsphinxAsrProvider } from './provider.js';

const RATE = 16000;

/** What the agent flows ask for: a 16-digit card, an expiry, a CVV, an SSN digit by digit, a date of birth. */
export const TARGET_SENTENCES = [
  'my card number is four one one one one one one one one one one one one one one one',
  'it expires oh nine twenty eight',
  'the security code is seven three nine',
  'my social security number is one two three four five six seven eight nine',
  'my date of birth is march third nineteen eighty',
] as const;

/** More values, with other digits and phrasings, so the figure is not about five sentences. */
export const MORE_SENTENCES = [
  'four five three two one nine eight seven six five four three two one zero nine',
  'oh four slash twenty seven',
  'six zero two',
  'eight four seven two nine one three six five',
  'the third of july nineteen seventy six',
  'it is five five five two three eight one nine four zero',
  'seven seven six',
  'my card number is five one six seven two eight nine three four six zero one seven five eight two',
] as const;

export type LinePath = 'clean' | 'telephone';

/** The sentences said one after another with pauses (and a noise floor), as one caller's audio. */
export function callerAudio(clips: readonly Int16Array[], path: LinePath): Int16Array {
  const parts: Int16Array[] = [noise(800, RATE)];
  clips.forEach((clip, i) => parts.push(clip, noise(1200, RATE, 60, i + 2)));
  const audio = concat(...parts);
  return path === 'telephone' ? throughTelephone(audio, RATE) : audio;
}

/** Decode `audio` in 20 ms writes on one stream with `hint` set first; the words of each final. */
export async function recognizeWithHint(asr: AsrProvider, audio: Int16Array, hint: AsrHint): Promise<string[][]> {
  const stream = await asr.open();
  const finals: string[][] = [];
  const reading = (async () => {
    for await (const e of stream.events()) if (e.kind === 'final' && e.words.length > 0) finals.push(e.words.map((w) => w.text));
  })();
  stream.setHint?.(hint);
  for (let i = 0; i < audio.length; i += 320) stream.write(audio.subarray(i, i + 320));
  await stream.end();
  await reading;
  return finals;
}

/** Value accuracy over all sentences (1 − edit distance of value words / their number). */
export async function measureValueAccuracy(
  asr: AsrProvider,
  sentences: readonly string[],
  clips: readonly Int16Array[],
  path: LinePath,
  hint: AsrHint,
): Promise<{ accuracy: number; heard: string[][] }> {
  const heard = await recognizeWithHint(asr, callerAudio(clips, path), hint);
  const accuracy = valueAccuracy(sentences.join(' ').split(' '), heard.flat());
  return { accuracy, heard };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      voices: { type: 'string', default: 'slt' },
      set: { type: 'string', default: 'all' },
      band: { type: 'string', default: 'wide' },
      args: { type: 'string' },
      show: { type: 'boolean' },
    },
  });
  const sentences = values.set === 'target' ? [...TARGET_SENTENCES] : [...TARGET_SENTENCES, ...MORE_SENTENCES];
  const decoderArgs = values.args ? values.args.split(/\s+/).filter(Boolean) : [];
  const band = values.band === 'telephone' ? 'telephone' : 'wide';
  const asr = createPocketsphinxAsrProvider({ warmDecoders: 1, decoderArgs, band });
  const results: { voice: string; path: LinePath; hint: AsrHint['kind']; accuracy: number }[] = [];
  try {
    for (const voice of values.voices.split(',')) {
      const tts = createFliteTtsProvider({ libraries: { flite: 'libflite.so.1', voice: `libflite_cmu_us_${voice}.so.1` } });
      const clips: Int16Array[] = [];
      try {
        for (const s of sentences) clips.push((await tts.synthesize(s)).samples);
      } finally {
        await tts.close();
      }
      for (const path of ['clean', 'telephone'] as const) {
        for (const kind of ['general', 'digits'] as const) {
          const { accuracy, heard } = await measureValueAccuracy(asr, sentences, clips, path, { kind });
          results.push({ voice, path, hint: kind, accuracy });
          console.log(`${voice.padEnd(6)} ${path.padEnd(10)} ${kind.padEnd(8)} value accuracy ${accuracy.toFixed(3)}`);
          if (values.show) for (const words of heard) console.log(`    ${words.join(' ')}`);
        }
      }
    }
  } finally {
    await asr.close();
  }
  console.log(JSON.stringify({ sentences: sentences.length, band, decoderArgs, results }));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
