import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSottoError } from '../errors/index.js';
import { muteAll, muteWindow, redactAudio, type TimeSpan } from './redact.js';
import { noise, seededRandom, toneLevelDb } from './test-signals.js';

const RATE = 8000;
const FADE = 40; // 5 ms at 8 kHz

/** Caller audio with no zero sample, so a zero can only come from redaction. */
function callerAudio(ms: number, seed = 1): Int16Array {
  const audio = noise(RATE, ms, -20, seededRandom(seed));
  for (let i = 0; i < audio.length; i++) if (audio[i] === 0) audio[i] = 1;
  return audio;
}

const first = (ms: number): number => Math.floor((ms * RATE) / 1000);
const last = (ms: number): number => Math.ceil((ms * RATE) / 1000);

function assertMuted(audio: Int16Array, window: TimeSpan): void {
  for (let i = first(window.startMs); i < last(window.endMs); i++) assert.equal(audio[i], 0, `sample ${i} inside ${JSON.stringify(window)}`);
}

/** Outside every window and its fades, the audio is exactly the input; in the fades, never louder. */
function assertUntouchedOutside(input: Int16Array, output: Int16Array, windows: readonly TimeSpan[]): void {
  // Distance in samples from each sample to the nearest window (0 inside one).
  const distance = new Float64Array(input.length).fill(Infinity);
  for (const w of windows) {
    const [a, b] = [first(w.startMs), last(w.endMs)];
    for (let i = Math.max(0, a - FADE - 1); i < Math.min(input.length, b + FADE + 1); i++) {
      distance[i] = Math.min(distance[i] as number, i < a ? a - i : i >= b ? i - b + 1 : 0);
    }
  }
  for (let i = 0; i < input.length; i++) {
    const d = distance[i] as number;
    if (d === 0) continue;
    if (d > FADE) assert.equal(output[i], input[i], `sample ${i} outside the windows`);
    else assert.ok(Math.abs(output[i] as number) <= Math.abs(input[i] as number) && (output[i] as number) * (input[i] as number) >= 0, `sample ${i} in a fade`);
  }
}

function assertFailsClosed(run: () => unknown, what: string): void {
  assert.throws(run, (err) => isSottoError(err, 'AUDIO_REDACTION_FAILED') && /mute the whole utterance/.test(err.message), what);
}

