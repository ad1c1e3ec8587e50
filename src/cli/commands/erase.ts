import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { CLI_CONTEXT, LOCAL_OPERATOR } from '../../access/index.js';
import { SottoError } from '../../errors/index.js';
import { verifyCertificate, type ErasureResult } from '../../lifecycle/index.js';
import { commandContext, withRuntime, type CommandContext } from '../context.js';
import { writeAtomically } from '../files.js';
import { printResult } from '../output.js';
import { readSubjectId } from './subject-input.js';

interface EraseOptions {
  tenant?: string;
  subject?: string;
  out?: string;
  key?: string;
}

const USAGE = [
  'sotto erase --tenant T --subject ID [--out FILE]     erase a data subject; write the signed certificate',
  'sotto erase verify-certificate FILE [--key VERIFIER]  verify a certificate (offline with --key)',
  'sotto erase certificate ERASURE_ID [--out FILE]      the certificate of a finished erasure',
  'sotto erase certificate-key                           the verifier key to publish',
].join('\n');

/**
 * `erase` is a command and a small family at once (`sotto erase --tenant …` and `sotto erase
 * verify-certificate FILE`); a command with subcommands cannot also run on its own here, so
 * the first argument picks the operation.
 */
export function registerEraseCommand(program: Command): void {
  program
    .command('erase')
    .description('erase everything held about a data subject (an audited call.delete), and check deletion certificates')
    .argument('[operation]', 'verify-certificate, certificate or certificate-key; none to erase')
    .argument('[target]', 'the certificate file or the erasure id')
    .option('--tenant <tenant>', 'tenant id')
    .option('--subject <id>', 'the subject’s id (caller number or customer id; "-" reads it from stdin)')
    .option('--out <file>', 'write the signed deletion certificate here')
    .option('--key <verifier>', 'verify against this key (name+keyid+base64) instead of this installation’s')
    .addHelpText('after', `\nForms:\n${USAGE}`)
    .action(async (operation: string | undefined, target: string | undefined, options: EraseOptions, command: Command) => {
      const ctx = commandContext(command);
      switch (operation) {
        case undefined:
          return eraseSubject(ctx, options);
        case 'verify-certificate':
          return verify(ctx, required(target, 'FILE'), options.key);
        case 'certificate':
          return certificate(ctx, required(target, 'ERASURE_ID'), options.out);
        case 'certificate-key': {
          const key = await withRuntime(ctx, false, (rt) => rt.lifecycle.certificateVerifierKey());
          return printResult(ctx.json, { verifierKey: key }, key);
        }
        default:
          throw new SottoError('USAGE', "unknown erase operation; see 'sotto erase --help'");
      }
    });
}

function required(value: string | undefined, name: string): string {
  if (value === undefined) throw new SottoError('USAGE', `missing ${name}`);
  return value;
}

async function eraseSubject(ctx: CommandContext, options: EraseOptions): Promise<void> {
  if (options.tenant === undefined || options.subject === undefined) throw new SottoError('USAGE', 'sotto erase needs --tenant and --subject');
  const subjectId = await readSubjectId(options.subject);
  const tenantId = options.tenant;
  const result = await withRuntime(ctx, false, (rt) => rt.lifecycle.erase(LOCAL_OPERATOR, { tenantId, subjectId }, CLI_CONTEXT));
  await report(ctx, result, options.out);
}

async function certificate(ctx: CommandContext, erasureId: string, out: string | undefined): Promise<void> {
  const result = await withRuntime(ctx, false, (rt) => rt.lifecycle.erasureCertificate(LOCAL_OPERATOR, erasureId, CLI_CONTEXT));
  await report(ctx, result, out);
}

async function report(ctx: CommandContext, result: ErasureResult, out: string | undefined): Promise<void> {
  if (out !== undefined) await writeAtomically(out, single(Buffer.from(`${JSON.stringify(result.certificate, null, 2)}\n`)));
  const c = result.counts;
  const text =
    `${result.alreadyErased ? 'already erased' : 'erased'} (${result.erasureId}): ${c.recording} recordings, ${c.transcript} transcripts, ` +
    `${c.export} exports, ${c.call_record} call records${out !== undefined ? `; certificate written to ${out}` : ''}`;
  printResult(ctx.json, result, text);
}

async function verify(ctx: CommandContext, file: string, key: string | undefined): Promise<void> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new SottoError('USAGE', `cannot read ${file}`, { cause });
  }
  // With --key nothing of this installation is opened: anyone holding the published key can check.
  const verifierKey = key ?? (await withRuntime(ctx, false, (rt) => rt.lifecycle.certificateVerifierKey()));
  const certificate = verifyCertificate(text, verifierKey);
  const c = certificate.counts;
  printResult(
    ctx.json,
    { valid: true, certificate },
    `valid: erasure ${certificate.erasureId} of tenant ${certificate.tenantId} completed ${certificate.completedAt}: ` +
      `${c.recording} recordings, ${c.transcript} transcripts, ${c.export} exports, ${c.call_record} call records`,
  );
}

async function* single(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes;
}
