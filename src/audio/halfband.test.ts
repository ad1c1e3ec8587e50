import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createHalfBandUpsampler } from './halfband.js';
import { resample } from './resampler.js';
import { concat, levelDb, noise, seededRandom, tone, toneLevelDb } from './test-signals.js';

const fast = (input: Int16Array): Int16Array => resample(input, 8000, 16000, { quality: 'recognition' });

/** Gain in dB from an 8 kHz input tone to the 16 kHz output at `outFrequency` (the tone, or its image). */
function gainDb(frequency: number, outFrequency = frequency): number {
  const input = tone(frequency, 8000, 500, 16000);
  return toneLevelDb(fast(input), outFrequency, 16000) - toneLevelDb(input, frequency, 8000);
}

function streamed(input: Int16Array, chunkSizes: () => number): Int16Array {
  const upsampler = createHalfBandUpsampler(8000);
  const parts: Int16Array[] = [];
  for (let at = 0; at < input.length; ) {
    const size = Math.min(chunkSizes(), input.length - at);
    parts.push(upsampler.push(input.subarray(at, at + size)));
    at += size;
  }
  parts.push(upsampler.flush());
  return concat(...parts);
}

describe("the 'recognition' 8 kHz → 16 kHz upsampler (half-band FIR)", () => {
  it('is the one createResampler gives for an exact doubling, and only then', () => {
    const input = concat(tone(700, 8000, 300, 9000), noise(8000, 100, -20));
    assert.deepEqual(fast(input), resample(input, 8000, 16000, { quality: 'recognition' }));
    assert.notDeepEqual(fast(input), resample(input, 8000, 16000));
    // Any other ratio falls back to the high-quality path.
    for (const [from, to] of [[16000, 8000], [8000, 48000], [22050, 16000]] as const) {
      const other = tone(500, from, 100, 8000);
      assert.deepEqual(resample(other, from, to, { quality: 'recognition' }), resample(other, from, to), `${from} → ${to}`);
    }
  });

  it('passes the telephone band (300 Hz–3.4 kHz) within 0.1 dB', () => {
    for (const f of [300, 1000, 2000, 3000, 3400]) {
      const g = gainDb(f);
      assert.ok(Math.abs(g) < 0.1, `${f} Hz: ${g.toFixed(3)} dB`);
    }
  });

  it('leaves the images of the telephone band (at 8 kHz − f) at least 50 dB down, and the image of a 3.6 kHz tone 20 dB down', () => {
    for (const f of [300, 1000, 2000, 3000, 3400]) {
      const g = gainDb(f, 8000 - f);
      assert.ok(g < -50, `${f} Hz → image at ${8000 - f} Hz: ${g.toFixed(1)} dB`);
    }
    assert.ok(gainDb(3600, 4400) < -20, 'the transition band is centred on 4 kHz');
  });

  it('keeps every input sample as it is at the even outputs (the half-band property)', () => {
    const input = concat(tone(440, 8000, 200, 12000), noise(8000, 200, -10));
    const output = fast(input);
    assert.equal(output.length, 2 * input.length);
    for (let i = 0; i < input.length; i++) assert.equal(output[2 * i], input[i], `sample ${i}`);
  });

  it('stays within −40 dB of the high-quality path on telephone-band audio', () => {
    const input = concat(...[300, 700, 1500, 2500, 3300].map((f) => tone(f, 8000, 200, 5000)));
    const a = fast(input);
    const b = resample(input, 8000, 16000);
    const difference = a.map((s, i) => s - (b[i] as number));
    // Away from the edges, where each filter sees the silence around the signal.
    const inner = (x: Int16Array): Int16Array => x.subarray(200, x.length - 200);
    assert.ok(levelDb(inner(difference)) - levelDb(inner(b)) < -40, `difference ${(levelDb(inner(difference)) - levelDb(inner(b))).toFixed(1)} dB`);
  });

  it('clips a full-scale square wave instead of wrapping around', () => {
    const square = new Int16Array(1600);
    for (let i = 0; i < square.length; i++) square[i] = Math.floor(i / 40) % 2 === 0 ? 32767 : -32768;
    const output = fast(square);
    for (let i = 100; i < output.length - 100; i++) {
      const distance = Math.min(i % 80, 80 - (i % 80));
      if (distance > 8) assert.ok(Math.floor(i / 80) % 2 === 0 ? (output[i] as number) > 20000 : (output[i] as number) < -20000, `sample ${i}`);
    }
  });
});

describe('the streaming half-band upsampler', () => {
  const input = concat(tone(440, 8000, 700, 9000), noise(8000, 300, -20));

  it('gives exactly the one-shot output in 20 ms frames', () => {
    assert.deepEqual(streamed(input, () => 160), fast(input));
  });

  it('gives the one-shot output for random chunk sizes, including empty, single-sample and larger-than-buffer pushes', () => {
    const random = seededRandom(11);
    assert.deepEqual(streamed(input, () => Math.floor(random() * 5) * Math.floor(random() * 120)), fast(input));
    const long = concat(input, input, input);
    assert.deepEqual(streamed(long, () => 5000), fast(long));
  });

  it('holds back 12 input samples (1.5 ms) until flush, then releases them', () => {
    const upsampler = createHalfBandUpsampler(8000);
    assert.equal(upsampler.toRate, 16000);
    assert.equal(upsampler.push(new Int16Array(160)).length, 2 * (160 - 12));
    assert.equal(upsampler.push(new Int16Array(5)).length, 10);
    assert.equal(upsampler.flush().length, 24);
  });

  it('starts over after flush', () => {
    const upsampler = createHalfBandUpsampler(8000);
    const once = concat(upsampler.push(input), upsampler.flush());
    assert.deepEqual(concat(upsampler.push(input), upsampler.flush()), once);
  });
});
