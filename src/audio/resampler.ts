// Sample-rate conversion by a rational factor up/down with a Kaiser-windowed sinc: each output
// sample is the band-limited interpolation of the input at its exact time (the classic bandlimited
// interpolation of Smith & Gossett, 1984, with polyphase tables). The cutoff sits below the lower
// of the two Nyquist frequencies, so downsampling is anti-aliased and upsampling leaves no images.
// Telephony pairs: 8 kHz (G.711) ↔ 16 kHz (Flite, ASR), 48 kHz (WebRTC) → 8/16 kHz.
//
// Two qualities. 'high' (this file) is for everything stored or played: recordings, the agent's
// voice to the caller, simulated callers. 'recognition' is for audio only a speech recognizer
// hears (the caller's audio on its way to PocketSphinx, src/call/session/caller-audio.ts): an
// exact 2× upsampling there uses the half-band filter of halfband.ts, ~5× cheaper per frame.
import { SottoError } from '../errors/index.js';
import { createHalfBandUpsampler } from './halfband.js';
import { kaiserWindow } from './kaiser.js';

/** Passband edge as a fraction of the lower Nyquist frequency: 0.92 × 4 kHz keeps the telephone band (to 3.4 kHz). */
const CUTOFF = 0.92;
/**
 * Sinc zero crossings on each side of the centre: sets the transition width and the cost. 24 gives
 * −0.1 dB at 3.4 kHz and ≥ 80 dB rejection from 4.2 kHz for 16 → 8 kHz, at ~2.5 ms CPU per second of audio.
 */
const ZERO_CROSSINGS = 24;
/** Kaiser β ≈ 8 puts the stopband about 80 dB down (Kaiser's formula β = 0.1102 (A − 8.7)). */
const KAISER_BETA = 8;
/** Largest reduced upsampling factor kept as a table (phases × taps doubles per phase). */
const MAX_PHASES = 1024;
const MIN_RATE = 1000;
const MAX_RATE = 384000;

interface Kernel {
  up: number;
  down: number;
  /** Input samples used on each side of the output time. */
  halfTaps: number;
  /** `up` phases × `2 * halfTaps` taps, each phase normalised to unity DC gain. */
  coefficients: Float64Array;
}

export interface Resampler {
  readonly fromRate: number;
  readonly toRate: number;
  /**
   * Convert the next chunk. Output lags input by `halfTaps` input samples (≈ 2–4 ms): the first
   * pushes return fewer samples than the rate ratio suggests, and `flush` returns the rest.
   */
  push(samples: Int16Array): Int16Array;
  /** End of stream: the remaining output (the future taken as silence); zeroes its buffer and starts over. */
  flush(): Int16Array;
}

