// 20 ms frames: the packet time of Twilio Media Streams and the usual RTP ptime for G.711
// (RFC 3551 §4.5: default packetization interval 20 ms).
import { SottoError } from '../errors/index.js';

export const FRAME_MS = 20;

/** Samples in one 20 ms frame of mono audio at `sampleRate` (160 at 8 kHz, 320 at 16 kHz). */
export function samplesPerFrame(sampleRate: number): number {
  const samples = (sampleRate * FRAME_MS) / 1000;
  if (!Number.isInteger(samples) || samples <= 0) {
    throw new SottoError('AUDIO_FORMAT_INVALID', `a ${FRAME_MS} ms frame at ${sampleRate} Hz is not a whole number of samples`);
  }
  return samples;
}

/** Cuts audio of any length into exact 20 ms frames, e.g. synthesized speech on its way to the caller. */
export class FrameChunker {
  readonly frameSamples: number;
  readonly #partial: Int16Array;
  #filled = 0;

  constructor(options: { sampleRate: number }) {
    this.frameSamples = samplesPerFrame(options.sampleRate);
    this.#partial = new Int16Array(this.frameSamples);
  }

  /** Samples held back until a frame is full. */
  get pending(): number {
    return this.#filled;
  }

  /** Every frame completed by `samples`; the remainder waits for the next push. */
  push(samples: Int16Array): Int16Array[] {
    const frames: Int16Array[] = [];
    let at = 0;
    if (this.#filled > 0) {
      const take = Math.min(this.frameSamples - this.#filled, samples.length);
      this.#partial.set(samples.subarray(0, take), this.#filled);
      this.#filled += take;
      at = take;
      if (this.#filled < this.frameSamples) return frames;
      frames.push(this.#partial.slice());
      this.#filled = 0;
    }
    for (; at + this.frameSamples <= samples.length; at += this.frameSamples) {
      frames.push(samples.slice(at, at + this.frameSamples));
    }
    this.#partial.set(samples.subarray(at));
    this.#filled = samples.length - at;
    return frames;
  }

  /** The last partial frame padded with silence, or undefined when nothing is pending. */
  flush(): Int16Array | undefined {
    if (this.#filled === 0) return undefined;
    const frame = new Int16Array(this.frameSamples);
    frame.set(this.#partial.subarray(0, this.#filled));
    this.discard();
    return frame;
  }

  /** Drops pending samples (barge-in: the rest of the agent's speech is not sent) and zeroes them. */
  discard(): void {
    this.#partial.fill(0);
    this.#filled = 0;
  }
}
