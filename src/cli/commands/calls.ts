import type { Command } from 'commander';
import { CLI_CONTEXT, LOCAL_OPERATOR } from '../../access/index.js';
import { commandContext, withRuntime } from '../context.js';
import { printResult } from '../output.js';

export function registerCallsCommands(program: Command): void {
  const calls = program.command('calls').description('call records (metadata; content is read through `vault get` or the API)');

  calls
    .command('list')
    .description('list calls, newest first (an audited call.view per tenant)')
    .option('--tenant <tenant>', 'only this tenant')
    .option('--limit <n>', 'at most this many per tenant', (v) => Number.parseInt(v, 10), 50)
    .action(async (options: { tenant?: string; limit: number }, command: Command) => {
      const ctx = commandContext(command);
      const rows = await withRuntime(ctx, false, async (rt) => {
        const tenants = options.tenant ? [options.tenant] : (await rt.store.tenants.list()).map((t) => t.id);
        const found = [];
        for (const tenantId of tenants) {
          await rt.gateway.require(LOCAL_OPERATOR, 'call.view', { type: 'tenant', id: tenantId, tenantId }, CLI_CONTEXT);
          const page = await rt.calls.list({ tenantId, limit: options.limit });
          found.push(...page.calls.map(({ subjectRef: _s, ...call }) => call));
        }
        return found;
      });
      const text = rows.map((c) => `${c.id} ${c.tenantId} ${c.startedAt} ${c.status} ${c.agent} [${c.entityTypes.join(',')}]`).join('\n');
      printResult(ctx.json, { calls: rows }, text || '(no calls)');
    });
}
