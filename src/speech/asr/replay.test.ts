import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSottoError } from '../../errors/index.js';
import type { AsrEvent } from './provider.js';
import { createReplayAsrProvider } from './replay.js';

const script = [
  {
    words: [
      { text: 'four', startMs: 100, endMs: 400 },
      { text: 'one', startMs: 400, endMs: 700 },
    ],
  },
  { words: [{ text: 'yes', startMs: 2000, endMs: 2300 }] },
];

async function collect(events: AsyncIterable<AsrEvent>): Promise<string[]> {
  const out: string[] = [];
  for await (const e of events) out.push(`${e.kind}:${e.words.map((w) => w.text).join(' ')}`);
  return out;
}

describe('the replay recognizer (replaces recognition with a script)', () => {
  it('emits growing partials as audio passes each word, and the final after the endpoint delay', async () => {
    const asr = createReplayAsrProvider(script);
    assert.equal(asr.sampleRate, 8000);
    assert.deepEqual(asr.subprocessor, { name: 'replay', kind: 'asr', local: true });
    const stream = await asr.open();
    const events = collect(stream.events());
    const frame = new Int16Array(160); // 20 ms at 8 kHz
    for (let ms = 0; ms < 3000; ms += 20) stream.write(frame);
    await stream.end();
    assert.deepEqual(await events, ['partial:four', 'partial:four one', 'final:four one', 'partial:yes', 'final:yes']);
  });

  it('emits nothing before the audio reaches a word, whatever the chunk size', async () => {
    const stream = await createReplayAsrProvider(script, { sampleRate: 16000 }).open();
    const seen: AsrEvent[] = [];
    const reading = (async () => {
      for await (const e of stream.events()) seen.push(e);
    })();
    stream.write(new Int16Array(16 * 399));
    await new Promise((r) => setImmediate(r));
    assert.equal(seen.length, 0);
    stream.write(new Int16Array(16 * 10_000)); // one large write passes everything
    await stream.end();
    await reading;
    assert.deepEqual(
      seen.map((e) => e.kind),
      ['partial', 'final', 'partial', 'final'],
    );
    assert.deepEqual(seen[1]?.words, script[0]?.words);
  });

  it('on end(), finalizes the utterance cut off by the end of the audio with the words heard', async () => {
    const stream = await createReplayAsrProvider(script).open();
    const events = collect(stream.events());
    stream.write(new Int16Array(8 * 500)); // 500 ms: "four" heard, "one" not yet
    await stream.end();
    assert.deepEqual(await events, ['partial:four', 'final:four']);
  });

  it('after close(), ignores writes and ends the events', async () => {
    const stream = await createReplayAsrProvider(script).open();
    const events = collect(stream.events());
    stream.close();
    stream.write(new Int16Array(8000 * 3));
    assert.deepEqual(await events, []);
  });

  it('refuses a script whose words go back in time or have no text', () => {
    const bad = [{ words: [{ text: 'a', startMs: 500, endMs: 600 }, { text: 'b', startMs: 100, endMs: 200 }] }];
    assert.throws(() => createReplayAsrProvider(bad), (err) => isSottoError(err, 'CONFIG_INVALID'));
    assert.throws(() => createReplayAsrProvider([{ words: [{ text: '', startMs: 0, endMs: 1 }] }]), (err) => isSottoError(err, 'CONFIG_INVALID'));
  });

  it('refuses audio that is not an Int16Array', async () => {
    const stream = await createReplayAsrProvider(script).open();
    assert.throws(() => stream.write(new Float32Array(160) as unknown as Int16Array), (err) => isSottoError(err, 'AUDIO_FORMAT_INVALID'));
  });
});
