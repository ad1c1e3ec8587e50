import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSottoError } from '../errors/index.js';
import { resample } from './resampler.js';
import { concat, fliteSpeech, noise, seededRandom, tone } from './test-signals.js';
import { createVad, type VadEvent, type VadOptions } from './vad.js';

interface Reported extends Record<string, unknown> {
  type: VadEvent['type'];
  timeMs: number;
  /** Start time of the frame whose push reported the event. */
  atMs: number;
}

/** Feeds `audio` in 20 ms frames, as a call does, and collects the events (finish included). */
function detect(audio: Int16Array, sampleRate: number, options: VadOptions = {}): Reported[] {
  const vad = createVad({ sampleRate, ...options });
  const frame = sampleRate / 50;
  const events: Reported[] = [];
  for (let at = 0; at + frame <= audio.length; at += frame) {
    const timeMs = (at * 1000) / sampleRate;
    for (const e of vad.push(audio.subarray(at, at + frame), timeMs)) events.push({ ...e, atMs: timeMs });
  }
  for (const e of vad.finish()) events.push({ ...e, atMs: (audio.length * 1000) / sampleRate });
  return events;
}

const background = (sampleRate: number, ms: number, seed: number, levelDb = -60): Int16Array => noise(sampleRate, ms, levelDb, seededRandom(seed));

function near(actual: number | undefined, expected: number, toleranceMs: number, what: string): void {
  assert.ok(actual !== undefined && Math.abs(actual - expected) <= toleranceMs, `${what}: ${actual} ms, expected ${expected} ± ${toleranceMs}`);
}

/** Noise shaped like syllables: 4 Hz amplitude modulation, deep dips, at a conversational level. */
function speechLike(sampleRate: number, ms: number, seed: number): Int16Array {
  const carrier = noise(sampleRate, ms, -22, seededRandom(seed));
  for (let i = 0; i < carrier.length; i++) {
    const envelope = 0.55 + 0.45 * Math.sin((2 * Math.PI * 4 * i) / sampleRate);
    carrier[i] = Math.round((carrier[i] as number) * envelope);
  }
  return carrier;
}

