// The caller side every simulated call plays: the card-payment caller's lines, synthesized once
// with Flite word by word (so every word's time in the audio is known exactly), laid over a
// low noise floor (so the VAD sees a real background), resampled to 8 kHz and mu-law encoded.
// The replay recognizer gets the same words with the same times, so what it "hears" is what
// the audio carries, and the recording's redaction windows land on the spoken values.
import { mulawEncode, resample } from '../../src/audio/index.js';
import type { TimedWord } from '../../src/detect/index.js';
import type { ReplayUtterance, TtsProvider } from '../../src/speech/index.js';
import { noise } from '../../src/speech/test-speech.js';

export interface CallerTimeline {
  /** The caller's whole side, mu-law 8 kHz: 160 bytes per 20 ms frame. */
  mulaw: Buffer;
  /** The same audio as PCM16 at 8 kHz. */
  pcm: Int16Array;
  /** What the replay recognizer hears: word times in ms from the first frame. */
  script: ReplayUtterance[];
  durationMs: number;
}

export interface TimelineOptions {
  /** Silence before the first line (the agent's greeting starts meanwhile). */
  leadMs: number;
  /** Silence after each line: the caller answers the agent's next prompt this much later. */
  answerGapMs: number;
  /** Silence after the last line. */
  tailMs: number;
}

const WORD_GAP_MS = 40;
/** Flite pads each word with ~170 ms of near-silence; samples below this are trimmed off the edges. */
const EDGE_LEVEL = 150;
const FRAME_BYTES = 160;

function trimmed(samples: Int16Array): Int16Array {
  let from = 0;
  let to = samples.length;
  while (from < to && Math.abs(samples[from] ?? 0) < EDGE_LEVEL) from++;
  while (to > from && Math.abs(samples[to - 1] ?? 0) < EDGE_LEVEL) to--;
  return samples.subarray(from, to);
}

export async function buildCallerTimeline(tts: TtsProvider, lines: readonly string[], o: TimelineOptions): Promise<CallerTimeline> {
  const voice = new Map<string, Int16Array>();
  let rate = 0;
  const placed: { atMs: number; samples: Int16Array }[] = [];
  const script: ReplayUtterance[] = [];
  let cursorMs = o.leadMs;
  for (const line of lines) {
    const words: TimedWord[] = [];
    for (const text of line.split(/\s+/).filter(Boolean)) {
      let samples = voice.get(text);
      if (!samples) {
        const speech = await tts.synthesize(text);
        rate = speech.sampleRate;
        samples = trimmed(speech.samples);
        voice.set(text, samples);
      }
      const ms = (samples.length * 1000) / rate;
      placed.push({ atMs: cursorMs, samples });
      words.push({ text, startMs: Math.round(cursorMs), endMs: Math.round(cursorMs + ms) });
      cursorMs += ms + WORD_GAP_MS;
    }
    script.push({ words });
    cursorMs += o.answerGapMs - WORD_GAP_MS;
  }
  const durationMs = Math.ceil((cursorMs - o.answerGapMs + o.tailMs) / 20) * 20;
  const wide = noise(durationMs, rate, 60);
  for (const { atMs, samples } of placed) {
    const offset = Math.round((atMs * rate) / 1000);
    for (let i = 0; i < samples.length && offset + i < wide.length; i++) {
      wide[offset + i] = Math.max(-32768, Math.min(32767, (wide[offset + i] ?? 0) + (samples[i] ?? 0)));
    }
  }
  const narrow = resample(wide, rate, 8000);
  const pcm = new Int16Array((durationMs / 20) * FRAME_BYTES);
  pcm.set(narrow.subarray(0, pcm.length));
  return { mulaw: Buffer.from(mulawEncode(pcm)), pcm, script, durationMs };
}
