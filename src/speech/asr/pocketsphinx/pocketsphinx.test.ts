import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createResampler, resample } from '../../../audio/index.js';
import type { TimedWord } from '../../../detect/index.js';
import { isSottoError } from '../../../errors/index.js';
import { concat, digitsOf, editDistance, noise, speak } from '../../test-speech.js';
import { createFliteTtsProvider } from '../../tts/flite/provider.js';
import type { AsrEvent, AsrProvider } from '../provider.js';
import { measureAsrRealTimeFactor } from '../real-time-factor.js';
import { createPocketsphinxAsrProvider, type PocketsphinxAsrProvider } from './provider.js';

const RATE = 16000;
const CARD = 'my card number is four one one one one one one one one one one one one one one one';
const DIGIT_SENTENCES = [
  CARD,
  'four five three two one nine eight seven six five four three two one zero nine',
  'the code is seven three nine',
  'my phone number is five five five two three eight one nine four zero',
  'six zero two eight four one seven three',
];
const DIGITS_GRAMMAR =
  '#JSGF V1.0; grammar digits; public <utterance> = ( <digit> | <filler> )* ; ' +
  '<digit> = zero | oh | one | two | three | four | five | six | seven | eight | nine ; ' +
  '<filler> = my | card | number | is | the | code | phone | it ;';

/** Write `audio` in 20 ms chunks, end, and return every event. */
async function recognize(asr: AsrProvider, audio: Int16Array, inputRate = RATE): Promise<AsrEvent[]> {
  const stream = await asr.open({ inputRate });
  const frame = inputRate / 50;
  const events: AsrEvent[] = [];
  const reading = (async () => {
    for await (const e of stream.events()) events.push(e);
  })();
  for (const chunk of chunks(audio, frame)) stream.write(chunk);
  await stream.end();
  await reading;
  return events;
}

const chunks = (audio: Int16Array, size: number): Int16Array[] =>
  Array.from({ length: Math.ceil(audio.length / size) }, (_, k) => audio.subarray(k * size, (k + 1) * size));

const finalWords = (events: readonly AsrEvent[]): TimedWord[][] =>
  events.filter((e) => e.kind === 'final' && e.words.length > 0).map((e) => e.words);

/** Where the speech in a Flite clip starts: the first 10 ms window above a clear level. */
function speechOnsetMs(samples: Int16Array): number {
  for (let i = 0; i + 160 <= samples.length; i += 160) {
    let sum = 0;
    for (let j = i; j < i + 160; j++) sum += Math.abs(samples[j] ?? 0);
    if (sum / 160 > 300) return i / 16;
  }
  return Infinity;
}

