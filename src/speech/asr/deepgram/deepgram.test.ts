import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isSottoError } from '../../../errors/index.js';
import type { AsrEvent, AsrStream } from '../provider.js';
import { createDeepgramAsrProvider, type DeepgramOptions } from './provider.js';
import { startDeepgramTestServer, type DeepgramTestServer, type DeepgramTestSession } from './test-server.js';

const KEY = 'test-key-0123456789';
const FRAME = new Int16Array(320); // 20 ms at 16 kHz

const results = (words: [string, number, number][], isFinal: boolean, speechFinal: boolean): string =>
  JSON.stringify({
    type: 'Results',
    is_final: isFinal,
    speech_final: speechFinal,
    start: 0,
    duration: 1,
    channel: { alternatives: [{ transcript: words.map((w) => w[0]).join(' '), words: words.map(([word, start, end]) => ({ word, start, end, confidence: 0.9 })) }] },
  });

const summary = (events: readonly AsrEvent[]): string[] => events.map((e) => `${e.kind}:${e.words.map((w) => w.text).join(' ')}`);

async function collect(stream: AsrStream): Promise<AsrEvent[]> {
  const events: AsrEvent[] = [];
  for await (const e of stream.events()) events.push(e);
  return events;
}

describe('the Deepgram adapter against a local Deepgram stand-in (replaces the Deepgram service)', () => {
  let server: DeepgramTestServer;
  let onMessage: ((session: DeepgramTestSession, message: { binary: boolean; text?: string }) => void) | undefined;
  const provider = (overrides: Partial<DeepgramOptions> = {}) =>
    createDeepgramAsrProvider({ apiKey: KEY, url: server.url, ca: server.ca, ...overrides });

  before(async () => {
    server = await startDeepgramTestServer({
      apiKey: KEY,
      utterances: [
        {
          words: [
            { text: 'four', startMs: 100, endMs: 400 },
            { text: 'one', startMs: 400, endMs: 700 },
          ],
        },
      ],
      onMessage: (session, message) => onMessage?.(session, message),
    });
  });
  after(() => server.close());

  it('sends the key and query, streams binary audio, and turns Results into partials and a final in ms', async () => {
    onMessage = undefined;
    const stream = await provider().open();
    const events = collect(stream);
    for (let ms = 0; ms < 1200; ms += 20) stream.write(FRAME);
    await stream.end();
    assert.deepEqual(summary(await events), ['partial:four', 'partial:four one', 'final:four one']);
    const final = (await events).at(-1);
    assert.deepEqual(final?.words, [
      { text: 'four', startMs: 100, endMs: 400 },
      { text: 'one', startMs: 400, endMs: 700 },
    ]);
    const session = server.sessions.at(-1);
    assert.equal(session?.audioBytes, 60 * 640);
    assert.deepEqual(session?.controls, ['CloseStream']);
    const query = Object.fromEntries(session?.query ?? []);
    assert.deepEqual(
      { ...query },
      { encoding: 'linear16', sample_rate: '16000', channels: '1', interim_results: 'true', punctuate: 'false', smart_format: 'false' },
    );
  });

  it('gathers is_final pieces until speech_final, and also ends an utterance on UtteranceEnd', async () => {
    onMessage = (session, message) => {
      if (!message.binary || session.audioBytes !== 640) return;
      session.sendRaw(results([['my', 0.1, 0.3]], true, false));
      session.sendRaw(results([['card', 0.3, 0.6]], false, false));
      session.sendRaw(results([['card', 0.3, 0.62]], true, true));
      session.sendRaw(results([['yes', 1.0, 1.2]], true, false));
      session.sendRaw(JSON.stringify({ type: 'UtteranceEnd', channel: [0, 1], last_word_end: 1.2 }));
      session.sendRaw(JSON.stringify({ type: 'SpeechStarted', channel: [0], timestamp: 1.5 }));
    };
    const stream = await provider().open();
    const events = collect(stream);
    stream.write(FRAME);
    await stream.end();
    assert.deepEqual(summary(await events), ['partial:my', 'partial:my card', 'final:my card', 'partial:yes', 'final:yes']);
    assert.deepEqual((await events)[2]?.words[1], { text: 'card', startMs: 300, endMs: 620 });
  });

  it('sends KeepAlive as a text frame while no audio flows', async () => {
    onMessage = undefined;
    const stream = await provider({ keepAliveMs: 150 }).open();
    await new Promise((r) => setTimeout(r, 500));
    await stream.end();
    const controls = server.sessions.at(-1)?.controls ?? [];
    assert.ok(controls.filter((c) => c === 'KeepAlive').length >= 2, controls.join(','));
    assert.equal(controls.at(-1), 'CloseStream');
  });

  it('refuses a wrong key with ASR_UNAVAILABLE (HTTP 401 on the upgrade)', async () => {
    const before = server.refused;
    await assert.rejects(
      createDeepgramAsrProvider({ apiKey: 'wrong-key', url: server.url, ca: server.ca }).open(),
      (err) => isSottoError(err, 'ASR_UNAVAILABLE') && /401/.test(err.message) && !err.message.includes('wrong-key'),
    );
    assert.equal(server.refused, before + 1);
  });

  it('fails the stream with ASR_FAILED when the server closes mid-stream', async () => {
    onMessage = (session, message) => {
      if (message.binary && session.audioBytes >= 640 * 3) session.close(1011);
    };
    const stream = await provider().open();
    const events = collect(stream);
    for (let i = 0; i < 3; i++) stream.write(FRAME);
    await assert.rejects(events, (err) => isSottoError(err, 'ASR_FAILED') && /1011/.test(err.message));
    await assert.rejects(stream.end(), (err) => isSottoError(err, 'ASR_FAILED'));
    stream.write(FRAME); // ignored after the failure, no throw
  });

  it('fails with ASR_FAILED, without crashing, on malformed JSON or a malformed Results', async () => {
    for (const bad of ['{not json', JSON.stringify({ type: 'Results', is_final: 'yes', channel: {} }), JSON.stringify([1, 2])]) {
      onMessage = (session, message) => {
        if (message.binary) session.sendRaw(bad);
      };
      const stream = await provider().open();
      const events = collect(stream);
      stream.write(FRAME);
      await assert.rejects(events, (err) => isSottoError(err, 'ASR_FAILED'));
      stream.close();
    }
  });

  it('close() ends the events at once and drops the connection', async () => {
    onMessage = undefined;
    const stream = await provider().open();
    const events = collect(stream);
    stream.write(FRAME);
    stream.close();
    stream.close();
    assert.deepEqual(await events, []);
    await stream.end(); // resolves: nothing left to flush
  });

  it('refuses a server whose certificate it does not trust, with ASR_UNAVAILABLE', async () => {
    await assert.rejects(createDeepgramAsrProvider({ apiKey: KEY, url: server.url }).open(), (err) => isSottoError(err, 'ASR_UNAVAILABLE'));
  });
});

