import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSottoError } from '../errors/index.js';
import { createResampler, resample } from './resampler.js';
import { concat, noise, seededRandom, tone, toneLevelDb } from './test-signals.js';

/** Gain in dB from an input tone to the output at `outFrequency` (the tone itself, or its alias). */
function gainDb(frequency: number, fromRate: number, toRate: number, outFrequency = frequency): number {
  const input = tone(frequency, fromRate, 500, 16000);
  const output = resample(input, fromRate, toRate);
  return toneLevelDb(output, outFrequency, toRate) - toneLevelDb(input, frequency, fromRate);
}

function streamed(input: Int16Array, fromRate: number, toRate: number, chunkSizes: () => number): Int16Array {
  const resampler = createResampler(fromRate, toRate);
  const parts: Int16Array[] = [];
  for (let at = 0; at < input.length; ) {
    const size = Math.min(chunkSizes(), input.length - at);
    parts.push(resampler.push(input.subarray(at, at + size)));
    at += size;
  }
  parts.push(resampler.flush());
  return concat(...parts);
}

describe('resampling 16 kHz → 8 kHz', () => {
  it('passes the telephone band (300 Hz–3.4 kHz) within 0.2 dB', () => {
    for (const f of [300, 1000, 2000, 3000, 3400]) assert.ok(Math.abs(gainDb(f, 16000, 8000)) < 0.2, `${f} Hz`);
  });

  it('attenuates a 6 kHz tone (which would alias to 2 kHz) by at least 30 dB — in fact 60', () => {
    assert.ok(gainDb(6000, 16000, 8000, 2000) < -60);
  });

  it('attenuates 4.5 kHz, whose alias would land in the speech band at 3.5 kHz, by at least 60 dB', () => {
    assert.ok(gainDb(4500, 16000, 8000, 3500) < -60);
  });

  it('returns ceil(n / 2) samples aligned at time zero (no delay)', () => {
    const input = tone(440, 16000, 101);
    const output = resample(input, 16000, 8000);
    assert.equal(output.length, Math.ceil(input.length / 2));
    const expected = tone(440, 8000, 101);
    // Compare away from the edges, where the filter sees the silence outside the signal.
    for (let i = 40; i < output.length - 40; i++) assert.ok(Math.abs((output[i] as number) - (expected[i] as number)) <= 3, `sample ${i}`);
  });
});

describe('resampling 8 kHz → 16 kHz', () => {
  it('passes 1 kHz at unity gain and leaves no image at 7 kHz', () => {
    assert.ok(Math.abs(gainDb(1000, 8000, 16000)) < 0.1);
    assert.ok(gainDb(1000, 8000, 16000, 7000) < -60);
  });

  it('brings a 1 kHz tone through 8k → 16k → 8k unchanged but for rounding', () => {
    const input = tone(1000, 8000, 1000, 12000);
    const back = resample(resample(input, 8000, 16000), 16000, 8000);
    assert.equal(back.length, input.length);
    let worst = 0;
    for (let i = 100; i < input.length - 100; i++) worst = Math.max(worst, Math.abs((back[i] as number) - (input[i] as number)));
    assert.ok(worst <= 3, `largest difference ${worst}`);
  });
});

describe('resampling from other source rates', () => {
  for (const [from, to] of [[48000, 8000], [48000, 16000], [22050, 8000], [24000, 16000], [44100, 16000], [8000, 48000]] as const) {
    it(`${from} Hz → ${to} Hz passes 1 kHz at unity gain and has the expected length`, () => {
      assert.ok(Math.abs(gainDb(1000, from, to)) < 0.1);
      assert.equal(resample(new Int16Array(from), from, to).length, to);
    });
  }

  it('48 kHz → 8 kHz removes a 10 kHz tone (alias at 2 kHz) by at least 60 dB', () => {
    assert.ok(gainDb(10000, 48000, 8000, 2000) < -60);
  });

  it('22.05 kHz → 8 kHz removes a 5 kHz tone (alias at 3 kHz) by at least 60 dB', () => {
    assert.ok(gainDb(5000, 22050, 8000, 3000) < -60);
  });
});