describe('PocketSphinx recognizing real speech (Flite voice slt, real libpocketsphinx)', () => {
  const tts = createFliteTtsProvider();
  let asr: PocketsphinxAsrProvider;
  const clips = new Map<string, Int16Array>();
  const clip = async (text: string): Promise<Int16Array> => {
    let samples = clips.get(text);
    if (!samples) clips.set(text, (samples = await speak(tts, text, RATE)));
    return samples;
  };

  before(async () => {
    asr = createPocketsphinxAsrProvider({ warmDecoders: 2 });
    await asr.warmUp();
  });
  after(async () => {
    await asr.close();
    await tts.close();
  });

  it('recognizes most digits of spoken card and phone numbers with the general language model', async (t) => {
    const parts = [noise(800, RATE)];
    for (const sentence of DIGIT_SENTENCES) parts.push(await clip(sentence), noise(1200, RATE, 60, parts.length));
    const finals = finalWords(await recognize(asr, concat(...parts)));
    const reference = digitsOf(DIGIT_SENTENCES.join(' ').split(' '));
    const heard = digitsOf(finals.flat().map((w) => w.text));
    const accuracy = 1 - editDistance(reference, heard) / reference.length;
    t.diagnostic(`digit accuracy ${accuracy.toFixed(3)} over ${reference.length} digits; utterances ${finals.length}`);
    assert.ok(accuracy >= 0.8, `digit accuracy ${accuracy}`);
    const card = finals[0]?.map((w) => w.text) ?? [];
    assert.ok(digitsOf(card).filter((d) => d === 'one').length >= 12, `card utterance heard as: ${card.join(' ')}`);
  });

  it('recognizes digits better still with a digits grammar', async (t) => {
    const digitsAsr = createPocketsphinxAsrProvider({ grammar: DIGITS_GRAMMAR, warmDecoders: 0 });
    try {
      const parts = [noise(800, RATE)];
      for (const sentence of DIGIT_SENTENCES) parts.push(await clip(sentence), noise(1200, RATE, 60, parts.length));
      const heard = digitsOf(finalWords(await recognize(digitsAsr, concat(...parts))).flat().map((w) => w.text));
      const reference = digitsOf(DIGIT_SENTENCES.join(' ').split(' '));
      const accuracy = 1 - editDistance(reference, heard) / reference.length;
      t.diagnostic(`digit accuracy with the grammar ${accuracy.toFixed(3)}`);
      assert.ok(accuracy >= 0.9, `digit accuracy ${accuracy}`);
    } finally {
      await digitsAsr.close();
    }
  });

  it('cuts utterances at silence, emits partials before each final, and times words where the speech is', async () => {
    const first = await clip(CARD);
    const second = await clip('the code is seven three nine');
    const secondAtMs = 1500 + first.length / 16 + 1500;
    const audio = concat(noise(1500, RATE), first, noise(1500, RATE, 60, 2), second, noise(1000, RATE, 60, 3));
    const audioMs = audio.length / 16;
    const events = await recognize(asr, audio);

    const finals = finalWords(events);
    assert.equal(finals.length, 2, `utterances: ${finals.map((f) => f.map((w) => w.text).join(' ')).join(' | ')}`);
    const firstFinal = events.findIndex((e) => e.kind === 'final' && e.words.length > 0);
    assert.ok(events.slice(0, firstFinal).some((e) => e.kind === 'partial' && e.words.length > 0), 'a partial came before the first final');

    const all = finals.flat();
    let previousEnd = 0;
    for (const w of all) {
      assert.ok(w.startMs >= previousEnd && w.endMs > w.startMs, `word times go forward: ${JSON.stringify(w)}`);
      assert.ok(w.endMs <= audioMs, `word inside the audio: ${JSON.stringify(w)}`);
      previousEnd = w.endMs;
    }
    // Times count from the first sample written, across utterances.
    const tolerance = 250;
    const firstStart = finals[0]?.[0]?.startMs ?? -1;
    const secondStart = finals[1]?.[0]?.startMs ?? -1;
    assert.ok(Math.abs(firstStart - (1500 + speechOnsetMs(first))) <= tolerance, `first utterance starts at ${firstStart}`);
    assert.ok(Math.abs(secondStart - (secondAtMs + speechOnsetMs(second))) <= tolerance, `second utterance starts at ${secondStart}`);
  });

  it('on end(), finishes an utterance that is still in speech', async () => {
    const events = await recognize(asr, concat(noise(500, RATE), await clip('the code is seven three nine')));
    const last = events.at(-1);
    assert.equal(last?.kind, 'final');
    assert.ok(digitsOf(last.words.map((w) => w.text)).length >= 2, `heard: ${last.words.map((w) => w.text).join(' ')}`);
  });

  it('decodes two streams at once, each hearing only its own caller', async () => {
    const a = concat(noise(300, RATE), await clip(CARD), noise(800, RATE));
    const b = concat(noise(300, RATE, 60, 9), await clip(DIGIT_SENTENCES[1] ?? ''), noise(800, RATE, 60, 9));
    const [streamA, streamB] = await Promise.all([asr.open(), asr.open()]);
    const read = async (events: AsyncIterable<AsrEvent>): Promise<string[]> => {
      const words: string[] = [];
      for await (const e of events) if (e.kind === 'final') words.push(...e.words.map((w) => w.text));
      return words;
    };
    const heardA = read(streamA.events());
    const heardB = read(streamB.events());
    for (let i = 0; i < Math.max(a.length, b.length); i += 320) {
      if (i < a.length) streamA.write(a.subarray(i, i + 320));
      if (i < b.length) streamB.write(b.subarray(i, i + 320));
    }
    await Promise.all([streamA.end(), streamB.end()]);
    const digitsA = digitsOf(await heardA);
    const digitsB = digitsOf(await heardB);
    assert.ok(digitsA.filter((d) => d === 'one').length >= 12, `A heard ${digitsA.join(' ')}`);
    assert.ok(!digitsA.includes('seven') && !digitsA.includes('eight'), `A heard ${digitsA.join(' ')}`);
    assert.ok(['seven', 'eight', 'nine', 'zero'].every((d) => digitsB.includes(d)), `B heard ${digitsB.join(' ')}`);
    assert.ok(digitsB.filter((d) => d === 'one').length <= 3, `B heard ${digitsB.join(' ')}`);
  });

  it('keeps the event loop free while decoding faster than real time', async () => {
    const audio = concat(await clip(CARD), noise(300, RATE), await clip(CARD));
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const rtf = await measureAsrRealTimeFactor(asr, audio);
    delay.disable();
    const maxDelayMs = delay.max / 1e6;
    assert.ok(rtf.elapsedMs > 200, `decoding took ${rtf.elapsedMs} ms, too little to show anything`);
    // Decoding on the event loop would stall it for about the whole decode; a loaded machine
    // may deschedule the main thread for a while, but not for half of it.
    assert.ok(maxDelayMs < rtf.elapsedMs / 2, `event loop stalled ${maxDelayMs} ms during ${rtf.elapsedMs} ms of decoding`);
  });

  it('decodes faster than real time (reports its real-time factor)', async (t) => {
    const audio = concat(noise(500, RATE), await clip(CARD), noise(800, RATE));
    const rtf = await measureAsrRealTimeFactor(asr, audio);
    t.diagnostic(`pocketsphinx real-time factor ${rtf.realTimeFactor.toFixed(3)} (${rtf.elapsedMs.toFixed(0)} ms for ${rtf.audioMs} ms)`);
    assert.ok(rtf.realTimeFactor < 1, `real-time factor ${rtf.realTimeFactor}`);
    assert.ok(rtf.finals.flat().length > 10);
  });

  it('close() ends the stream and releases its decoder thread', async () => {
    const local = createPocketsphinxAsrProvider({ warmDecoders: 0 });
    const stream = await local.open();
    assert.deepEqual(local.stats(), { threads: 1, streams: 1 });
    const events = (async () => {
      const seen: AsrEvent[] = [];
      for await (const e of stream.events()) seen.push(e);
      return seen;
    })();
    stream.write(await clip('the code is seven three nine'));
    stream.close();
    stream.close();
    stream.write(new Int16Array(320)); // ignored after close
    assert.deepEqual(await events, []);
    await local.close();
    assert.deepEqual(local.stats(), { threads: 0, streams: 0 });
  });

  it('takes 8 kHz phone audio and upsamples it in its thread to exactly what the call used to send it', async () => {
    const phone = resample(concat(noise(400, RATE), await clip(CARD), noise(600, RATE)), RATE, 8000);
    // Before: the call session upsampled every 20 ms frame on the event loop and wrote 16 kHz.
    const upsampler = createResampler(8000, RATE, { quality: 'recognition' });
    const upsampled = concat(...chunks(phone, 160).map((frame) => upsampler.push(frame)), upsampler.flush());
    const before = await recognize(asr, upsampled);
    const after = await recognize(asr, phone, 8000);
    assert.ok(finalWords(after).flat().length >= 3, `heard: ${finalWords(after).flat().map((w) => w.text).join(' ')}`);
    assert.deepEqual(after, before);
  });

  it('refuses to open at a rate it does not take', async () => {
    assert.deepEqual(asr.inputRates, [8000]);
    for (const inputRate of [11025, 44100, 48000]) {
      await assert.rejects(asr.open({ inputRate }), (err) => isSottoError(err, 'AUDIO_FORMAT_INVALID') && err.message.includes(String(inputRate)));
    }
  });

  it('refuses audio that is not an Int16Array', async () => {
    const stream = await asr.open();
    try {
      assert.throws(() => stream.write(new Uint8Array(640) as unknown as Int16Array), (err) => isSottoError(err, 'AUDIO_FORMAT_INVALID'));
    } finally {
      stream.close();
    }
  });
});

