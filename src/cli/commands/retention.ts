import { InvalidArgumentError, type Command } from 'commander';
import { CLI_CONTEXT, LOCAL_OPERATOR } from '../../access/index.js';
import { commandContext, withRuntime } from '../context.js';
import { printResult } from '../output.js';

function parseDays(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number of days, at least 1');
  return n;
}

export function registerRetentionCommands(program: Command): void {
  const retention = program.command('retention').description('how long each data class is kept, per tenant, and the sweep that deletes what expired');

  retention
    .command('show')
    .description('print a tenant’s retention periods (defaults unless set; an audited retention.manage)')
    .requiredOption('--tenant <tenant>', 'tenant id')
    .action(async (options: { tenant: string }, command: Command) => {
      const ctx = commandContext(command);
      const schedule = await withRuntime(ctx, false, (rt) => rt.lifecycle.showRetention(LOCAL_OPERATOR, options.tenant, CLI_CONTEXT));
      const lines = Object.values(schedule).map((s) => `${s.dataClass.padEnd(12)} ${String(s.days).padStart(5)} days (${s.source})`);
      printResult(ctx.json, { tenant: options.tenant, retention: schedule }, lines.join('\n'));
    });

  retention
    .command('set')
    .description('set one data class’s retention for a tenant (an audited retention.manage; takes effect at the next sweep)')
    .requiredOption('--tenant <tenant>', 'tenant id')
    .requiredOption('--class <class>', 'recording, transcript, call_record or export')
    .requiredOption('--days <n>', 'days to keep, 1 to 36500', parseDays)
    .action(async (options: { tenant: string; class: string; days: number }, command: Command) => {
      const ctx = commandContext(command);
      const change = await withRuntime(ctx, false, (rt) =>
        rt.lifecycle.setRetention(LOCAL_OPERATOR, { tenantId: options.tenant, dataClass: options.class, days: options.days }, CLI_CONTEXT),
      );
      printResult(
        ctx.json,
        { tenant: options.tenant, ...change },
        `tenant ${options.tenant}: ${change.current.dataClass} kept ${change.current.days} days (was ${change.previous.days})`,
      );
    });

  retention
    .command('sweep')
    .description('delete everything whose retention has ended now, outside legal holds (the server also does this on a schedule)')
    .action(async (_options: unknown, command: Command) => {
      const ctx = commandContext(command);
      const report = await withRuntime(ctx, false, (rt) => rt.lifecycle.sweep());
      const d = report.deleted;
      printResult(
        ctx.json,
        report,
        `deleted ${d.recording} recordings, ${d.transcript} transcripts, ${d.export} exports, ${d.call_record} call records` +
          (report.recovered > 0 ? ` (${report.recovered} left by an interrupted run)` : ''),
      );
    });
}
