import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSottoError } from '../errors/index.js';
import { TrackRecorder } from './track-recorder.js';

const frame = (value: number, samples = 160): Int16Array => new Int16Array(samples).fill(value);

describe('TrackRecorder', () => {
  it('places frames at their times, with silence where frames were lost', () => {
    const track = new TrackRecorder({ sampleRate: 8000, maxDurationMs: 60_000 });
    track.writeAt(0, frame(1));
    track.writeAt(40, frame(3)); // the frame at 20 ms was lost
    assert.equal(track.durationMs, 60);
    const samples = track.toSamples();
    assert.equal(samples.length, 480);
    assert.ok(samples.subarray(0, 160).every((s) => s === 1));
    assert.ok(samples.subarray(160, 320).every((s) => s === 0), 'the lost frame is silence');
    assert.ok(samples.subarray(320).every((s) => s === 3));
  });

  it('puts a late frame at its own time, even after later frames', () => {
    const track = new TrackRecorder({ sampleRate: 8000, maxDurationMs: 60_000 });
    track.writeAt(0, frame(1));
    track.writeAt(40, frame(3));
    track.writeAt(20, frame(2));
    const samples = track.toSamples();
    assert.deepEqual([samples[0], samples[160], samples[320]], [1, 2, 3]);
    assert.equal(track.durationMs, 60);
  });

  it('lets the last write win where writes overlap', () => {
    const track = new TrackRecorder({ sampleRate: 8000, maxDurationMs: 60_000 });
    track.writeAt(0, frame(1, 320));
    track.writeAt(10, frame(9, 80));
    const samples = track.toSamples();
    assert.deepEqual([samples[79], samples[80], samples[159], samples[160]], [1, 9, 9, 1]);
  });

  it('appends at the current end, across 1-second block boundaries', () => {
    const track = new TrackRecorder({ sampleRate: 8000, maxDurationMs: 60_000 });
    for (let i = 0; i < 120; i++) track.append(frame(i));
    assert.equal(track.length, 120 * 160);
    assert.equal(track.durationMs, 2400);
    const samples = track.toSamples();
    for (let i = 0; i < 120; i++) assert.ok(samples.subarray(i * 160, (i + 1) * 160).every((s) => s === i), `frame ${i}`);
  });

  it('rounds a frame time to the nearest sample', () => {
    const track = new TrackRecorder({ sampleRate: 8000, maxDurationMs: 1000 });
    track.writeAt(0.0624, Int16Array.of(5)); // 0.4992 samples → sample 0
    track.writeAt(0.0626, Int16Array.of(6)); // 0.5008 samples → sample 1
    assert.deepEqual([...track.toSamples()], [5, 6]);
  });

  it('holds memory only for the seconds written: 16,000 bytes per second at 8 kHz', () => {
    const track = new TrackRecorder({ sampleRate: 8000, maxDurationMs: 3_600_000 });
    track.writeAt(0, frame(1));
    track.writeAt(600_000, frame(2)); // ten minutes later, nothing between
    assert.equal(track.allocatedBytes, 2 * 16_000);
    assert.equal(track.length, 600_020 * 8);
    for (let t = 0; t < 60_000; t += 20) track.writeAt(t, frame(1));
    assert.equal(track.allocatedBytes, 61 * 16_000, 'one minute costs 960,000 bytes');
  });

  describe('when writes go beyond maxDurationMs', () => {
    it('keeps what fits, drops the rest and counts it', () => {
      const track = new TrackRecorder({ sampleRate: 8000, maxDurationMs: 50 });
      track.writeAt(0, frame(1));
      track.writeAt(20, frame(2));
      track.writeAt(40, frame(3)); // 80 of its 160 samples fit
      track.writeAt(1000, frame(4));
      assert.equal(track.durationMs, 50);
      assert.equal(track.droppedSamples, 80 + 160);
      assert.equal(track.toSamples()[399], 3);
    });
  });

  describe('when a frame time is not a usable number', () => {
    it('throws AUDIO_FORMAT_INVALID', () => {
      const track = new TrackRecorder({ sampleRate: 8000, maxDurationMs: 1000 });
      for (const t of [-20, NaN, Infinity]) assert.throws(() => track.writeAt(t, frame(1)), (err) => isSottoError(err, 'AUDIO_FORMAT_INVALID'), String(t));
    });
  });

  describe('when the options are not usable', () => {
    it('throws AUDIO_FORMAT_INVALID', () => {
      assert.throws(() => new TrackRecorder({ sampleRate: 0, maxDurationMs: 1000 }), (err) => isSottoError(err, 'AUDIO_FORMAT_INVALID'));
      assert.throws(() => new TrackRecorder({ sampleRate: 8000, maxDurationMs: 0 }), (err) => isSottoError(err, 'AUDIO_FORMAT_INVALID'));
    });
  });

  it('zeroes its blocks on clear before letting them go (observed by wrapping Int16Array.prototype.fill)', () => {
    const track = new TrackRecorder({ sampleRate: 8000, maxDurationMs: 60_000 });
    const audio = frame(1234);
    track.append(audio);
    // Reach the block itself to check the memory is zeroed, not merely dropped.
    const blocks: Int16Array[] = [];
    const original = Int16Array.prototype.fill;
    Int16Array.prototype.fill = function (this: Int16Array, ...args: Parameters<Int16Array['fill']>) {
      blocks.push(this);
      return original.apply(this, args);
    };
    try {
      track.clear();
    } finally {
      Int16Array.prototype.fill = original;
    }
    assert.equal(blocks.length, 1);
    assert.ok(blocks[0]?.every((s) => s === 0), 'the block holding call audio is zeroed');
    assert.equal(track.durationMs, 0);
    assert.equal(track.toSamples().length, 0);
    assert.equal(track.allocatedBytes, 0);
  });
});
