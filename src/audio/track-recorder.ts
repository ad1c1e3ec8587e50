// One side of a call (caller or agent) recorded in memory on the call's timeline, never on disk
// (DESIGN.md invariant 1). Audio lives in 1-second blocks allocated on first write, so a frame
// costs a copy of itself, never of the whole track, and a stretch nobody wrote costs nothing.
//
// Memory: 2 bytes per sample → 16,000 B/s at 8 kHz = 960,000 B (≈ 0.92 MiB) per minute of call
// time per track, 1.92 MB per minute at 16 kHz; a two-track 8 kHz call holds ≈ 1.9 MB per minute.
import { SottoError } from '../errors/index.js';

export interface TrackRecorderOptions {
  sampleRate: number;
  /** Audio placed beyond this time is dropped and counted in `droppedSamples`. */
  maxDurationMs: number;
}

export class TrackRecorder {
  readonly sampleRate: number;
  readonly maxDurationMs: number;
  readonly #maxSamples: number;
  readonly #blockSamples: number;
  #blocks: (Int16Array | undefined)[] = [];
  #end = 0;
  #dropped = 0;

  constructor(options: TrackRecorderOptions) {
    const { sampleRate, maxDurationMs } = options;
    if (!Number.isInteger(sampleRate) || sampleRate < 1000 || sampleRate > 384000) {
      throw new SottoError('AUDIO_FORMAT_INVALID', `track sample rate must be an integer from 1000 to 384000 Hz (got ${sampleRate})`);
    }
    if (!Number.isFinite(maxDurationMs) || maxDurationMs <= 0) {
      throw new SottoError('AUDIO_FORMAT_INVALID', `track maxDurationMs must be a positive number (got ${maxDurationMs})`);
    }
    this.sampleRate = sampleRate;
    this.maxDurationMs = maxDurationMs;
    this.#maxSamples = Math.floor((maxDurationMs * sampleRate) / 1000);
    this.#blockSamples = sampleRate;
  }

  /** Length of the track: up to the end of the latest-ending write. */
  get durationMs(): number {
    return (this.#end * 1000) / this.sampleRate;
  }

  /** Length of the track in samples. */
  get length(): number {
    return this.#end;
  }

  /** Samples refused because they fell beyond `maxDurationMs`. */
  get droppedSamples(): number {
    return this.#dropped;
  }

  /** Bytes of sample memory held (whole blocks), for per-call memory accounting. */
  get allocatedBytes(): number {
    return this.#blocks.reduce((n, b) => n + (b ? b.byteLength : 0), 0);
  }

  /**
   * Places `samples` at `timeMs` from the start of the call (rounded to the nearest sample).
   * Frames may arrive late or out of order; a gap nobody fills is silence. Overlapping writes:
   * the last write wins, so a retransmitted frame replaces what it overlaps.
   */
  writeAt(timeMs: number, samples: Int16Array): void {
    if (!Number.isFinite(timeMs) || timeMs < 0) {
      throw new SottoError('AUDIO_FORMAT_INVALID', `a frame time must be a finite, non-negative number of ms (got ${timeMs})`);
    }
    this.#write(Math.round((timeMs * this.sampleRate) / 1000), samples);
  }

  /** Places `samples` right after the current end of the track. */
  append(samples: Int16Array): void {
    this.#write(this.#end, samples);
  }

  /** The whole track as one array of `length` samples (a copy). */
  toSamples(): Int16Array {
    const out = new Int16Array(this.#end);
    for (let b = 0; b * this.#blockSamples < this.#end; b++) {
      const block = this.#blocks[b];
      if (!block) continue;
      const from = b * this.#blockSamples;
      out.set(block.subarray(0, Math.min(this.#blockSamples, this.#end - from)), from);
    }
    return out;
  }

  /** Zeroes every block before letting it go (memory hygiene) and starts an empty track. */
  clear(): void {
    for (const block of this.#blocks) block?.fill(0);
    this.#blocks = [];
    this.#end = 0;
    this.#dropped = 0;
  }

  #write(position: number, samples: Int16Array): void {
    const kept = Math.max(0, Math.min(samples.length, this.#maxSamples - position));
    this.#dropped += samples.length - kept;
    let at = 0;
    while (at < kept) {
      const target = position + at;
      const index = Math.floor(target / this.#blockSamples);
      const offset = target - index * this.#blockSamples;
      const count = Math.min(kept - at, this.#blockSamples - offset);
      let block = this.#blocks[index];
      if (!block) {
        block = new Int16Array(this.#blockSamples);
        this.#blocks[index] = block;
      }
      block.set(samples.subarray(at, at + count), offset);
      at += count;
    }
    if (kept > 0) this.#end = Math.max(this.#end, position + kept);
  }
}
