import { open, type FileHandle } from 'node:fs/promises';
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import type { Command } from 'commander';
import { redactConversation } from '../../detect/index.js';
import { MAX_TURN_CHARS, parseConversationLine } from '../../detect/jsonl.js';
import { isSottoError, SottoError } from '../../errors/index.js';

/** A conversation line longer than this is refused without being held in memory whole. */
const MAX_LINE_BYTES = 8 * 1024 * 1024;

const HELP = `
Input: one conversation per line (JSONL):
  {"id": "...", "turns": [{"speaker": "agent"|"caller", "text": "..."}]}
Output: one line per valid input line, in input order:
  {"id", "turns": [{"speaker", "text", "redacted", "entities": [{"type", "start", "end"}]}]}
  start/end are character offsets into the original turn text (end exclusive).

Bad lines (empty, not JSON, missing fields, unknown speaker, not UTF-8, a turn longer than
${MAX_TURN_CHARS} characters, a line over ${MAX_LINE_BYTES / 1024 / 1024} MiB) are skipped: each is reported on stderr by line
number only, never by content; the good lines are still written, and the command exits 1
at the end if any line was bad. No data directory or keys are needed.`;

export function registerRedactCommand(program: Command): void {
  program
    .command('redact')
    .description('detect and mask sensitive data in conversation transcripts (JSONL in, JSONL out)')
    .requiredOption('--in <file>', 'input JSONL file, or - for stdin')
    .requiredOption('--out <file>', 'output JSONL file, or - for stdout')
    .addHelpText('after', HELP)
    .action(async (options: { in: string; out: string }) => {
      const input = options.in === '-' ? process.stdin : (await openFile(options.in, 'r', 'DETECT_INPUT_INVALID', 'cannot open the input file')).createReadStream();
      // The output holds the original text beside the redacted one: readable by its owner only.
      const output = options.out === '-' ? process.stdout : (await openFile(options.out, 'w', 'DETECT_OUTPUT_FAILED', 'cannot create the output file')).createWriteStream();
      let outputError: unknown;
      output.on('error', (err) => {
        outputError = err;
      });
      const bad: number[] = [];
      let total = 0;
      try {
        for await (const line of readLines(input)) {
          total += 1;
          let result: string;
          try {
            if (line.bytes === undefined) throw line.error;
            result = `${JSON.stringify(redactConversation(parseConversationLine(decodeUtf8(line.bytes))))}\n`;
          } catch (err) {
            bad.push(line.number);
            // Only a coded message is printed: anything else might quote the line.
            const reason = isSottoError(err) ? `${err.code}: line ${line.number}: ${err.message}` : `INTERNAL: line ${line.number}: detection failed`;
            process.stderr.write(`sotto: ${reason}\n`);
            continue;
          }
          await write(output, result);
          if (outputError) break;
        }
      } catch (err) {
        if (isSottoError(err)) throw err;
        throw new SottoError('DETECT_INPUT_INVALID', `cannot read ${options.in === '-' ? 'stdin' : 'the input file'} (${errorCode(err)})`);
      } finally {
        if (output !== process.stdout) {
          output.end();
          await once(output, 'close').catch(() => undefined);
        }
      }
      if (outputError) throw new SottoError('DETECT_OUTPUT_FAILED', `cannot write the output (${errorCode(outputError)})`);
      if (bad.length > 0) {
        const listed = bad.slice(0, 10).join(', ') + (bad.length > 10 ? ', …' : '');
        throw new SottoError('DETECT_INPUT_INVALID', `${bad.length} of ${total} lines not redacted (line ${listed})`);
      }
    });
}

function errorCode(err: unknown): string {
  return err instanceof Error && 'code' in err ? String(err.code) : 'I/O error';
}

async function openFile(path: string, flags: 'r' | 'w', code: 'DETECT_INPUT_INVALID' | 'DETECT_OUTPUT_FAILED', what: string): Promise<FileHandle> {
  try {
    return await open(path, flags, 0o600);
  } catch (err) {
    throw new SottoError(code, `${what} (${errorCode(err)})`);
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(bytes: Buffer): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new SottoError('DETECT_INPUT_INVALID', 'not valid UTF-8');
  }
}

async function write(output: Writable, chunk: string): Promise<void> {
  if (!output.write(chunk) && !output.destroyed) await Promise.race([once(output, 'drain'), once(output, 'error')]).catch(() => undefined);
}

interface Line {
  number: number;
  bytes?: Buffer;
  error?: SottoError;
}

/** Lines as bytes (decoded later, strictly); an over-long line is dropped as it streams past. */
async function* readLines(input: Readable): AsyncGenerator<Line> {
  let parts: Buffer[] = [];
  let size = 0;
  let oversized = false;
  let number = 0;
  const finish = (): Line => {
    number += 1;
    const line: Line = oversized
      ? { number, error: new SottoError('DETECT_INPUT_INVALID', `line is longer than ${MAX_LINE_BYTES} bytes`) }
      : { number, bytes: stripCr(Buffer.concat(parts, size)) };
    parts = [];
    size = 0;
    oversized = false;
    return line;
  };
  for await (const chunk of input as AsyncIterable<Buffer>) {
    let from = 0;
    for (let nl = chunk.indexOf(0x0a, from); nl >= 0; nl = chunk.indexOf(0x0a, from)) {
      add(chunk.subarray(from, nl));
      yield finish();
      from = nl + 1;
    }
    add(chunk.subarray(from));
  }
  if (size > 0 || oversized) yield finish();

  function add(piece: Buffer): void {
    if (oversized || piece.length === 0) return;
    if (size + piece.length > MAX_LINE_BYTES) {
      oversized = true;
      parts = [];
      size = 0;
      return;
    }
    parts.push(Buffer.from(piece));
    size += piece.length;
  }
}

function stripCr(bytes: Buffer): Buffer {
  return bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.subarray(0, -1) : bytes;
}
