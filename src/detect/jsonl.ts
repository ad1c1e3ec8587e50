import { SottoError } from '../errors/index.js';
import type { Conversation, Turn } from './types.js';

/** Spoken turns are short (a minute of speech is ~1,000 characters); a longer one is not a turn. */
export const MAX_TURN_CHARS = 65_536;

const invalid = (why: string): SottoError => new SottoError('DETECT_INPUT_INVALID', why);

/**
 * One line of `sotto redact` input. The line is outside input and may hold a card number:
 * errors say what is wrong and where, never what the line contains.
 */
export function parseConversationLine(line: string): Conversation {
  if (line.trim() === '') throw invalid('empty line');
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw invalid('not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid('not a JSON object');
  const raw = value as Record<string, unknown>;
  if (typeof raw.id !== 'string' || raw.id === '') throw invalid('"id" must be a non-empty string');
  if (!Array.isArray(raw.turns)) throw invalid('"turns" must be an array');
  const turns: Turn[] = raw.turns.map((turn: unknown, index: number) => {
    if (typeof turn !== 'object' || turn === null || Array.isArray(turn)) throw invalid(`turn ${index} is not an object`);
    const { speaker, text } = turn as Record<string, unknown>;
    if (speaker !== 'agent' && speaker !== 'caller') throw invalid(`turn ${index}: "speaker" must be "agent" or "caller"`);
    if (typeof text !== 'string') throw invalid(`turn ${index}: "text" must be a string`);
    if (text.trim() === '') throw invalid(`turn ${index}: "text" is empty`);
    if (text.length > MAX_TURN_CHARS) throw invalid(`turn ${index}: "text" is longer than ${MAX_TURN_CHARS} characters`);
    return { speaker, text };
  });
  return { id: raw.id, turns };
}
