import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import type { Command } from 'commander';
import { CLI_CONTEXT, LOCAL_OPERATOR } from '../../access/index.js';
import { SottoError } from '../../errors/index.js';
import type { ExportRecipient } from '../../lifecycle/index.js';
import { commandContext, withRuntime } from '../context.js';
import { writeAtomically } from '../files.js';
import { printResult } from '../output.js';
import { readSubjectId } from './subject-input.js';

interface SubjectExportOptions {
  tenant: string;
  subject: string;
  passphraseFile?: string;
  recipient?: string;
  out: string;
}

/**
 * `sotto export subject`: everything held about a data subject, sealed with age to the
 * requester's passphrase or public key, written to --out (docs/lifecycle.md). The passphrase
 * never comes from argv (ps, shell history): from a file, or stdin with `--passphrase-file -`.
 * Stdin carries one secret per run: the subject (`--subject -`) or the passphrase, not both.
 */
export function registerExportCommands(program: Command): void {
  const exports = program.command('export').description('data subject exports (GDPR Art. 15 and 20)');

  exports
    .command('subject')
    .description('export everything held about a data subject, encrypted to the requester (an audited call.export)')
    .requiredOption('--tenant <tenant>', 'tenant id')
    .requiredOption('--subject <id>', 'the subject’s id (caller number or customer id; "-" reads it from stdin)')
    .option('--passphrase-file <file>', 'a file whose first line is the passphrase to encrypt to ("-" reads it from stdin)')
    .option('--recipient <age1…>', 'an age public key to encrypt to, instead of a passphrase')
    .requiredOption('--out <file>', 'where to write the encrypted bundle (.tar.age)')
    .action(async (options: SubjectExportOptions, command: Command) => {
      const ctx = commandContext(command);
      if ((options.passphraseFile === undefined) === (options.recipient === undefined)) {
        throw new SottoError('USAGE', 'give exactly one of --passphrase-file and --recipient');
      }
      if (options.subject === '-' && options.passphraseFile === '-') {
        throw new SottoError('USAGE', 'stdin can carry the subject or the passphrase, not both: put the passphrase in a file');
      }
      const subjectId = await readSubjectId(options.subject);
      const recipient: ExportRecipient =
        options.passphraseFile !== undefined ? { passphrase: await readPassphrase(options.passphraseFile) } : { recipient: options.recipient as string };
      const result = await withRuntime(ctx, false, async (rt) => {
        const created = await rt.lifecycle.exportSubject(LOCAL_OPERATOR, { tenantId: options.tenant, subjectId, recipient }, CLI_CONTEXT);
        // Written from the stored copy through the gateway: the download is audited like the API's.
        const read = await rt.lifecycle.readSubjectExport(LOCAL_OPERATOR, { tenantId: options.tenant, exportId: created.exportId }, CLI_CONTEXT);
        await writeAtomically(options.out, read.body);
        return created;
      });
      const c = result.counts;
      printResult(
        ctx.json,
        { ...result, out: options.out },
        result.empty
          ? `nothing is held about this subject; an empty export ${result.exportId} (${result.bytes} bytes) was written to ${options.out}`
          : `export ${result.exportId}: ${c.calls} calls, ${c.transcripts} transcripts, ${c.recordings} recordings, ${c.notIncluded} not included; ${result.bytes} bytes written to ${options.out}`,
      );
    });
}

/** The first line of the file (or of stdin for "-"), without its line ending. */
async function readPassphrase(file: string): Promise<string> {
  let content: string;
  try {
    content = file === '-' ? await text(process.stdin) : await readFile(file, 'utf8');
  } catch (cause) {
    throw new SottoError('USAGE', `cannot read the passphrase file ${file}`, { cause });
  }
  const line = content.split(/\r?\n/)[0] ?? '';
  if (line === '') throw new SottoError('EXPORT_RECIPIENT_INVALID', 'the passphrase file is empty');
  return line;
}
