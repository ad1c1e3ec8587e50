/**
 * In-band keypad tones (ITU-T Q.23/Q.24): one row and one column frequency at once. The call
 * session uses this to keep tones away from the recognizer (a cloud recognizer would otherwise
 * receive the digits) and out of the stored recording, whether or not the carrier also sent a
 * keypad event.
 */
const ROWS = [697, 770, 852, 941];
const COLUMNS = [1209, 1336, 1477, 1633];

/** Goertzel power of one frequency over a frame, normalized by the frame length. */
function power(samples: Int16Array, sampleRate: number, frequency: number): number {
  const coefficient = 2 * Math.cos((2 * Math.PI * frequency) / sampleRate);
  let s1 = 0;
  let s2 = 0;
  for (const x of samples) {
    const s0 = x + coefficient * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return (s1 * s1 + s2 * s2 - coefficient * s1 * s2) / samples.length;
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
  const row = Math.max(...ROWS.map((f) => power(samples, sampleRate, f)));
  const column = Math.max(...COLUMNS.map((f) => power(samples, sampleRate, f)));
  // For a pure tone of amplitude A, Goertzel power/N ≈ N·A²/4 and mean energy ≈ A²/2.
  const toneShare = ((row + column) * 2) / samples.length / (energy / samples.length);
  return toneShare > 0.7 && Math.min(row, column) > 0.1 * Math.max(row, column);
}
