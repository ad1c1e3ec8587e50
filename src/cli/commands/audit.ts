import { readFile, writeFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { SottoError } from '../../errors/index.js';
import { commandContext, withRuntime } from '../context.js';
import { printResult } from '../output.js';

function parseIndex(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('must be a non-negative integer');
  return n;
}

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the tamper-evident audit log: verify, tail, checkpoints and proofs');

  audit
    .command('verify')
    .description('recompute the tree from every stored entry and check every signed checkpoint; exit 1 naming the first bad index')
    .action(async (_options: unknown, command: Command) => {
      const ctx = commandContext(command);
      const report = await withRuntime(ctx, false, async (rt) => {
        try {
          const { verifyAuditLog } = await import('../../posture/index.js');
          return await verifyAuditLog(rt.audit, rt.store.sql, () => new Date());
        } catch (err) {
          const failure = (err as { report?: unknown }).report;
          if (ctx.json && failure) process.stdout.write(`${JSON.stringify(failure)}\n`);
          throw err;
        }
      });
      printResult(ctx.json, report, `ok: ${report.size} entries, ${report.checkpoints} checkpoints verified; root ${report.rootHash}`);
    });

  audit
    .command('tail')
    .description('show the most recent entries (ids and keyed hashes only)')
    .option('-n, --lines <n>', 'how many entries', parseIndex, 20)
    .action(async (options: { lines: number }, command: Command) => {
      const ctx = commandContext(command);
      const entries = await withRuntime(ctx, false, async (rt) => {
        const size = await rt.audit.size();
        const from = Math.max(0, size - options.lines);
        return size === 0 ? [] : rt.audit.entries({ from, limit: Math.min(options.lines, size) });
      });
      const lines = entries.map(
        ({ index, entry }) =>
          `${index} ${entry.at} ${entry.outcome.padEnd(7)} ${entry.action} ${entry.principal.kind}:${entry.principal.id} ` +
          `${entry.resource.type}:${entry.resource.id ?? '-'} (${entry.reason})${entry.breakGlass ? ' BREAK-GLASS' : ''}`,
      );
      printResult(ctx.json, { entries }, lines.join('\n') || '(no entries)');
    });

  audit
    .command('checkpoint')
    .description('sign a checkpoint of the current tree now and print it with the verifier key')
    .action(async (_options: unknown, command: Command) => {
      const ctx = commandContext(command);
      const result = await withRuntime(ctx, false, async (rt) => ({ checkpoint: await rt.audit.checkpoint(), verifierKey: await rt.audit.verifierKey() }));
      printResult(ctx.json, result, `${result.checkpoint}\nverifier key: ${result.verifierKey}`);
    });

  audit
    .command('proof')
    .description('export an inclusion (--index) or consistency (--from/--to) proof file, or check one offline (--verify FILE --key VKEY)')
    .option('--index <i>', 'entry index for an inclusion proof', parseIndex)
    .option('--from <size>', 'older tree size for a consistency proof', parseIndex)
    .option('--to <size>', 'newer tree size for a consistency proof', parseIndex)
    .option('--out <file>', 'write the proof file here (default: stdout)')
    .option('--verify <file>', 'check a proof file offline; needs no data directory')
    .option('--key <vkey>', 'the log’s verifier key (name+keyid+key), as printed by `sotto audit checkpoint`')
    .action(async (options: { index?: number; from?: number; to?: number; out?: string; verify?: string; key?: string }, command: Command) => {
      const ctx = commandContext(command);
      if (options.verify) {
        if (!options.key) throw new SottoError('USAGE', '--verify needs --key (the verifier key you trust)');
        const { readProofFile, verifyProofFile } = await import('../../audit/proof-file/index.js');
        const result = verifyProofFile(readProofFile(await readFile(options.verify, 'utf8')), options.key);
        const text =
          result.kind === 'inclusion'
            ? `ok: entry ${result.index} is in the log of size ${result.size} (${result.origin})`
            : `ok: the log of size ${result.size} extends the log of size ${result.oldSize} (${result.origin})`;
        const { entry: _entry, ...summary } = result as typeof result & { entry?: unknown };
        printResult(ctx.json, { ok: true, ...summary }, text);
        return;
      }
      const inclusion = options.index !== undefined;
      const consistency = options.from !== undefined && options.to !== undefined;
      if (inclusion === consistency) throw new SottoError('USAGE', 'give either --index, or --from and --to (or --verify FILE --key VKEY)');
      const file = await withRuntime<unknown>(ctx, false, (rt) =>
        inclusion ? rt.audit.inclusionProofFile(options.index as number) : rt.audit.consistencyProofFile(options.from as number, options.to as number),
      );
      const text = `${JSON.stringify(file, null, 2)}\n`;
      if (options.out) {
        await writeFile(options.out, text, { mode: 0o644 });
        printResult(ctx.json, { ok: true, out: options.out }, `proof written to ${options.out}`);
      } else {
        process.stdout.write(text);
      }
    });
}
