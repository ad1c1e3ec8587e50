// 16-bit linear PCM as bytes (little-endian, as in WAV and most media streams) and channel layout.
import { SottoError } from '../errors/index.js';

// Typed arrays use the host's byte order; on a little-endian host (x86, arm64) a byte copy suffices.
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Little-endian 16-bit PCM bytes → samples. Always copies: a Buffer slice may start at an odd
 * offset of its pool, where an Int16Array view cannot be made, and the caller may reuse its buffer.
 */
export function pcm16FromLE(bytes: Uint8Array): Int16Array {
  if (bytes.length % 2 !== 0) {
    throw new SottoError('AUDIO_FORMAT_INVALID', `PCM16 audio must have an even number of bytes (got ${bytes.length})`);
  }
  const out = new Int16Array(bytes.length / 2);
  if (HOST_LITTLE_ENDIAN) {
    new Uint8Array(out.buffer).set(bytes);
    return out;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = view.getInt16(i * 2, true);
  return out;
}

/** Samples → little-endian 16-bit PCM bytes (a new Buffer). */
export function pcm16ToLE(samples: Int16Array): Buffer {
  const out = Buffer.allocUnsafe(samples.length * 2);
  writePcm16LE(samples, out, 0);
  return out;
}

/** Writes samples as little-endian 16-bit PCM into `target` at byte `offset` (no intermediate copy). */
export function writePcm16LE(samples: Int16Array, target: Buffer, offset: number): void {
  if (HOST_LITTLE_ENDIAN) {
    target.set(new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength), offset);
    return;
  }
  for (let i = 0; i < samples.length; i++) target.writeInt16LE(samples[i] as number, offset + i * 2);
}

/**
 * Two mono tracks written interleaved (left, right, …) as little-endian PCM16 into `target` at
 * byte `offset`, without an intermediate stereo copy. Frames past the shorter track keep what
 * `target` holds there (zeros from Buffer.alloc: silence).
 */
export function writeInterleavedPcm16LE(left: Int16Array, right: Int16Array, target: Buffer, offset: number): void {
  const frames = Math.max(left.length, right.length);
  if (HOST_LITTLE_ENDIAN && (target.byteOffset + offset) % 2 === 0) {
    const pcm = new Int16Array(target.buffer, target.byteOffset + offset, frames * 2);
    for (let i = 0; i < left.length; i++) pcm[2 * i] = left[i] as number;
    for (let i = 0; i < right.length; i++) pcm[2 * i + 1] = right[i] as number;
    return;
  }
  for (let i = 0; i < left.length; i++) target.writeInt16LE(left[i] as number, offset + i * 4);
  for (let i = 0; i < right.length; i++) target.writeInt16LE(right[i] as number, offset + i * 4 + 2);
}

/** Two mono tracks → one interleaved stereo track (left, right, left, …); the shorter is padded with silence. */
export function interleave(left: Int16Array, right: Int16Array): Int16Array {
  const frames = Math.max(left.length, right.length);
  const out = new Int16Array(frames * 2); // zero-filled: the padding is silence
  for (let i = 0; i < left.length; i++) out[i * 2] = left[i] as number;
  for (let i = 0; i < right.length; i++) out[i * 2 + 1] = right[i] as number;
  return out;
}

/** Interleaved samples → one array per channel. */
export function deinterleave(samples: Int16Array, channels = 2): Int16Array[] {
  if (!Number.isInteger(channels) || channels < 1) {
    throw new SottoError('AUDIO_FORMAT_INVALID', `channel count must be a positive integer (got ${channels})`);
  }
  if (samples.length % channels !== 0) {
    throw new SottoError('AUDIO_FORMAT_INVALID', `${samples.length} samples do not divide into ${channels} channels`);
  }
  const frames = samples.length / channels;
  const out: Int16Array[] = [];
  for (let c = 0; c < channels; c++) {
    const track = new Int16Array(frames);
    for (let i = 0; i < frames; i++) track[i] = samples[i * channels + c] as number;
    out.push(track);
  }
  return out;
}
