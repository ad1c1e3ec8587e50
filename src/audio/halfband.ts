// Exact 2× upsampling with a half-band FIR, for audio that only a recognizer hears (8 kHz
// telephone audio → 16 kHz PocketSphinx). A half-band interpolator's even outputs are the input
// samples themselves (every other tap of the half-band impulse response is zero), so only the
// odd outputs are filtered: 24 taps per input sample, symmetric, so 12 multiplies — against 108
// for the general Kaiser-sinc resampler (resampler.ts) at this ratio, which stays the path for
// anything stored or played (Crochiere & Rabiner, "Multirate Digital Signal Processing", 1983,
// §4.3 on half-band filters; Mintzer, "On half-band, third-band and Nth-band FIR filters", 1982).
//
// Response (halfband.test.ts checks it): 0.02 dB from DC to 3.4 kHz; images of the
// telephone band (300 Hz–3.4 kHz, imaged at 4.6–7.7 kHz) at least 50 dB down. The transition
// band is centred on 4 kHz (−6 dB there), which G.711 audio does not reach.
import { kaiserWindow } from './kaiser.js';
import type { Resampler } from './resampler.js';

/** Odd-phase taps: the half-band filter spans ±(2·HALF_TAPS − 1) output samples. */
const TAPS = 24;
const HALF_TAPS = TAPS / 2;
/** Kaiser β = 5: ~52 dB image rejection at this length, with the passband flat to 3.4 kHz. */
const KAISER_BETA = 5;

/**
 * The odd output between inputs i and i+1 reads x[i − HALF_TAPS + 1 … i + HALF_TAPS]: tap j sits
 * n = 2(j − HALF_TAPS) + 1 output samples from it, weight sinc(n/2) × Kaiser window; the taps are
 * normalised to unity DC gain (the even outputs pass DC exactly).
 */
function halfBandTaps(): Float64Array {
  const taps = new Float64Array(TAPS);
  const span = TAPS; // the window reaches zero one output sample beyond the outermost tap
  const window = kaiserWindow(KAISER_BETA);
  let sum = 0;
  for (let j = 0; j < TAPS; j++) {
    const n = 2 * (j - HALF_TAPS) + 1;
    const x = n / 2;
    const r = n / span;
    const c = (Math.sin(Math.PI * x) / (Math.PI * x)) * window(r);
    taps[j] = c;
    sum += c;
  }
  for (let j = 0; j < TAPS; j++) taps[j] = (taps[j] as number) / sum;
  return taps;
}

// The first half of the symmetric taps (tap j equals tap TAPS − 1 − j), as constants: the inner
// product below is written out for TAPS = 24, which V8 runs ~1.5× faster than a loop over an
// array (it runs for every caller frame of every call).
const TAP = halfBandTaps();
const tap = (j: number): number => TAP[j] as number;
const [c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11] = [tap(0), tap(1), tap(2), tap(3), tap(4), tap(5), tap(6), tap(7), tap(8), tap(9), tap(10), tap(11)];

/**
 * A streaming fromRate → 2·fromRate converter. Like createResampler, output is aligned at time
 * zero and the concatenated push/flush output equals the one-shot output for any chunking;
 * output lags input by HALF_TAPS input samples (1.5 ms at 8 kHz) until flush.
 */
export function createHalfBandUpsampler(fromRate: number): Resampler {
  // work[k] holds input sample received − (TAPS − 1) + k: the TAPS − 1 samples still needed
  // (zeros before the stream), then the new chunk.
  let work = new Float64Array(TAPS - 1 + 4096);
  let received = 0;
  let produced = 0;

  const take = (samples: Int16Array): void => {
    const needed = TAPS - 1 + samples.length;
    if (needed > work.length) {
      const grown = new Float64Array(Math.max(needed, work.length * 2));
      grown.set(work.subarray(0, TAPS - 1));
      work.fill(0);
      work = grown;
    }
    for (let k = 0; k < samples.length; k++) work[TAPS - 1 + k] = samples[k] as number;
  };

  /**
   * Output pairs produced … until − 1 from `length` new samples in `work` (which starts at input
   * sample `first` − (TAPS − 1)); pair i is x[i] and the filtered value half a sample after it.
   */
  const render = (until: number, first: number, length: number): Int16Array => {
    const out = new Int16Array(2 * (until - produced));
    // Pair i's taps start at x[i − HALF_TAPS + 1], which is work[i − first + HALF_TAPS].
    const w = work;
    let b = produced - first + HALF_TAPS;
    for (let k = 0; k < out.length; k += 2, b++) {
      out[k] = w[b + 11] as number;
      const acc =
        c0 * ((w[b] as number) + (w[b + 23] as number)) +
        c1 * ((w[b + 1] as number) + (w[b + 22] as number)) +
        c2 * ((w[b + 2] as number) + (w[b + 21] as number)) +
        c3 * ((w[b + 3] as number) + (w[b + 20] as number)) +
        c4 * ((w[b + 4] as number) + (w[b + 19] as number)) +
        c5 * ((w[b + 5] as number) + (w[b + 18] as number)) +
        c6 * ((w[b + 6] as number) + (w[b + 17] as number)) +
        c7 * ((w[b + 7] as number) + (w[b + 16] as number)) +
        c8 * ((w[b + 8] as number) + (w[b + 15] as number)) +
        c9 * ((w[b + 9] as number) + (w[b + 14] as number)) +
        c10 * ((w[b + 10] as number) + (w[b + 13] as number)) +
        c11 * ((w[b + 11] as number) + (w[b + 12] as number));
      out[k + 1] = acc >= 32767 ? 32767 : acc <= -32768 ? -32768 : Math.round(acc);
    }
    produced = until;
    // Keep the last TAPS − 1 inputs at the front for the next chunk.
    work.copyWithin(0, length, length + TAPS - 1);
    return out;
  };

  return {
    fromRate,
    toRate: 2 * fromRate,
    push(samples) {
      take(samples);
      const first = received;
      received += samples.length;
      // Pair i needs input up to x[i + HALF_TAPS].
      return render(Math.max(produced, received - HALF_TAPS), first, samples.length);
    },
    flush() {
      // The future is silence: HALF_TAPS zeros complete the pairs still held back.
      take(new Int16Array(HALF_TAPS));
      const out = render(received, received, HALF_TAPS);
      work.fill(0);
      received = 0;
      produced = 0;
      return out;
    },
  };
}
