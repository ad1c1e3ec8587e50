// Audio redaction: sensitive words, located by the recognizer's word times, are muted (or toned)
// in the recording. Word times are approximate, so each span is padded (~250 ms each side, the
// practice DESIGN.md cites) and close windows are merged so no fragment of a number survives
// between them. Fades sit outside the windows: no sample inside a window keeps caller audio.
// Fail closed (DESIGN.md invariant 4): a span that cannot be placed throws, and the caller mutes
// the whole utterance with `muteWindow`, which never throws.
import { SottoError } from '../errors/index.js';

export interface TimeSpan {
  startMs: number;
  endMs: number;
}

export interface RedactOptions {
  /** Added before and after each span. Default 250. */
  paddingMs?: number;
  /** Windows separated by less than this become one. Default 300. */
  mergeGapMs?: number;
  /** `mute`: silence (default). `tone`: a low 1 kHz tone, audibly marking the redaction. */
  mode?: 'mute' | 'tone';
}

export interface RedactedAudio {
  /** A new array of the input's length; the input is not modified. */
  audio: Int16Array;
  /** The windows replaced, padded, clamped to the track and merged, in time order. */
  windows: TimeSpan[];
}

const FADE_MS = 5;
const TONE_HZ = 1000;
/** −20 dB re full scale: audible as a marker, not startling. */
const TONE_AMPLITUDE = 3277;

function unplaceable(message: string): never {
  throw new SottoError('AUDIO_REDACTION_FAILED', `audio redaction: ${message}; mute the whole utterance instead`);
}

function nonNegative(value: number | undefined, fallback: number, name: string): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v < 0) unplaceable(`${name} must be a finite, non-negative number (got ${v})`);
  return v;
}

/** Sample range [first, last) covering `window`: rounded outward, so partial samples are included. */
function sampleRange(window: TimeSpan, sampleRate: number, length: number): [number, number] {
  const first = Math.max(0, Math.floor((window.startMs * sampleRate) / 1000));
  const last = Math.min(length, Math.ceil((window.endMs * sampleRate) / 1000));
  return [first, last];
}

/** Raised-cosine fades over the FADE_MS just outside [first, last), so the cut does not click. */
function fadeAround(out: Int16Array, first: number, last: number, fadeSamples: number): void {
  for (let d = 1; d <= fadeSamples; d++) {
    const gain = 0.5 - 0.5 * Math.cos((Math.PI * d) / (fadeSamples + 1)); // d samples from the window: near 0 … near 1
    const before = first - d;
    const after = last - 1 + d;
    if (before >= 0) out[before] = Math.round((out[before] as number) * gain);
    if (after < out.length) out[after] = Math.round((out[after] as number) * gain);
  }
}

/** Fills [first, last) with silence or with a tone that depends only on the window, never on the audio. */
function fillWindow(out: Int16Array, first: number, last: number, sampleRate: number, mode: 'mute' | 'tone'): void {
  if (mode === 'mute') {
    out.fill(0, first, last);
    return;
  }
  const step = (2 * Math.PI * TONE_HZ) / sampleRate;
  const ramp = Math.max(1, Math.round((FADE_MS * sampleRate) / 1000));
  const length = last - first;
  for (let i = 0; i < length; i++) {
    const envelope = Math.min(1, (i + 1) / ramp, (length - i) / ramp);
    out[first + i] = Math.round(TONE_AMPLITUDE * envelope * Math.sin(step * i));
  }
}

function windowsFor(spans: readonly TimeSpan[], durationMs: number, paddingMs: number, mergeGapMs: number): TimeSpan[] {
  const padded: TimeSpan[] = [];
  for (const [i, span] of spans.entries()) {
    const { startMs, endMs } = span;
    if (!Number.isFinite(startMs) || !Number.isFinite(endMs)) unplaceable(`span ${i} has a non-finite time`);
    if (startMs < 0) unplaceable(`span ${i} starts before the track`);
    if (endMs < startMs) unplaceable(`span ${i} ends before it starts`);
    if (startMs > durationMs) unplaceable(`span ${i} starts after the end of the ${durationMs} ms track`);
    padded.push({ startMs: Math.max(0, startMs - paddingMs), endMs: Math.min(durationMs, endMs + paddingMs) });
  }
  padded.sort((a, b) => a.startMs - b.startMs);
  const merged: TimeSpan[] = [];
  for (const w of padded) {
    const last = merged.at(-1);
    if (last && w.startMs - last.endMs < mergeGapMs) last.endMs = Math.max(last.endMs, w.endMs);
    else merged.push({ ...w });
  }
  return merged;
}

function checkTrack(audio: Int16Array, sampleRate: number): void {
  if (!(audio instanceof Int16Array)) unplaceable('audio is not 16-bit PCM');
  if (!Number.isInteger(sampleRate) || sampleRate <= 0) unplaceable(`sample rate ${sampleRate} is not a positive integer`);
}

/**
 * Replaces each span (times in ms from the start of this mono track) with silence or a tone.
 * Samples with index in [floor(startMs·rate/1000), ceil(endMs·rate/1000)) of each returned window
 * are replaced; the FADE_MS before and after each window are faded; every other sample is kept.
 * Throws AUDIO_REDACTION_FAILED for a span that is non-finite, negative, reversed or starts after
 * the end — the audio is then not returned at all.
 */
export function redactAudio(audio: Int16Array, sampleRate: number, spans: readonly TimeSpan[], options: RedactOptions = {}): RedactedAudio {
  checkTrack(audio, sampleRate);
  const paddingMs = nonNegative(options.paddingMs, 250, 'paddingMs');
  const mergeGapMs = nonNegative(options.mergeGapMs, 300, 'mergeGapMs');
  const mode = options.mode ?? 'mute';
  if (mode !== 'mute' && mode !== 'tone') unplaceable(`unknown mode ${String(mode)}`);
  const durationMs = (audio.length * 1000) / sampleRate;
  const windows = windowsFor(spans, durationMs, paddingMs, mergeGapMs);

  const out = audio.slice();
  const fadeSamples = Math.round((FADE_MS * sampleRate) / 1000);
  const ranges = windows.map((w) => sampleRange(w, sampleRate, out.length));
  // Fades first, windows last: where a fade reaches into a neighbouring window, the window wins.
  for (const [first, last] of ranges) fadeAround(out, first, last, fadeSamples);
  for (const [first, last] of ranges) fillWindow(out, first, last, sampleRate, mode);
  return { audio: out, windows };
}

/**
 * The fallback when a span cannot be placed: silence over `window` (e.g. the utterance's time range,
 * clamped to the track), with fades outside it. Never throws for a bad window: if its times are not
 * usable numbers, are reversed or lie after the track, the whole track is muted.
 */
export function muteWindow(audio: Int16Array, sampleRate: number, window: TimeSpan): Int16Array {
  const { startMs, endMs } = window;
  const usable = Number.isInteger(sampleRate) && sampleRate > 0 && Number.isFinite(startMs) && Number.isFinite(endMs);
  // A window that is reversed or lies after the track says the timeline is wrong: nothing in it can be trusted.
  if (!usable || endMs < startMs || startMs > (audio.length * 1000) / sampleRate) return muteAll(audio);
  const out = audio.slice();
  const [first, last] = sampleRange(window, sampleRate, out.length);
  if (last <= first) return out;
  fadeAround(out, first, last, Math.round((FADE_MS * sampleRate) / 1000));
  out.fill(0, first, last);
  return out;
}

/** Silence of the same length: the last resort, when nothing about the audio can be trusted. */
export function muteAll(audio: Int16Array): Int16Array {
  return new Int16Array(audio.length);
}
