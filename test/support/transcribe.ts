// Transcribing audio again in a test (not a test file): what a recognizer hears in a stored or
// unredacted recording, to check that redaction left no value audible.
import type { AsrProvider } from '../../src/speech/index.js';

/** Every word the recognizer hears in 16 kHz audio (fed in 20 ms chunks, then 1 s of silence). */
export async function transcribe(asr: AsrProvider, samples16k: Int16Array): Promise<string[]> {
  const stream = await asr.open();
  const words: string[] = [];
  const collected = (async () => {
    for await (const event of stream.events()) if (event.kind === 'final') words.push(...event.words.map((w) => w.text));
  })();
  for (let at = 0; at < samples16k.length; at += 320) stream.write(samples16k.subarray(at, at + 320));
  stream.write(new Int16Array(16000));
  await stream.end();
  await collected;
  stream.close();
  return words;
}