export interface ResamplerOptions {
  /**
   * 'high' (default): the Kaiser-windowed sinc, ≥ 80 dB stopband — for audio that is stored or
   * played. 'recognition': for audio only a recognizer hears; an exact 2× upsampling (8 → 16 kHz)
   * uses a 24-tap half-band FIR (flat to 3.4 kHz, images ≥ 50 dB down); other ratios use 'high'.
   */
  quality?: 'high' | 'recognition';
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

const kernels = new Map<string, Kernel>();

/** Tables are shared by every call converting the same pair of rates. */
function kernelFor(fromRate: number, toRate: number): Kernel {
  const key = `${fromRate}:${toRate}`;
  const cached = kernels.get(key);
  if (cached) return cached;
  const divisor = gcd(fromRate, toRate);
  const up = toRate / divisor;
  const down = fromRate / divisor;
  if (up > MAX_PHASES) {
    throw new SottoError('AUDIO_FORMAT_INVALID', `resampling ${fromRate} Hz → ${toRate} Hz is not supported (ratio ${up}/${down} too fine)`);
  }
  // Cutoff in cycles per input sample; the sinc's zero crossings are 1/(2·fc) input samples apart.
  const fc = (CUTOFF * Math.min(fromRate, toRate)) / 2 / fromRate;
  const halfTaps = Math.ceil(ZERO_CROSSINGS / (2 * fc));
  const taps = 2 * halfTaps;
  const coefficients = new Float64Array(up * taps);
  const kaiser = kaiserWindow(KAISER_BETA);
  for (let phase = 0; phase < up; phase++) {
    let sum = 0;
    for (let j = 0; j < taps; j++) {
      // Tap j reads input i0 − halfTaps + 1 + j; its distance from the output time i0 + phase/up:
      const tau = phase / up + halfTaps - 1 - j;
      const x = 2 * fc * tau;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      const r = tau / halfTaps;
      const c = sinc * kaiser(r);
      coefficients[phase * taps + j] = c;
      sum += c;
    }
    for (let j = 0; j < taps; j++) coefficients[phase * taps + j] = (coefficients[phase * taps + j] as number) / sum;
  }
  const kernel = { up, down, halfTaps, coefficients };
  kernels.set(key, kernel);
  return kernel;
}

function checkRate(rate: number, name: string): void {
  if (!Number.isInteger(rate) || rate < MIN_RATE || rate > MAX_RATE) {
    throw new SottoError('AUDIO_FORMAT_INVALID', `${name} must be an integer from ${MIN_RATE} to ${MAX_RATE} Hz (got ${rate})`);
  }
}

/** ceil(a / b) for non-negative integers below 2^53. */
function ceilDiv(a: number, b: number): number {
  return Math.floor((a + b - 1) / b);
}

function passThrough(fromRate: number): Resampler {
  return { fromRate, toRate: fromRate, push: (samples) => samples.slice(), flush: () => new Int16Array(0) };
}

/** A streaming converter whose concatenated push/flush output equals `resample` of the whole input. */
export function createResampler(fromRate: number, toRate: number, options: ResamplerOptions = {}): Resampler {
  checkRate(fromRate, 'source rate');
  checkRate(toRate, 'target rate');
  if (fromRate === toRate) return passThrough(fromRate);
  if (options.quality === 'recognition' && toRate === 2 * fromRate) return createHalfBandUpsampler(fromRate);
  const { up, down, halfTaps, coefficients } = kernelFor(fromRate, toRate);
  const taps = 2 * halfTaps;

  // buffer[k] holds input sample number bufferStart + k; `halfTaps` zeros stand before the stream.
  let buffer = new Int16Array(4096);
  let bufferStart = -halfTaps;
  let bufferLength = halfTaps;
  let received = 0;
  let produced = 0;

  const append = (samples: Int16Array): void => {
    if (bufferLength + samples.length > buffer.length) {
      // Drop input no later output needs, then grow if that was not enough.
      const keepFrom = Math.floor((produced * down) / up) - halfTaps + 1;
      const drop = Math.max(0, Math.min(keepFrom - bufferStart, bufferLength));
      buffer.copyWithin(0, drop, bufferLength);
      buffer.fill(0, bufferLength - drop, bufferLength);
      bufferStart += drop;
      bufferLength -= drop;
      if (bufferLength + samples.length > buffer.length) {
        const grown = new Int16Array(Math.max(buffer.length * 2, bufferLength + samples.length));
        grown.set(buffer.subarray(0, bufferLength));
        buffer.fill(0);
        buffer = grown;
      }
    }
    buffer.set(samples, bufferLength);
    bufferLength += samples.length;
  };

  /** Outputs `produced` … `until − 1`; each needs input up to i0 + halfTaps, already buffered. */
  const render = (until: number): Int16Array => {
    const out = new Int16Array(Math.max(0, until - produced));
    for (let k = 0; k < out.length; k++) {
      const position = (produced + k) * down;
      const i0 = Math.floor(position / up);
      const base = (position - i0 * up) * taps;
      const first = i0 - halfTaps + 1 - bufferStart;
      let acc = 0;
      for (let j = 0; j < taps; j++) acc += (coefficients[base + j] as number) * (buffer[first + j] as number);
      out[k] = acc >= 32767 ? 32767 : acc <= -32768 ? -32768 : Math.round(acc);
    }
    produced += out.length;
    return out;
  };

  return {
    fromRate,
    toRate,
    push(samples) {
      append(samples);
      received += samples.length;
      // Output n is ready when floor(n·down/up) + halfTaps ≤ received − 1.
      return render(received > halfTaps ? ceilDiv((received - halfTaps) * up, down) : 0);
    },
    flush() {
      append(new Int16Array(halfTaps));
      const out = render(ceilDiv(received * up, down));
      buffer.fill(0);
      bufferStart = -halfTaps;
      bufferLength = halfTaps;
      received = 0;
      produced = 0;
      return out;
    },
  };
}

/** One-shot conversion: output length is ceil(input length × toRate / fromRate), aligned at time 0. */
export function resample(samples: Int16Array, fromRate: number, toRate: number, options: ResamplerOptions = {}): Int16Array {
  const resampler = createResampler(fromRate, toRate, options);
  const head = resampler.push(samples);
  const tail = resampler.flush();
  if (tail.length === 0) return head;
  const out = new Int16Array(head.length + tail.length);
  out.set(head);
  out.set(tail, head.length);
  return out;
}
