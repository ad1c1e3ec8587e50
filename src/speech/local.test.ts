import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSottoError } from '../errors/index.js';
import { openLocalSpeechProviders } from './local.js';
import { concat, digitsOf, noise } from './test-speech.js';

describe('the local speech providers (real PocketSphinx and Flite)', () => {
  it('open together, and PocketSphinx hears what Flite says (wideband, as Flite speaks it)', async () => {
    // The Flite voice slt is heard poorly through a phone line whatever the settings (see
    // telephone-accuracy.ts); the telephone band is tested with other voices in hints.test.ts.
    const local = await openLocalSpeechProviders({ asr: { band: 'wide' } });
    try {
      assert.equal(local.asr.subprocessor.local && local.tts.subprocessor.local, true);
      const speech = await local.tts.synthesize('my card number is four one one one');
      assert.equal(speech.sampleRate, local.asr.sampleRate);
      const stream = await local.asr.open();
      const heard: string[] = [];
      const reading = (async () => {
        for await (const e of stream.events()) if (e.kind === 'final') heard.push(...e.words.map((w) => w.text));
      })();
      stream.write(concat(noise(300, speech.sampleRate), speech.samples, noise(700, speech.sampleRate)));
      await stream.end();
      await reading;
      assert.ok(digitsOf(heard).length >= 3 && heard.includes('card'), `heard: ${heard.join(' ')}`);
    } finally {
      await local.close();
    }
  });

  it('report a missing PocketSphinx as ASR_UNAVAILABLE naming the packages to install', async () => {
    await assert.rejects(
      openLocalSpeechProviders({ asr: { libraries: { pocketsphinx: 'libpocketsphinx-gone.so.3', sphinxbase: 'libsphinxbase.so.3' } } }),
      (err) => isSottoError(err, 'ASR_UNAVAILABLE') && err.message.includes('apt-get install pocketsphinx pocketsphinx-en-us flite'),
    );
  });

  it('report a missing Flite as TTS_UNAVAILABLE naming the packages to install', async () => {
    await assert.rejects(
      openLocalSpeechProviders({ tts: { libraries: { flite: 'libflite-gone.so.1', voice: 'libflite_cmu_us_slt.so.1' } } }),
      (err) => isSottoError(err, 'TTS_UNAVAILABLE') && err.message.includes('apt-get install pocketsphinx pocketsphinx-en-us flite'),
    );
  });
});
