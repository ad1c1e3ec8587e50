import type { Command } from 'commander';
import { CLI_CONTEXT, LOCAL_OPERATOR } from '../../access/index.js';
import { SottoError } from '../../errors/index.js';
import type { HoldTarget, LegalHold } from '../../lifecycle/index.js';
import { commandContext, withRuntime } from '../context.js';
import { printResult } from '../output.js';
import { readSubjectId } from './subject-input.js';

function describeHold(h: LegalHold): string {
  const target = h.scope === 'tenant' ? 'whole tenant' : `${h.scope} ${h.target ?? ''}`;
  return `${h.id} ${h.tenantId} ${target} set ${h.createdAt}${h.releasedAt ? ` released ${h.releasedAt}` : ''}`;
}

export function registerHoldCommands(program: Command): void {
  const hold = program.command('hold').description('legal holds: data they cover is neither swept nor erased until released');

  hold
    .command('set')
    .description('hold a whole tenant, one data subject (--subject) or one call (--call); an audited retention.manage')
    .requiredOption('--tenant <tenant>', 'tenant id')
    .option('--subject <id>', 'the subject’s id (caller number or customer id; "-" reads it from stdin); stored only as a keyed hash')
    .option('--call <id>', 'a call id')
    .option('--note <text>', 'a matter reference, kept with the hold (never in the audit log)')
    .action(async (options: { tenant: string; subject?: string; call?: string; note?: string }, command: Command) => {
      const ctx = commandContext(command);
      if (options.subject !== undefined && options.call !== undefined) throw new SottoError('USAGE', 'give --subject or --call, not both');
      const target: HoldTarget =
        options.subject !== undefined
          ? { scope: 'subject', subjectId: await readSubjectId(options.subject) }
          : options.call !== undefined
            ? { scope: 'call', callId: options.call }
            : { scope: 'tenant' };
      const created = await withRuntime(ctx, false, (rt) => rt.lifecycle.setHold(LOCAL_OPERATOR, { tenantId: options.tenant, target, note: options.note }, CLI_CONTEXT));
      printResult(ctx.json, created, `legal hold ${created.id} set on ${created.scope === 'tenant' ? `tenant ${created.tenantId}` : `${created.scope} ${created.target ?? ''}`}`);
    });

  hold
    .command('release')
    .description('release a legal hold (an audited retention.manage); what it kept is swept or erased by the next run')
    .argument('<id>', 'hold id (hold_…)')
    .requiredOption('--tenant <tenant>', 'tenant id')
    .action(async (id: string, options: { tenant: string }, command: Command) => {
      const ctx = commandContext(command);
      const released = await withRuntime(ctx, false, (rt) => rt.lifecycle.releaseHold(LOCAL_OPERATOR, { tenantId: options.tenant, holdId: id }, CLI_CONTEXT));
      printResult(ctx.json, released, `legal hold ${released.id} released`);
    });

  hold
    .command('list')
    .description('list a tenant’s active legal holds (subjects by keyed hash)')
    .requiredOption('--tenant <tenant>', 'tenant id')
    .option('--all', 'include released holds')
    .action(async (options: { tenant: string; all?: boolean }, command: Command) => {
      const ctx = commandContext(command);
      const holds = await withRuntime(ctx, false, (rt) =>
        rt.lifecycle.listHolds(LOCAL_OPERATOR, { tenantId: options.tenant, includeReleased: options.all === true }, CLI_CONTEXT),
      );
      printResult(ctx.json, { holds }, holds.map(describeHold).join('\n') || '(no legal holds)');
    });
}
