import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { Option, type Command } from 'commander';
import { CLI_CONTEXT, LOCAL_OPERATOR } from '../../access/index.js';
import { ARTIFACT_KINDS } from '../../store/meta/metadata-store.js';
import { commandContext, withRuntime } from '../context.js';
import { writeAtomically } from '../files.js';
import { printResult } from '../output.js';

export function registerVaultCommands(program: Command): void {
  const vault = program.command('vault').description('store and read encrypted artifacts (recordings, transcripts, exports)');

  vault
    .command('put')
    .description('encrypt a file into the vault; prints the artifact id')
    .requiredOption('--tenant <tenant>', 'tenant id')
    .requiredOption('--subject <subject>', 'data subject (customer) id; stored only as a keyed hash')
    // An unknown kind is a usage error (exit 2), caught before any input is read.
    .addOption(new Option('--kind <kind>', 'artifact kind').choices(ARTIFACT_KINDS).makeOptionMandatory())
    .requiredOption('--in <file>', 'input file, or - for stdin')
    .action(async (options: { tenant: string; subject: string; kind: string; in: string }, command: Command) => {
      const ctx = commandContext(command);
      const stored = await withRuntime(ctx, true, (rt) =>
        rt.vault.put({
          tenantId: options.tenant,
          subjectId: options.subject,
          kind: options.kind,
          body: options.in === '-' ? process.stdin : createReadStream(options.in),
        }),
      );
      printResult(ctx.json, stored, stored.id);
    });

  vault
    .command('get')
    .description('decrypt an artifact to a file (an audited access to conversation content)')
    .argument('<id>', 'artifact id')
    .requiredOption('--out <file>', 'output file, or - for stdout')
    .action(async (id: string, options: { out: string }, command: Command) => {
      const ctx = commandContext(command);
      const result = await withRuntime(ctx, false, async (rt) => {
        const read = await rt.gateway.readArtifact(LOCAL_OPERATOR, undefined, id, CLI_CONTEXT);
        if (options.out === '-') {
          await pipeline(Readable.from(read.body), process.stdout, { end: false });
        } else {
          await writeAtomically(options.out, read.body);
        }
        return { id: read.record.id, kind: read.record.kind, bytes: read.record.plaintextSize };
      });
      if (options.out !== '-') printResult(ctx.json, result, `${result.bytes} bytes written to ${options.out}`);
    });

  vault
    .command('verify')
    .description('authenticate every segment of an artifact without writing its content anywhere')
    .argument('<id>', 'artifact id')
    .action(async (id: string, _options: unknown, command: Command) => {
      const ctx = commandContext(command);
      const result = await withRuntime(ctx, false, (rt) => rt.gateway.verifyArtifact(LOCAL_OPERATOR, id, CLI_CONTEXT));
      printResult(ctx.json, { ...result, ok: true }, `ok: ${result.id} (${result.plaintextSize} bytes authenticated)`);
    });
}
