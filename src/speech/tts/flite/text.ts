import { SottoError } from '../../../errors/index.js';

/** About two minutes of speech; the voice thread is busy ~13 ms per second of audio it makes. */
export const MAX_TEXT_CHARS = 2000;
/** No English word is this long; Flite's letter-to-sound on a 5 000-letter token took 10 s. */
export const MAX_WORD_CHARS = 64;

/**
 * Prepare agent text for Flite, which reads bytes as ASCII and ends the process (exit(-1) in
 * cst_error) on internal errors: accents are folded (é → e), other non-ASCII and control
 * characters become spaces, and overlong input is refused instead of stalling the voice thread.
 */
export function textForFlite(text: string): string {
  if (typeof text !== 'string') throw new SottoError('TTS_FAILED', 'the text to speak is not a string');
  if (text.length > MAX_TEXT_CHARS) throw new SottoError('TTS_FAILED', `the text to speak exceeds ${MAX_TEXT_CHARS} characters`);
  const ascii = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^\x20-\x7e]+/g, ' ');
  for (const word of ascii.split(' ')) {
    if (word.length > MAX_WORD_CHARS) throw new SottoError('TTS_FAILED', `the text to speak has a word longer than ${MAX_WORD_CHARS} characters`);
  }
  return ascii;
}