describe('the streaming resampler', () => {
  for (const [from, to] of [[8000, 16000], [16000, 8000], [48000, 8000], [22050, 16000]] as const) {
    it(`${from} → ${to}: 20 ms chunks give exactly the one-shot output`, () => {
      const input = concat(tone(440, from, 700, 9000), noise(from, 300, -20));
      const chunk = (from * 20) / 1000;
      assert.deepEqual(streamed(input, from, to, () => Math.round(chunk)), resample(input, from, to));
    });
  }

  it('gives the one-shot output for random chunk sizes, including empty and single-sample pushes', () => {
    const random = seededRandom(7);
    const input = concat(tone(300, 16000, 400, 20000), noise(16000, 200, -15));
    assert.deepEqual(streamed(input, 16000, 8000, () => Math.floor(random() * 5) * Math.floor(random() * 120)), resample(input, 16000, 8000));
  });

  it('has no click at chunk boundaries: a streamed sine moves no more per sample than the sine itself', () => {
    const amplitude = 20000;
    const output = streamed(tone(440, 8000, 1000, amplitude), 8000, 16000, () => 160);
    const maxStep = ((2 * Math.PI * 440) / 16000) * amplitude * 1.02 + 2;
    for (let i = 200; i < output.length - 200; i++) {
      assert.ok(Math.abs((output[i] as number) - (output[i - 1] as number)) <= maxStep, `step at sample ${i}`);
    }
  });

  it('holds output back by the filter’s half length, then releases it on flush', () => {
    const resampler = createResampler(8000, 16000);
    const first = resampler.push(new Int16Array(160));
    assert.ok(first.length > 0 && first.length < 320, `first push gave ${first.length}`);
    const rest = resampler.flush();
    assert.equal(first.length + rest.length, 320);
  });

  it('starts over after flush', () => {
    const input = tone(1000, 16000, 100);
    const resampler = createResampler(16000, 8000);
    const once = concat(resampler.push(input), resampler.flush());
    assert.deepEqual(concat(resampler.push(input), resampler.flush()), once);
  });
});

describe('when the signal overshoots full scale', () => {
  it('clips instead of wrapping around', () => {
    const square = new Int16Array(1600);
    for (let i = 0; i < square.length; i++) square[i] = Math.floor(i / 40) % 2 === 0 ? 32767 : -32768;
    const output = resample(square, 8000, 16000);
    for (let i = 100; i < output.length - 100; i++) {
      const phase = Math.floor(i / 80) % 2;
      const distance = Math.min(i % 80, 80 - (i % 80));
      if (distance > 8) assert.ok(phase === 0 ? (output[i] as number) > 20000 : (output[i] as number) < -20000, `sample ${i}`);
    }
  });
});

describe('when the rates are the same', () => {
  it('returns a copy', () => {
    const input = Int16Array.of(1, 2, 3);
    const output = resample(input, 16000, 16000);
    assert.deepEqual(output, input);
    assert.notEqual(output, input);
  });
});

describe('when a rate is not usable', () => {
  it('throws AUDIO_FORMAT_INVALID', () => {
    for (const [from, to] of [[0, 8000], [8000, NaN], [8000.5, 16000], [8000, 1e9], [-8000, 8000]]) {
      assert.throws(() => createResampler(from as number, to as number), (err) => isSottoError(err, 'AUDIO_FORMAT_INVALID'), `${from} → ${to}`);
    }
  });

  it('refuses a ratio too fine for a table (e.g. 8001 Hz → 16000 Hz)', () => {
    assert.throws(() => createResampler(8001, 16000), (err) => isSottoError(err, 'AUDIO_FORMAT_INVALID') && /not supported/.test(err.message));
  });
});