describe('redactAudio', () => {
  it('mutes each span padded by 250 ms on both sides and keeps everything else', () => {
    const input = callerAudio(3000);
    const { audio, windows } = redactAudio(input, RATE, [{ startMs: 1000, endMs: 1500 }]);
    assert.deepEqual(windows, [{ startMs: 750, endMs: 1750 }]);
    assertMuted(audio, windows[0] as TimeSpan);
    assertUntouchedOutside(input, audio, windows);
  });

  it('returns a new array of the same length and leaves the input alone', () => {
    const input = callerAudio(2000);
    const copy = input.slice();
    const { audio } = redactAudio(input, RATE, [{ startMs: 500, endMs: 600 }]);
    assert.equal(audio.length, input.length);
    assert.notEqual(audio, input);
    assert.deepEqual(input, copy);
  });

  it('fades in the 5 ms outside a window, so no sample inside keeps caller audio', () => {
    const input = new Int16Array(RATE).fill(10000);
    const { audio } = redactAudio(input, RATE, [{ startMs: 500, endMs: 500 }], { paddingMs: 100 });
    assert.equal(audio[first(400) - FADE - 1], 10000);
    assert.ok((audio[first(400) - 1] as number) < 100, 'nearly silent next to the window');
    assert.equal(audio[first(400)], 0);
    assert.equal(audio[last(600) - 1], 0);
    assert.ok((audio[last(600)] as number) < 100);
    assert.equal(audio[last(600) + FADE], 10000);
  });

  it('rounds window edges outward to whole samples', () => {
    const { audio, windows } = redactAudio(new Int16Array(800).fill(10000), RATE, [{ startMs: 10.01, endMs: 10.02 }], { paddingMs: 0 });
    assert.deepEqual(windows, [{ startMs: 10.01, endMs: 10.02 }]);
    assert.equal(audio[80], 0); // 10.01 ms = sample 80.08
    assert.notEqual(audio[79], 0); // faded, not muted
    assert.notEqual(audio[81], 0);
  });

  describe('merging', () => {
    it('merges windows less than 300 ms apart after padding', () => {
      const { windows } = redactAudio(callerAudio(5000), RATE, [{ startMs: 1000, endMs: 1200 }, { startMs: 1999, endMs: 2100 }]);
      assert.deepEqual(windows, [{ startMs: 750, endMs: 2350 }]);
    });

    it('keeps windows 300 ms or more apart separate, with the audio between them intact', () => {
      const input = callerAudio(5000);
      const { audio, windows } = redactAudio(input, RATE, [{ startMs: 2000, endMs: 2100 }, { startMs: 1000, endMs: 1200 }]);
      assert.deepEqual(windows, [{ startMs: 750, endMs: 1450 }, { startMs: 1750, endMs: 2350 }]);
      assertUntouchedOutside(input, audio, windows);
      for (const w of windows) assertMuted(audio, w);
    });

    it('merges overlapping and nested spans', () => {
      const { windows } = redactAudio(callerAudio(5000), RATE, [{ startMs: 1000, endMs: 3000 }, { startMs: 1500, endMs: 1600 }, { startMs: 2900, endMs: 3100 }], { paddingMs: 0, mergeGapMs: 0 });
      assert.deepEqual(windows, [{ startMs: 1000, endMs: 3100 }]);
    });
  });

  describe('at the edges of the track', () => {
    it('clamps padding at the start and at the end', () => {
      const input = callerAudio(1000);
      const { audio, windows } = redactAudio(input, RATE, [{ startMs: 100, endMs: 200 }, { startMs: 900, endMs: 950 }], { mergeGapMs: 0 });
      assert.deepEqual(windows, [{ startMs: 0, endMs: 450 }, { startMs: 650, endMs: 1000 }]);
      for (const w of windows) assertMuted(audio, w);
      assert.equal(audio[last(1000) - 1], 0, 'the last sample');
      assertUntouchedOutside(input, audio, windows);
    });

    it('accepts a span at the very end, and one running past it', () => {
      assert.deepEqual(redactAudio(callerAudio(1000), RATE, [{ startMs: 1000, endMs: 1000 }]).windows, [{ startMs: 750, endMs: 1000 }]);
      assert.deepEqual(redactAudio(callerAudio(1000), RATE, [{ startMs: 950, endMs: 1400 }]).windows, [{ startMs: 700, endMs: 1000 }]);
    });
  });

  describe('in tone mode', () => {
    const spans = [{ startMs: 1000, endMs: 1600 }];

    it('fills each window with the same 1 kHz tone whatever the caller said', () => {
      const a = redactAudio(callerAudio(3000, 1), RATE, spans, { mode: 'tone' });
      const b = redactAudio(callerAudio(3000, 2), RATE, spans, { mode: 'tone' });
      const [window] = a.windows;
      assert.ok(window);
      const inside = (audio: Int16Array): Int16Array => audio.subarray(first(window.startMs), last(window.endMs));
      assert.deepEqual(inside(a.audio), inside(b.audio));
      assert.ok(Math.abs(toneLevelDb(inside(a.audio), 1000, RATE) + 20) < 1, 'a 1 kHz tone at about −20 dBFS');
      assert.ok(inside(a.audio).some((s) => s !== 0));
    });

    it('leaves the audio outside the windows as in mute mode', () => {
      const input = callerAudio(3000);
      const { audio, windows } = redactAudio(input, RATE, spans, { mode: 'tone' });
      assertUntouchedOutside(input, audio, windows);
    });
  });

  describe('when a span cannot be placed', () => {
    const input = callerAudio(2000);
    const bad: [string, TimeSpan][] = [
      ['a NaN start', { startMs: NaN, endMs: 100 }],
      ['an infinite end', { startMs: 0, endMs: Infinity }],
      ['a negative start', { startMs: -10, endMs: 100 }],
      ['a negative length', { startMs: 500, endMs: 400 }],
      ['a start beyond the end', { startMs: 2000.5, endMs: 2100 }],
    ];
    for (const [what, span] of bad) {
      it(`fails closed with AUDIO_REDACTION_FAILED for ${what}, even among good spans`, () => {
        assertFailsClosed(() => redactAudio(input, RATE, [{ startMs: 100, endMs: 200 }, span]), what);
      });
    }

    it('fails closed for unusable options or sample rate', () => {
      assertFailsClosed(() => redactAudio(input, RATE, [], { paddingMs: -1 }), 'negative padding');
      assertFailsClosed(() => redactAudio(input, RATE, [], { mergeGapMs: NaN }), 'NaN merge gap');
      assertFailsClosed(() => redactAudio(input, RATE, [], { mode: 'beep' as 'tone' }), 'unknown mode');
      assertFailsClosed(() => redactAudio(input, 0, []), 'zero rate');
    });
  });

  it('returns the audio unchanged (as a copy) when there is nothing to redact', () => {
    const input = callerAudio(500);
    const { audio, windows } = redactAudio(input, RATE, []);
    assert.deepEqual(windows, []);
    assert.deepEqual(audio, input);
  });

  describe('over random spans (property)', () => {
    it('zeroes every sample of every padded span, merges to sorted windows at least mergeGapMs apart, and keeps the rest', () => {
      const random = seededRandom(99);
      for (let trial = 0; trial < 150; trial++) {
        const durationMs = 500 + Math.floor(random() * 5000);
        const input = callerAudio(durationMs, trial + 10);
        const paddingMs = Math.floor(random() * 400);
        const mergeGapMs = Math.floor(random() * 500);
        const spans: TimeSpan[] = Array.from({ length: Math.floor(random() * 6) }, () => {
          const startMs = random() * durationMs;
          return { startMs, endMs: startMs + random() * 800 };
        });
        const { audio, windows } = redactAudio(input, RATE, spans, { paddingMs, mergeGapMs });
        const context = `trial ${trial}`;
        assert.equal(audio.length, input.length, context);
        for (let k = 1; k < windows.length; k++) {
          assert.ok((windows[k]?.startMs ?? 0) - (windows[k - 1]?.endMs ?? 0) >= mergeGapMs, `${context}: windows too close`);
        }
        for (const span of spans) {
          const padded = { startMs: Math.max(0, span.startMs - paddingMs), endMs: Math.min(durationMs, span.endMs + paddingMs) };
          assert.ok(windows.some((w) => w.startMs <= padded.startMs && padded.endMs <= w.endMs), `${context}: span not covered`);
          assertMuted(audio, padded);
        }
        assertUntouchedOutside(input, audio, windows);
      }
    });
  });
});

