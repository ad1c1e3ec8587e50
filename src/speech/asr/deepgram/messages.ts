import { z } from 'zod';
import type { TimedWord } from '../../../detect/index.js';
import { SottoError } from '../../../errors/index.js';

/**
 * Server messages of Deepgram's live API (wss://api.deepgram.com/v1/listen). The provider's
 * answers are outside input: a malformed message fails the stream (ASR_FAILED) rather than
 * being half-read. Unknown message types are skipped, as the API adds them over time.
 */
const seconds = z.number().nonnegative();
const word = z.object({ word: z.string(), start: seconds, end: seconds });
const results = z.object({
  type: z.literal('Results'),
  is_final: z.boolean(),
  speech_final: z.boolean().optional(),
  channel: z.object({
    alternatives: z.array(z.object({ transcript: z.string(), words: z.array(word) })),
  }),
});

export type DeepgramMessage =
  | { type: 'Results'; isFinal: boolean; speechFinal: boolean; words: TimedWord[] }
  | { type: 'UtteranceEnd' }
  | { type: 'Error' }
  | { type: 'Other' };

export function parseDeepgramMessage(text: string): DeepgramMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new SottoError('ASR_FAILED', 'Deepgram sent a message that is not JSON', { cause });
  }
  const type = typeof value === 'object' && value !== null && 'type' in value ? value.type : undefined;
  if (typeof type !== 'string') throw new SottoError('ASR_FAILED', 'Deepgram sent a message without a type');
  switch (type) {
    case 'Results': {
      const parsed = results.safeParse(value);
      if (!parsed.success) throw new SottoError('ASR_FAILED', 'Deepgram sent a malformed Results message');
      const best = parsed.data.channel.alternatives[0];
      const words = (best?.words ?? [])
        .filter((w) => w.end >= w.start && w.word.length > 0)
        .map((w) => ({ text: w.word, startMs: Math.round(w.start * 1000), endMs: Math.round(w.end * 1000) }));
      return { type: 'Results', isFinal: parsed.data.is_final, speechFinal: parsed.data.speech_final ?? false, words };
    }
    case 'UtteranceEnd':
      return { type: 'UtteranceEnd' };
    case 'Error':
      return { type: 'Error' };
    default:
      return { type: 'Other' };
  }
}
