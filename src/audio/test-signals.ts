// Synthetic signals and measurements shared by this folder's tests (not exported from index.ts).
import { spawnSync } from 'node:child_process';
import { decodeWav } from './wav.js';

/** A sine of `frequency` Hz at `amplitude` (full scale 32767) for `durationMs`. */
export function tone(frequency: number, sampleRate: number, durationMs: number, amplitude = 10000, phase = 0): Int16Array {
  const out = new Int16Array(Math.round((durationMs * sampleRate) / 1000));
  for (let i = 0; i < out.length; i++) out[i] = Math.round(amplitude * Math.sin((2 * Math.PI * frequency * i) / sampleRate + phase));
  return out;
}

/** mulberry32: a small seeded PRNG so every run of a property test sees the same cases. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform white noise with RMS level `levelDbfs` (0 dBFS = a full-scale sine's RMS… here: RMS of 32768). */
export function noise(sampleRate: number, durationMs: number, levelDbfs: number, random = seededRandom(1)): Int16Array {
  const out = new Int16Array(Math.round((durationMs * sampleRate) / 1000));
  const rms = 32768 * 10 ** (levelDbfs / 20);
  const peak = rms * Math.sqrt(3); // uniform on [−a, a] has RMS a/√3
  for (let i = 0; i < out.length; i++) out[i] = Math.round((random() * 2 - 1) * peak);
  return out;
}

/** RMS level in dB relative to 32768 (−Infinity for silence). */
export function levelDb(samples: Int16Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  return 10 * Math.log10(sum / Math.max(1, samples.length) / 32768 ** 2);
}

/**
 * Amplitude of the `frequency` component (a single DFT bin, Hann-windowed so leakage from
 * distant frequencies is negligible), in dB relative to full scale: a sine of amplitude 32768 reads 0 dB.
 */
export function toneLevelDb(samples: Int16Array, frequency: number, sampleRate: number): number {
  const n = samples.length;
  const w = (2 * Math.PI * frequency) / sampleRate;
  let re = 0;
  let im = 0;
  let windowSum = 0;
  for (let i = 0; i < n; i++) {
    const hann = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1));
    const s = (samples[i] as number) * hann;
    re += s * Math.cos(w * i);
    im -= s * Math.sin(w * i);
    windowSum += hann;
  }
  const amplitude = (2 * Math.hypot(re, im)) / windowSum;
  return 20 * Math.log10(amplitude / 32768);
}

export function concat(...parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Real synthesized speech (Flite's `slt` voice, 16 kHz mono), piped from flite's stdout and never
 * written to disk. Node's stdio pipes are sockets, which flite cannot open as /dev/stdout; `| cat`
 * gives it a real pipe.
 */
export function fliteSpeech(text: string): Int16Array {
  if (!/^[a-z ,.]+$/i.test(text)) throw new Error('test speech text must be plain words');
  const run = spawnSync('sh', ['-c', `flite -voice slt -t '${text}' -o /dev/stdout | cat`]);
  if (run.status !== 0) throw new Error(`flite failed: ${run.stderr.toString()}`);
  const audio = decodeWav(run.stdout);
  if (audio.sampleRate !== 16000 || audio.channels !== 1) throw new Error('flite slt should give 16 kHz mono');
  return audio.samples;
}
