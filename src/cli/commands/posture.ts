import type { Command } from 'commander';
import { commandContext, withRuntime } from '../context.js';
import { printResult } from '../output.js';

export function registerPostureCommand(program: Command): void {
  program
    .command('posture')
    .description('the security checklist answered from this deployment: encryption, residency, subprocessors, incidents, deletion, retention, access, audit')
    .option('--tenant <tenant>', 'only this tenant (default: the whole deployment)')
    .action(async (options: { tenant?: string }, command: Command) => {
      const ctx = commandContext(command);
      const { postureReport, postureSources, renderPosture } = await import('../../posture/index.js');
      const report = await withRuntime(ctx, false, async (rt) => {
        if (options.tenant !== undefined && !(await rt.store.tenants.get(options.tenant))) {
          const { SottoError } = await import('../../errors/index.js');
          throw new SottoError('NOT_FOUND', `no tenant ${options.tenant}`);
        }
        return postureReport(postureSources(rt), options.tenant ?? null);
      });
      printResult(ctx.json, report, renderPosture(report));
    });
}
