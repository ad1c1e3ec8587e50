import type { TimedWord } from '../../../detect/index.js';

/** PocketSphinx's default frame rate (-frate 100): one frame is 10 ms. */
export const FRAME_MS = 10;

/**
 * Turn decoder segments into words: drop sentence markers and fillers (`<s>`, `</s>`,
 * `<sil>`, `[NOISE]`, `++BREATH++`, the grammar search's `(NULL)` transitions) and strip
 * pronunciation-variant suffixes (`one(2)` is the dictionary's second way of saying "one").
 */
export function wordsOfSegments(segments: readonly { word: string; startFrame: number; endFrame: number }[]): TimedWord[] {
  const words: TimedWord[] = [];
  for (const seg of segments) {
    if (/^[<[+(]/.test(seg.word)) continue;
    const text = seg.word.replace(/\(\d+\)$/, '');
    if (!text) continue;
    // Segment frames are inclusive and counted from the stream start (acmod utt_start_frame).
    words.push({ text, startMs: seg.startFrame * FRAME_MS, endMs: (seg.endFrame + 1) * FRAME_MS });
  }
  return words;
}
