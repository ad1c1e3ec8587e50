// Energy-based voice activity detection for barge-in (the caller talks over the agent) and
// endpointing (the caller has finished an utterance). The noise floor is tracked by minimum
// statistics (Martin, "Noise power spectral density estimation based on optimal smoothing and
// minimum statistics", IEEE TSAP 2001, reduced here to broadband frame energy): the floor is the
// quietest frame of the last ~2 s, so it follows a change in background noise within that window
// while the pauses between syllables keep it low during speech.
import { SottoError } from '../errors/index.js';

export type VadEvent = { type: 'speech_start'; timeMs: number } | { type: 'speech_end'; timeMs: number };

export interface VadOptions {
  /** Default 8000 (G.711); any rate works, frame durations come from it. */
  sampleRate?: number;
  /** Speech must last this long before `speech_start` (clicks and short noises are ignored). Default 120. */
  minSpeechMs?: number;
  /** Silence that ends speech; shorter pauses between words do not. Default 600. */
  hangoverMs?: number;
  /** A frame counts as speech this far above the noise floor. Default 10 dB. */
  thresholdDb?: number;
  /** Frames quieter than this never count as speech, however low the floor (dB re full scale). Default −50. */
  minLevelDb?: number;
  /** Audio used only to learn the floor before any decision. Default 100. */
  warmupMs?: number;
  /** The span the floor is the minimum over. Default 2000. */
  noiseWindowMs?: number;
}

export interface Vad {
  /**
   * One frame (any length; 20 ms is usual) starting at `timeMs`. Events carry the time the speech
   * started or ended in the audio, which is earlier than the push that reports them: a start is
   * known `minSpeechMs` after it, an end `hangoverMs` after it.
   */
  push(frame: Int16Array, timeMs: number): VadEvent[];
  /** End of stream: a `speech_end` if speech was in progress; the detector starts over. */
  finish(): VadEvent[];
  readonly speaking: boolean;
  /** Current floor in dB re full scale (−100 for digital silence); NaN before the first frame. */
  readonly noiseFloorDb: number;
}

/** Once speaking, a frame keeps counting as speech this much closer to the floor (hysteresis). */
const HYSTERESIS_DB = 3;
const SILENCE_DB = -100;
const FLOOR_BLOCKS = 8;

function positive(value: number | undefined, fallback: number, name: string): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v <= 0) throw new SottoError('AUDIO_FORMAT_INVALID', `VAD ${name} must be a positive number (got ${v})`);
  return v;
}

/** Frame level with its DC offset removed, in dB re full scale (32768). */
function frameLevelDb(frame: Int16Array): number {
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < frame.length; i++) {
    const s = frame[i] as number;
    sum += s;
    squares += s * s;
  }
  const variance = (squares - (sum * sum) / frame.length) / frame.length;
  return variance < 1e-3 ? SILENCE_DB : Math.max(SILENCE_DB, 10 * Math.log10(variance / 32768 ** 2));
}

export function createVad(options: VadOptions = {}): Vad {
  const sampleRate = positive(options.sampleRate, 8000, 'sampleRate');
  const minSpeechMs = positive(options.minSpeechMs, 120, 'minSpeechMs');
  const hangoverMs = positive(options.hangoverMs, 600, 'hangoverMs');
  const thresholdDb = positive(options.thresholdDb, 10, 'thresholdDb');
  const warmupMs = positive(options.warmupMs, 100, 'warmupMs');
  const blockMs = positive(options.noiseWindowMs, 2000, 'noiseWindowMs') / FLOOR_BLOCKS;
  const minLevelDb = options.minLevelDb ?? -50;
  if (!Number.isFinite(minLevelDb)) throw new SottoError('AUDIO_FORMAT_INVALID', 'VAD minLevelDb must be a finite number');

  // Minimum statistics: the minimum of each finished block, in a ring, plus the block in progress.
  const blockMinima = new Float64Array(FLOOR_BLOCKS);
  let ringAt = 0;
  let blockMin = Infinity;
  let blockElapsedMs = 0;
  let elapsedMs = 0;

  let speaking = false;
  let onsetMs: number | undefined;
  let onsetDurationMs = 0;
  let speechEndMs = 0;
  let silenceMs = 0;

  const floorDb = (): number => {
    let floor = blockMin;
    for (const m of blockMinima) if (m < floor) floor = m;
    return floor;
  };

  const track = (levelDb: number, durationMs: number): void => {
    if (levelDb < blockMin) blockMin = levelDb;
    blockElapsedMs += durationMs;
    if (blockElapsedMs >= blockMs) {
      blockMinima[ringAt] = blockMin;
      ringAt = (ringAt + 1) % FLOOR_BLOCKS;
      blockMin = Infinity;
      blockElapsedMs = 0;
    }
  };

  const reset = (): void => {
    blockMinima.fill(Infinity);
    blockMin = Infinity;
    blockElapsedMs = 0;
    elapsedMs = 0;
    speaking = false;
    onsetMs = undefined;
    onsetDurationMs = 0;
    silenceMs = 0;
  };
  reset();

  return {
    get speaking() {
      return speaking;
    },
    get noiseFloorDb() {
      const floor = floorDb();
      return Number.isFinite(floor) ? floor : NaN;
    },
    push(frame, timeMs) {
      if (!Number.isFinite(timeMs)) throw new SottoError('AUDIO_FORMAT_INVALID', `VAD frame time must be finite (got ${timeMs})`);
      if (frame.length === 0) return [];
      const durationMs = (frame.length * 1000) / sampleRate;
      const levelDb = frameLevelDb(frame);
      const floor = floorDb();
      track(levelDb, durationMs);
      elapsedMs += durationMs;
      if (elapsedMs <= warmupMs) return [];

      const over = speaking ? thresholdDb - HYSTERESIS_DB : thresholdDb;
      const isSpeech = levelDb > Math.max(floor + over, minLevelDb);
      const events: VadEvent[] = [];
      if (!speaking) {
        if (!isSpeech) {
          onsetMs = undefined;
          onsetDurationMs = 0;
          return events;
        }
        onsetMs ??= timeMs;
        onsetDurationMs += durationMs;
        if (onsetDurationMs >= minSpeechMs) {
          speaking = true;
          silenceMs = 0;
          speechEndMs = timeMs + durationMs;
          events.push({ type: 'speech_start', timeMs: onsetMs });
          onsetMs = undefined;
          onsetDurationMs = 0;
        }
        return events;
      }
      if (isSpeech) {
        silenceMs = 0;
        speechEndMs = timeMs + durationMs;
      } else {
        silenceMs += durationMs;
        if (silenceMs >= hangoverMs) {
          speaking = false;
          events.push({ type: 'speech_end', timeMs: speechEndMs });
        }
      }
      return events;
    },
    finish() {
      const events: VadEvent[] = speaking ? [{ type: 'speech_end', timeMs: speechEndMs }] : [];
      reset();
      return events;
    },
  };
}
