import { SottoError } from '../../errors/index.js';
import type { ToolValue } from '../agent.js';
import { renderTokensAsWords } from '../token-words.js';
import { PLACEHOLDER } from './references.js';

/**
 * A prompt as spoken: `{result.field}` filled from a kept tool result, then every token rendered
 * as words. Tool results are re-tokenized by the tool runner, so a placeholder can at worst speak
 * "your card number", never the number.
 */
export function renderPrompt(prompt: string, results: ReadonlyMap<string, Record<string, ToolValue>>): string {
  const filled = prompt.replace(PLACEHOLDER, (_match, name: string, field: string) => {
    const value = results.get(name)?.[field];
    if (value === undefined) throw new SottoError('TOOL_FAILED', `the prompt needs {${name}.${field}}, which no tool returned`);
    return String(value);
  });
  return renderTokensAsWords(filled);
}
