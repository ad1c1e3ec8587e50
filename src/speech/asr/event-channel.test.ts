import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SottoError, isSottoError } from '../../errors/index.js';
import { createAsrEventChannel } from './event-channel.js';
import type { AsrEvent } from './provider.js';

const word = (text: string, startMs: number): AsrEvent => ({ kind: 'final', words: [{ text, startMs, endMs: startMs + 100 }] });

async function drain(events: AsyncIterable<AsrEvent>): Promise<string[]> {
  const seen: string[] = [];
  for await (const e of events) seen.push(e.words[0]?.text ?? '');
  return seen;
}

describe('the recognizer event channel', () => {
  it('delivers events pushed before and after the consumer starts, in order, then ends', async () => {
    const channel = createAsrEventChannel(() => undefined);
    channel.push(word('one', 0));
    const reading = drain(channel.events());
    channel.push(word('two', 100));
    await new Promise((r) => setImmediate(r));
    channel.push(word('three', 200));
    channel.end();
    assert.deepEqual(await reading, ['one', 'two', 'three']);
  });

  it('when it fails, delivers the queued events first and then throws the SottoError', async () => {
    const channel = createAsrEventChannel(() => undefined);
    channel.push(word('one', 0));
    channel.fail(new SottoError('ASR_FAILED', 'the engine died'));
    channel.push(word('late', 100));
    const seen: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const e of channel.events()) seen.push(e.words[0]?.text ?? '');
      })(),
      (err) => isSottoError(err, 'ASR_FAILED'),
    );
    assert.deepEqual(seen, ['one']);
  });

  it('when aborted, drops queued events and ends the iteration', async () => {
    const channel = createAsrEventChannel(() => undefined);
    channel.push(word('one', 0));
    channel.abort();
    assert.deepEqual(await drain(channel.events()), []);
  });

  it('has one consumer: a second events() call throws', () => {
    const channel = createAsrEventChannel(() => undefined);
    channel.events();
    assert.throws(() => channel.events(), (err) => isSottoError(err, 'ASR_FAILED'));
  });

  it('when the consumer breaks out of its loop, tells the stream to close', async () => {
    let stopped = 0;
    const channel = createAsrEventChannel(() => stopped++);
    channel.push(word('one', 0));
    channel.push(word('two', 100));
    for await (const _ of channel.events()) break;
    assert.equal(stopped, 1);
  });
});
