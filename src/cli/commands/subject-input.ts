import { text } from 'node:stream/consumers';
import { SottoError } from '../../errors/index.js';

/**
 * A subject id from the command line, or from stdin with "-": a caller's number on the command
 * line is visible to other users of the machine (ps) and lands in shell history.
 */
export async function readSubjectId(value: string): Promise<string> {
  if (value !== '-') return value;
  const line = (await text(process.stdin)).split('\n')[0]?.trim() ?? '';
  if (line === '') throw new SottoError('USAGE', 'expected the subject id on the first line of stdin');
  return line;
}
