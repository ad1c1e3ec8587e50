/**
 * In-band keypad tones (ITU-T Q.23/Q.24): one row and one column frequency at once. The call
 * session uses this to keep tones away from the recognizer (a cloud recognizer would otherwise
 * receive the digits) and out of the stored recording, whether or not the carrier also sent a
 * keypad event.
 */
const ROWS = [697, 770, 852, 941];
const COLUMNS = [1209, 1336, 1477, 1633];

/** Goertzel coefficients 2·cos(2πf/fs) of the rows then the columns, per sample rate. */
const coefficientsByRate = new Map<number, Float64Array>();

function coefficientsFor(sampleRate: number): Float64Array {
  let c = coefficientsByRate.get(sampleRate);
  if (!c) {
    c = Float64Array.from([...ROWS, ...COLUMNS], (frequency) => 2 * Math.cos((2 * Math.PI * frequency) / sampleRate));
    coefficientsByRate.set(sampleRate, c);
  }
  return c;
}

/**
 * Goertzel power of the eight keypad frequencies over a frame, normalized by the frame length:
 * the eight recurrences run side by side in one pass over the samples (this runs for every
 * caller frame of every call that is not silent).
 */
function powers(samples: Int16Array, c: Float64Array): { row: number; column: number } {
  // Locals, not a destructured array: this runs 50 times a second per call.
  const k0 = c[0] as number, k1 = c[1] as number, k2 = c[2] as number, k3 = c[3] as number;
  const k4 = c[4] as number, k5 = c[5] as number, k6 = c[6] as number, k7 = c[7] as number;
  let a1 = 0, a2 = 0, b1 = 0, b2 = 0, d1 = 0, d2 = 0, e1 = 0, e2 = 0;
  let f1 = 0, f2 = 0, g1 = 0, g2 = 0, h1 = 0, h2 = 0, m1 = 0, m2 = 0;
  for (let i = 0; i < samples.length; i++) {
    const x = samples[i] as number;
    let s0 = x + k0 * a1 - a2; a2 = a1; a1 = s0;
    s0 = x + k1 * b1 - b2; b2 = b1; b1 = s0;
    s0 = x + k2 * d1 - d2; d2 = d1; d1 = s0;
    s0 = x + k3 * e1 - e2; e2 = e1; e1 = s0;
    s0 = x + k4 * f1 - f2; f2 = f1; f1 = s0;
    s0 = x + k5 * g1 - g2; g2 = g1; g1 = s0;
    s0 = x + k6 * h1 - h2; h2 = h1; h1 = s0;
    s0 = x + k7 * m1 - m2; m2 = m1; m1 = s0;
  }
  const n = samples.length;
  return {
    row: Math.max(power(a1, a2, k0, n), power(b1, b2, k1, n), power(d1, d2, k2, n), power(e1, e2, k3, n)),
    column: Math.max(power(f1, f2, k4, n), power(g1, g2, k5, n), power(h1, h2, k6, n), power(m1, m2, k7, n)),
  };
}

/** A Goertzel filter's power from its last two states, per sample. */
function power(s1: number, s2: number, k: number, n: number): number {
  return (s1 * s1 + s2 * s2 - k * s1 * s2) / n;
}

/**
 * True when a frame (20 ms is enough) is dominated by a keypad tone: the strongest row and
 * column frequencies together carry most of the frame's energy, and both are present. Speech
 * spreads its energy over many frequencies and fails the ratio test.
 */
export function isDtmfFrame(samples: Int16Array, sampleRate: number): boolean {
  if (samples.length < sampleRate / 100) return false;
  let energy = 0;
  for (const x of samples) energy += x * x;
  if (energy / samples.length < 1e4) return false; // below about -35 dBFS: too quiet to matter
  const { row, column } = powers(samples, coefficientsFor(sampleRate));
  // For a pure tone of amplitude A, Goertzel power/N ≈ N·A²/4 and mean energy ≈ A²/2.
  const toneShare = ((row + column) * 2) / samples.length / (energy / samples.length);
  return toneShare > 0.7 && Math.min(row, column) > 0.1 * Math.max(row, column);
}