describe('the VAD', () => {
  describe('on silence or steady background noise', () => {
    it('reports nothing for digital silence', () => {
      assert.deepEqual(detect(new Int16Array(8000 * 3), 8000), []);
    });

    it('reports nothing for steady noise it learned during warm-up, even above the absolute minimum level', () => {
      assert.deepEqual(detect(background(8000, 5000, 1, -40), 8000), []);
    });
  });

  describe('on a tone burst', () => {
    const burst = concat(background(8000, 1000, 2), tone(1000, 8000, 400, 3000), background(8000, 1500, 3));

    it('reports its start and end times, each within one frame', () => {
      const events = detect(burst, 8000);
      assert.deepEqual(events.map((e) => e.type), ['speech_start', 'speech_end']);
      near(events[0]?.timeMs, 1000, 20, 'start');
      near(events[1]?.timeMs, 1400, 20, 'end');
    });

    it('reports the start after the minimum speech duration (barge-in latency) and the end after the hangover', () => {
      const [start, end] = detect(burst, 8000);
      near(start?.atMs, 1000 + 120 - 20, 20, 'start reported');
      near(end?.atMs, 1400 + 600 - 20, 20, 'end reported');
    });

    it('works the same at 16 kHz', () => {
      const events = detect(resample(burst, 8000, 16000), 16000);
      assert.deepEqual(events.map((e) => e.type), ['speech_start', 'speech_end']);
      near(events[0]?.timeMs, 1000, 20, 'start');
      near(events[1]?.timeMs, 1400, 20, 'end');
    });
  });

  it('ignores a click shorter than the minimum speech duration', () => {
    assert.deepEqual(detect(concat(background(8000, 1000, 4), tone(1000, 8000, 60, 8000), background(8000, 1000, 5)), 8000), []);
  });

  it('keeps one utterance across pauses shorter than the hangover and splits at longer ones', () => {
    const audio = concat(
      background(8000, 1000, 6),
      speechLike(8000, 1200, 7),
      background(8000, 300, 8), // a pause between words
      speechLike(8000, 800, 9),
      background(8000, 1200, 10), // the end of a turn
      speechLike(8000, 700, 11),
      background(8000, 1000, 12),
    );
    const events = detect(audio, 8000);
    assert.deepEqual(events.map((e) => e.type), ['speech_start', 'speech_end', 'speech_start', 'speech_end']);
    near(events[0]?.timeMs, 1000, 40, 'first start');
    near(events[1]?.timeMs, 3300, 60, 'first end');
    near(events[2]?.timeMs, 4500, 40, 'second start');
    near(events[3]?.timeMs, 5200, 60, 'second end');
  });

  it('follows a rise in background noise within its 2 s window and still hears speech over it', () => {
    const audio = concat(background(8000, 1000, 13), background(8000, 6000, 14, -35), tone(500, 8000, 500, 6000), background(8000, 1500, 15, -35));
    const events = detect(audio, 8000);
    // The jump may read as speech until the floor catches up; it must end within the window.
    const noiseEvents = events.filter((e) => e.timeMs < 7000);
    assert.ok(noiseEvents.length <= 2, JSON.stringify(noiseEvents));
    if (noiseEvents.length === 2) assert.ok((noiseEvents[1]?.timeMs ?? Infinity) < 1000 + 2500, 'the false segment ends within 2.5 s');
    const speech = events.filter((e) => e.timeMs >= 7000);
    assert.deepEqual(speech.map((e) => e.type), ['speech_start', 'speech_end']);
    near(speech[0]?.timeMs, 7000, 20, 'start over noise');
    near(speech[1]?.timeMs, 7500, 20, 'end over noise');
  });

  describe('on real speech synthesized by Flite', () => {
    const speech = fliteSpeech('my card number is four one one one and it expires in december');
    let first = 0;
    let last = 0;
    speech.forEach((s, i) => {
      if (Math.abs(s) <= 300) return;
      if (first === 0) first = i;
      last = i;
    });
    // One second of quiet line noise before and after, the speech mixed with it.
    const line = background(16000, speech.length + 32000, 16);
    for (let i = 0; i < speech.length; i++) line[16000 + i] = Math.max(-32768, Math.min(32767, (line[16000 + i] as number) + (speech[i] as number)));
    const onsetMs = 1000 + first / 16;
    const endMs = 1000 + last / 16;

    for (const rate of [16000, 8000]) {
      it(`finds one utterance from the first to the last audible sound at ${rate / 1000} kHz`, () => {
        const events = detect(rate === 16000 ? line : resample(line, 16000, 8000), rate);
        assert.deepEqual(events.map((e) => e.type), ['speech_start', 'speech_end']);
        near(events[0]?.timeMs, onsetMs, 60, 'start');
        near(events[1]?.timeMs, endMs, 100, 'end');
      });
    }
  });

  it('ends speech still in progress when the stream finishes', () => {
    const events = detect(concat(background(8000, 1000, 17), tone(700, 8000, 500, 5000)), 8000);
    assert.deepEqual(events.map((e) => [e.type, e.timeMs]), [['speech_start', 1000], ['speech_end', 1500]]);
  });

  describe('when given unusable options or times', () => {
    it('throws AUDIO_FORMAT_INVALID', () => {
      for (const options of [{ sampleRate: 0 }, { hangoverMs: -1 }, { minSpeechMs: NaN }, { minLevelDb: Infinity }]) {
        assert.throws(() => createVad(options), (err) => isSottoError(err, 'AUDIO_FORMAT_INVALID'), JSON.stringify(options));
      }
      assert.throws(() => createVad().push(new Int16Array(160), NaN), (err) => isSottoError(err, 'AUDIO_FORMAT_INVALID'));
    });
  });
});
