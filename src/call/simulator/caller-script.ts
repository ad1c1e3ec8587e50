import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { SottoError } from '../../errors/index.js';

/**
 * A scripted caller for `sotto call simulate` (YAML or JSON). Each step happens after the
 * agent has finished speaking: say a line (synthesized with Flite), play a WAV file, press
 * keypad digits, or stay silent for a while.
 */
const Step = z.union([
  z.object({ say: z.string().min(1).max(2000) }).strict(),
  z.object({ wav: z.string().min(1) }).strict(),
  z.object({ keypad: z.string().regex(/^[0-9*#]{1,40}$/, 'keypad digits are 0-9, * and #') }).strict(),
  z.object({ silenceMs: z.number().int().min(0).max(60_000) }).strict(),
]);

const Script = z
  .object({
    /** Sent as the stream's custom parameter `agent`; the server's default agent otherwise. */
    agent: z.string().min(1).optional(),
    /** The caller's number, sent as custom parameter `from` (the server keeps only a keyed hash). */
    from: z.string().min(1).max(40).optional(),
    steps: z.array(Step).min(1).max(200),
  })
  .strict();

export type CallerStep = z.infer<typeof Step>;
export type CallerScript = z.infer<typeof Script> & { baseDir: string };

export function parseCallerScript(text: string, baseDir: string): CallerScript {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (cause) {
    throw new SottoError('CALL_SCRIPT_INVALID', 'the caller script is not valid YAML or JSON', { cause });
  }
  const parsed = Script.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SottoError('CALL_SCRIPT_INVALID', `caller script ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  return { ...parsed.data, baseDir };
}

export async function loadCallerScript(path: string): Promise<CallerScript> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new SottoError('CALL_SCRIPT_INVALID', `cannot read the caller script ${path}`, { cause });
  }
  return parseCallerScript(text, dirname(resolve(path)));
}
