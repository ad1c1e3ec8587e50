import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSottoError } from '../errors/index.js';
import { deinterleave, interleave, pcm16FromLE, pcm16ToLE, writeInterleavedPcm16LE } from './pcm.js';

describe('PCM16 little-endian bytes', () => {
  it('reads low byte first, two’s complement', () => {
    assert.deepEqual([...pcm16FromLE(Uint8Array.of(0x01, 0x00, 0xff, 0xff, 0x00, 0x80, 0xff, 0x7f))], [1, -1, -32768, 32767]);
  });

  it('writes the same layout back', () => {
    assert.deepEqual(pcm16ToLE(Int16Array.of(1, -1, -32768, 32767)), Buffer.from([0x01, 0x00, 0xff, 0xff, 0x00, 0x80, 0xff, 0x7f]));
  });

  describe('when the bytes start at an odd offset of their buffer', () => {
    it('copies instead of viewing, so the result is correct and independent of the buffer', () => {
      const pool = Buffer.from([0xaa, 0x34, 0x12, 0xcd, 0xab]);
      const samples = pcm16FromLE(pool.subarray(1));
      assert.deepEqual([...samples], [0x1234, 0xabcd - 0x10000]);
      pool.fill(0);
      assert.equal(samples[0], 0x1234);
    });
  });

  describe('when the byte count is odd', () => {
    it('throws AUDIO_FORMAT_INVALID', () => {
      assert.throws(() => pcm16FromLE(new Uint8Array(3)), (err) => isSottoError(err, 'AUDIO_FORMAT_INVALID') && /even/.test(err.message));
    });
  });

  it('writes a subarray view’s own samples, not its whole buffer', () => {
    const whole = Int16Array.of(1, 2, 3, 4);
    assert.deepEqual([...pcm16FromLE(pcm16ToLE(whole.subarray(1, 3)))], [2, 3]);
  });
});

describe('stereo interleaving', () => {
  it('puts left then right in each frame and splits them back', () => {
    const stereo = interleave(Int16Array.of(1, 2, 3), Int16Array.of(-1, -2, -3));
    assert.deepEqual([...stereo], [1, -1, 2, -2, 3, -3]);
    const [left, right] = deinterleave(stereo);
    assert.deepEqual([...(left ?? [])], [1, 2, 3]);
    assert.deepEqual([...(right ?? [])], [-1, -2, -3]);
  });

  it('pads the shorter track with silence', () => {
    assert.deepEqual([...interleave(Int16Array.of(5), Int16Array.of(7, 8))], [5, 7, 0, 8]);
  });

  describe('when the samples do not divide into the channels', () => {
    it('throws AUDIO_FORMAT_INVALID', () => {
      assert.throws(() => deinterleave(new Int16Array(5), 2), (err) => isSottoError(err, 'AUDIO_FORMAT_INVALID'));
      assert.throws(() => deinterleave(new Int16Array(4), 0), (err) => isSottoError(err, 'AUDIO_FORMAT_INVALID'));
    });
  });
});

describe('writing two tracks interleaved into a buffer', () => {
  it('writes what pcm16ToLE(interleave()) gives, at an aligned offset and at an odd one', () => {
    const left = Int16Array.of(1, -2, 300, -32768);
    const right = Int16Array.of(32767, 5);
    const expected = pcm16ToLE(interleave(left, right));
    for (const offset of [0, 44, 3]) {
      const target = Buffer.alloc(offset + expected.length);
      writeInterleavedPcm16LE(left, right, target, offset);
      assert.deepEqual(target.subarray(offset), expected, `at offset ${offset}`);
    }
  });
});
