import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSottoError } from '../errors/index.js';
import { FRAME_MS, FrameChunker, samplesPerFrame } from './framing.js';
import { concat, seededRandom } from './test-signals.js';

const ramp = (n: number, from = 0): Int16Array => Int16Array.from({ length: n }, (_, i) => from + i);

describe('samplesPerFrame', () => {
  it('gives 160 samples at 8 kHz and 320 at 16 kHz for 20 ms frames', () => {
    assert.equal(FRAME_MS, 20);
    assert.deepEqual([samplesPerFrame(8000), samplesPerFrame(16000), samplesPerFrame(48000)], [160, 320, 960]);
  });

  describe('when 20 ms is not a whole number of samples', () => {
    it('throws AUDIO_FORMAT_INVALID', () => {
      for (const rate of [11025, 8001, 0, -8000, NaN]) assert.throws(() => samplesPerFrame(rate), (err) => isSottoError(err, 'AUDIO_FORMAT_INVALID'), String(rate));
    });
  });
});

describe('FrameChunker', () => {
  it('cuts pushes of any length into exact 20 ms frames, in order, holding back the remainder', () => {
    const chunker = new FrameChunker({ sampleRate: 8000 });
    const first = chunker.push(ramp(100));
    assert.deepEqual(first, []);
    assert.equal(chunker.pending, 100);
    const second = chunker.push(ramp(400, 100));
    assert.equal(second.length, 3);
    assert.deepEqual(concat(...second), ramp(480));
    assert.equal(chunker.pending, 20);
  });

  it('loses and duplicates nothing over random push sizes; flush pads the last frame with silence', () => {
    const random = seededRandom(3);
    const input = ramp(10_000);
    const chunker = new FrameChunker({ sampleRate: 16000 });
    const frames: Int16Array[] = [];
    for (let at = 0; at < input.length; ) {
      const size = Math.min(Math.floor(random() * 700), input.length - at);
      frames.push(...chunker.push(input.subarray(at, at + size)));
      at += size;
    }
    const last = chunker.flush();
    assert.ok(last);
    frames.push(last);
    for (const frame of frames) assert.equal(frame.length, 320);
    const joined = concat(...frames);
    assert.deepEqual(joined.subarray(0, input.length), input);
    assert.ok(joined.subarray(input.length).every((s) => s === 0), 'padding is silence');
    assert.equal(joined.length, Math.ceil(input.length / 320) * 320);
  });

  it('returns frames that do not share memory with the input or with each other', () => {
    const chunker = new FrameChunker({ sampleRate: 8000 });
    const input = ramp(320);
    const [a, b] = chunker.push(input);
    input.fill(0);
    assert.equal(a?.[5], 5);
    assert.equal(b?.[5], 165);
  });

  it('flushes nothing when no samples are pending', () => {
    const chunker = new FrameChunker({ sampleRate: 8000 });
    chunker.push(ramp(160));
    assert.equal(chunker.flush(), undefined);
  });

  it('discards pending samples on barge-in', () => {
    const chunker = new FrameChunker({ sampleRate: 8000 });
    chunker.push(ramp(50, 1));
    chunker.discard();
    assert.equal(chunker.pending, 0);
    const [frame] = chunker.push(new Int16Array(160));
    assert.ok(frame?.every((s) => s === 0), 'no leftover samples in the next frame');
  });
});
