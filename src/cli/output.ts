import { CommanderError } from 'commander';
import { isSottoError } from '../errors/index.js';

/** Print a result: JSON with --json, else the text form. */
export function printResult(json: boolean, value: unknown, text: string): void {
  process.stdout.write(json ? `${JSON.stringify(value)}\n` : `${text}\n`);
}

/**
 * The CLI contract: exit 0 on success, 1 on failure, 2 on usage errors, and one clear line on
 * stderr. Messages come from SottoError, which never carries secrets or content; anything
 * else is reported generically (its stack could hold anything).
 */
export function exitCodeFor(err: unknown): { code: number; line: string | undefined } {
  if (err instanceof CommanderError) {
    // 'commander.help' with a non-zero exit code is help shown because the command line was incomplete.
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || (err.code === 'commander.help' && err.exitCode === 0)) {
      return { code: 0, line: undefined };
    }
    return { code: 2, line: undefined }; // commander has already printed its own one-line message
  }
  if (isSottoError(err)) {
    return { code: err.code === 'USAGE' ? 2 : 1, line: `sotto: ${err.code}: ${err.message}` };
  }
  return { code: 1, line: `sotto: INTERNAL: ${err instanceof Error ? err.name : 'error'} (run with SOTTO_LOG_LEVEL=debug for details)` };
}
