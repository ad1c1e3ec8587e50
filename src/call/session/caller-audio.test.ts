import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createReplayAsrProvider, type AsrStream } from '../../speech/index.js';
import { CallerAudio, type CallerAudioOptions } from './caller-audio.js';

// The recognizer is the replay recognizer (it REPLACES speech recognition): these tests are
// about the frame path, not about what is heard.
async function openReplay(): Promise<AsrStream> {
  return createReplayAsrProvider([{ words: [{ text: 'hello', startMs: 100, endMs: 300 }] }], { sampleRate: 16000 }).open();
}

function tone(samples: number, amplitude: number): Int16Array {
  return Int16Array.from({ length: samples }, (_, i) => Math.round(amplitude * Math.sin((2 * Math.PI * 440 * i) / 8000)));
}

function callerAudio(asr: AsrStream, extra: Partial<CallerAudioOptions> = {}): CallerAudio {
  return new CallerAudio({ sampleRate: 8000, asrSampleRate: 16000, maxDurationMs: 60_000, asr, onSpeechStart: () => undefined, ...extra });
}

describe('CallerAudio with a frame timer (replay recognizer in place of recognition)', () => {
  it('calls the timer once per pushed frame, with the frame timestamp and a non-negative time', async () => {
    const asr = await openReplay();
    const timed: { ms: number; timestampMs: number }[] = [];
    const audio = callerAudio(asr, { frameTimer: (ms, timestampMs) => timed.push({ ms, timestampMs }) });
    for (let at = 0; at < 1000; at += 20) audio.push(at, tone(160, at < 500 ? 4000 : 0));
    assert.equal(timed.length, 50);
    assert.deepEqual(timed.map((t) => t.timestampMs), Array.from({ length: 50 }, (_, i) => i * 20));
    for (const t of timed) assert.ok(Number.isFinite(t.ms) && t.ms >= 0, `frame time ${t.ms}`);
    asr.close();
  });

  it('times a late frame too: it is recorded even though the recognizer has moved on', async () => {
    const asr = await openReplay();
    let calls = 0;
    const audio = callerAudio(asr, { frameTimer: () => void calls++ });
    audio.push(0, tone(160, 1000));
    audio.push(20, tone(160, 1000));
    audio.push(0, tone(160, 1000));
    assert.equal(calls, 3);
    asr.close();
  });

  it('processes frames the same way without a timer', async () => {
    const asr = await openReplay();
    const withTimer = callerAudio(asr, { frameTimer: () => undefined });
    const plain = callerAudio(asr);
    for (let at = 0; at < 400; at += 20) {
      const frame = tone(160, 3000);
      withTimer.push(at, frame);
      plain.push(at, frame);
    }
    assert.equal(plain.latestMs, 400);
    assert.equal(withTimer.latestMs, plain.latestMs);
    assert.deepEqual(withTimer.track.toSamples(), plain.track.toSamples());
    asr.close();
  });
});

describe('CallerAudio and keypad tones', () => {
  // A stand-in recognizer stream that only records what it is given (it REPLACES recognition).
  function recordingStream(): AsrStream & { written: Int16Array[] } {
    const written: Int16Array[] = [];
    return {
      written,
      write: (samples) => void written.push(samples.slice()),
      end: () => Promise.resolve(),
      close: () => undefined,
      events: async function* () {},
    };
  }
  const key = (samples: number): Int16Array =>
    Int16Array.from({ length: samples }, (_, i) => Math.round(5000 * (Math.sin((2 * Math.PI * 852 * i) / 8000) + Math.sin((2 * Math.PI * 1336 * i) / 8000))));

  it('keeps a tone in the (in-memory) track, reports it, and writes only silence to the recognizer', () => {
    const asr = recordingStream();
    const tones: number[] = [];
    const audio = callerAudio(asr, { onKeypadTone: (atMs) => tones.push(atMs) });
    for (let at = 0; at < 100; at += 20) audio.push(at, key(160));
    audio.flush();
    assert.deepEqual(tones, [0, 20, 40, 60, 80]);
    const loudest = Math.max(...asr.written.flatMap((s) => [...s].map(Math.abs)));
    assert.equal(loudest, 0, 'no tone energy reached the recognizer');
    assert.ok(Math.max(...[...audio.track.toSamples()].map(Math.abs)) > 1000, 'the track keeps the tone until the archive mutes it');
  });

  it('passes speech-like audio through untouched', () => {
    const asr = recordingStream();
    const tones: number[] = [];
    const audio = callerAudio(asr, { onKeypadTone: (atMs) => tones.push(atMs) });
    for (let at = 0; at < 100; at += 20) audio.push(at, tone(160, 4000));
    assert.deepEqual(tones, []);
    assert.ok(Math.max(...asr.written.flatMap((s) => [...s].map(Math.abs))) > 1000);
  });
});
