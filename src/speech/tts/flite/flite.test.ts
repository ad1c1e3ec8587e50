import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { isSottoError } from '../../../errors/index.js';
import { createFliteTtsProvider } from './provider.js';

const rms = (samples: Int16Array): number => Math.sqrt(samples.reduce((sum, s) => sum + s * s, 0) / Math.max(1, samples.length));

describe('Flite speech synthesis (real libflite, voice slt)', () => {
  const tts = createFliteTtsProvider();
  after(() => tts.close());

  it('speaks a sentence as 16 kHz PCM16 in memory, as long as the sentence takes to say', async () => {
    const speech = await tts.synthesize('My card number is four one one one.');
    assert.equal(speech.sampleRate, 16000);
    assert.ok(speech.samples instanceof Int16Array);
    const seconds = speech.samples.length / speech.sampleRate;
    assert.ok(seconds > 1.2 && seconds < 4, `duration ${seconds} s`);
    assert.ok(rms(speech.samples) > 500, 'the audio is not silence');
    assert.deepEqual(tts.subprocessor, { name: 'flite', kind: 'tts', local: true });
  });

  it('speaks at the rate asked: 8 kHz made in the Flite process, as long and as loud as its 16 kHz audio', async () => {
    // Flite's excitation is random, so two syntheses of one text differ sample by sample; their
    // length and level do not.
    const text = 'Please read me the digits on the front of your card.';
    const wide = await tts.synthesize(text);
    const narrow = await tts.synthesize(text, { sampleRate: 8000 });
    assert.equal(narrow.sampleRate, 8000);
    assert.equal(narrow.samples.length, Math.ceil(wide.samples.length / 2));
    const levelDb = 20 * Math.log10(rms(narrow.samples) / rms(wide.samples));
    assert.ok(Math.abs(levelDb) < 1, `level ${levelDb.toFixed(2)} dB from the 16 kHz audio`);
    const same = await tts.synthesize(text, { sampleRate: 16000 });
    assert.equal(same.sampleRate, 16000);
    assert.equal(same.samples.length, wide.samples.length, 'its own rate is not resampled');
  });

  it('refuses a sample rate the resampler cannot make with AUDIO_FORMAT_INVALID', async () => {
    for (const sampleRate of [0, 8000.5, Number.NaN, 1e9]) {
      await assert.rejects(tts.synthesize('hello', { sampleRate }), (err) => isSottoError(err, 'AUDIO_FORMAT_INVALID'), String(sampleRate));
    }
  });

  it('serves concurrent requests, each with its own audio', async () => {
    const texts = ['Yes.', 'Thank you for calling, how can I help you today?', 'Goodbye.'];
    const spoken = await Promise.all(texts.map((t) => tts.synthesize(t)));
    const lengths = spoken.map((s) => s.samples.length);
    assert.ok((lengths[1] ?? 0) > 2 * Math.max(lengths[0] ?? 0, lengths[2] ?? 0), `lengths ${lengths.join(', ')}`);
  });

  it('keeps the event loop free while a long text is synthesized', async () => {
    const text = 'Please read me the sixteen digits on the front of your card, slowly and one at a time. '.repeat(12);
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const started = performance.now();
    const speech = await tts.synthesize(text);
    const tookMs = performance.now() - started;
    delay.disable();
    assert.ok(speech.samples.length / 16000 > 40, 'a long text gives long audio');
    assert.ok(tookMs > 150, `synthesis took ${tookMs} ms, too little to show anything`);
    const maxDelayMs = delay.max / 1e6;
    // Synthesis on the event loop would stall it for the whole call.
    assert.ok(maxDelayMs < tookMs / 2, `event loop stalled ${maxDelayMs} ms during ${tookMs} ms of synthesis`);
  });

  it('when aborted, rejects with the abort reason and goes on serving', async () => {
    const controller = new AbortController();
    const pending = tts.synthesize('This sentence will not be heard by anyone at all.', { signal: controller.signal });
    controller.abort(new Error('caller hung up'));
    await assert.rejects(pending, /caller hung up/);
    const next = await tts.synthesize('Still here.');
    assert.ok(next.samples.length > 0);
  });

  it('refuses overlong text with TTS_FAILED', async () => {
    await assert.rejects(tts.synthesize('word '.repeat(1000)), (err) => isSottoError(err, 'TTS_FAILED'));
  });
});

describe('Flite when it cannot be loaded', () => {
  it('reports TTS_UNAVAILABLE naming the Debian package to install', async () => {
    const tts = createFliteTtsProvider({ libraries: { flite: 'libflite.so.1', voice: 'libflite_cmu_us_missing.so.1' } });
    try {
      await assert.rejects(tts.warmUp(), (err) => isSottoError(err, 'TTS_UNAVAILABLE') && /apt-get install .*flite/.test(err.message));
      await assert.rejects(tts.synthesize('hello'), (err) => isSottoError(err, 'TTS_UNAVAILABLE'));
    } finally {
      await tts.close();
    }
  });

  it('after close(), refuses requests with TTS_UNAVAILABLE', async () => {
    const tts = createFliteTtsProvider();
    await tts.warmUp();
    await tts.close();
    await assert.rejects(tts.synthesize('hello'), (err) => isSottoError(err, 'TTS_UNAVAILABLE'));
  });
});
