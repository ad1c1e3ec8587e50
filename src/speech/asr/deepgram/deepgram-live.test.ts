import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { digitsOf } from '../../test-speech.js';
import { createFliteTtsProvider } from '../../tts/flite/provider.js';
import { createDeepgramAsrProvider } from './provider.js';

const apiKey = process.env.DEEPGRAM_API_KEY;

describe('the Deepgram adapter against the live Deepgram service', () => {
  it('recognizes Flite speech of a card number', { skip: apiKey ? false : 'DEEPGRAM_API_KEY is not set' }, async () => {
    const tts = createFliteTtsProvider();
    try {
      const speech = await tts.synthesize('my card number is four one one one two two two two');
      const stream = await createDeepgramAsrProvider({ apiKey: apiKey ?? '', sampleRate: speech.sampleRate }).open({ signal: AbortSignal.timeout(15_000) });
      const heard: string[] = [];
      const reading = (async () => {
        for await (const e of stream.events()) if (e.kind === 'final') heard.push(...e.words.map((w) => w.text.toLowerCase()));
      })();
      for (let i = 0; i < speech.samples.length; i += 320) stream.write(speech.samples.subarray(i, i + 320));
      stream.write(new Int16Array(speech.sampleRate)); // a second of silence
      await stream.end();
      await reading;
      assert.ok(digitsOf(heard).length >= 6, `heard: ${heard.join(' ')}`);
    } finally {
      await tts.close();
    }
  });
});