describe('the Deepgram adapter configuration', () => {
  it('refuses ws:// with PROVIDER_INSECURE_URL, allowing plain only to loopback when asked', () => {
    const refused = (err: unknown): boolean => isSottoError(err, 'PROVIDER_INSECURE_URL');
    assert.throws(() => createDeepgramAsrProvider({ apiKey: KEY, url: 'ws://api.deepgram.com/v1/listen' }), refused);
    assert.throws(() => createDeepgramAsrProvider({ apiKey: KEY, url: 'ws://127.0.0.1:9/v1/listen' }), refused);
    assert.throws(() => createDeepgramAsrProvider({ apiKey: KEY, url: 'ws://10.1.2.3/v1/listen', allowInsecureLoopback: true }), refused);
    assert.equal(createDeepgramAsrProvider({ apiKey: KEY, url: 'ws://127.0.0.1:9/v1/listen', allowInsecureLoopback: true }).name, 'deepgram');
  });

  it('refuses an empty key or one that could break the header', () => {
    for (const apiKey of ['', 'a b', 'key\r\nX-Evil: 1']) {
      assert.throws(() => createDeepgramAsrProvider({ apiKey }), (err) => isSottoError(err, 'CONFIG_INVALID'));
    }
  });

  it('names Deepgram as a remote subprocessor', () => {
    assert.deepEqual(createDeepgramAsrProvider({ apiKey: KEY }).subprocessor, { name: 'deepgram', kind: 'asr', local: false });
  });
});