describe('PocketSphinx when it cannot be loaded', () => {
  it('reports a missing model as ASR_UNAVAILABLE naming the Debian packages', () => {
    assert.throws(
      () => createPocketsphinxAsrProvider({ acousticModel: '/nonexistent/en-us' }),
      (err) => isSottoError(err, 'ASR_UNAVAILABLE') && err.message.includes('apt-get install pocketsphinx pocketsphinx-en-us flite'),
    );
  });

  it('reports a missing library as ASR_UNAVAILABLE from open() and from warmUp()', async () => {
    const asr = createPocketsphinxAsrProvider({ libraries: { pocketsphinx: 'libpocketsphinx-missing.so.3', sphinxbase: 'libsphinxbase.so.3' } });
    try {
      await assert.rejects(asr.warmUp(), (err) => isSottoError(err, 'ASR_UNAVAILABLE') && /apt-get install/.test(err.message));
      await assert.rejects(asr.open(), (err) => isSottoError(err, 'ASR_UNAVAILABLE'));
    } finally {
      await asr.close();
    }
    assert.equal(asr.stats().threads, 0);
  });

  it('rejects open() with the reason when the signal is already aborted', async () => {
    const asr = createPocketsphinxAsrProvider({ warmDecoders: 0 });
    await assert.rejects(asr.open({ signal: AbortSignal.abort(new Error('call ended')) }), /call ended/);
    await asr.close();
  });
});