describe('muteWindow, the fallback for an utterance that could not be redacted word by word', () => {
  it('mutes the window exactly, with fades outside it', () => {
    const input = callerAudio(2000);
    const window = { startMs: 400, endMs: 1300 };
    const audio = muteWindow(input, RATE, window);
    assertMuted(audio, window);
    assertUntouchedOutside(input, audio, [window]);
  });

  it('clamps a window that starts before the track or runs past it', () => {
    const audio = muteWindow(callerAudio(1000), RATE, { startMs: -500, endMs: 5000 });
    assert.ok(audio.every((s) => s === 0));
  });

  it('mutes the whole track when the window cannot be trusted, and never throws', () => {
    const input = callerAudio(1000);
    for (const window of [{ startMs: NaN, endMs: 10 }, { startMs: 600, endMs: 500 }, { startMs: 1500, endMs: 1600 }, { startMs: 0, endMs: Infinity }]) {
      const audio = muteWindow(input, RATE, window);
      assert.equal(audio.length, input.length);
      assert.ok(audio.every((s) => s === 0), JSON.stringify(window));
    }
    assert.ok(muteWindow(input, NaN, { startMs: 0, endMs: 10 }).every((s) => s === 0), 'unusable rate');
  });
});

describe('muteAll', () => {
  it('gives silence of the same length', () => {
    const audio = muteAll(callerAudio(300));
    assert.equal(audio.length, 2400);
    assert.ok(audio.every((s) => s === 0));
  });
});
