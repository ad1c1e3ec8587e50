import type { Command } from 'commander';
import { SottoError } from '../../errors/index.js';
import { checkTenantId } from '../../vault/index.js';
import { commandContext, withRuntime } from '../context.js';
import { printResult } from '../output.js';

/** Tenants and the region each is pinned to (docs/residency.md). */
export function registerTenantsCommands(program: Command): void {
  const tenants = program.command('tenants').description('tenants and the region each one’s data lives in');

  tenants
    .command('create')
    .description('create a tenant pinned to a region (default: calls.region); its region never changes afterwards')
    .requiredOption('--tenant <tenant>', 'tenant id')
    .option('--region <region>', 'calls.region or a key of regions in the configuration')
    .action(async (options: { tenant: string; region?: string }, command: Command) => {
      const ctx = commandContext(command);
      // Checked before the runtime opens, so a bad request creates no keyring and no tenant.
      checkTenantId(options.tenant);
      const region = options.region ?? ctx.config.calls.region;
      const known = [ctx.config.calls.region, ...Object.keys(ctx.config.regions)];
      if (!known.includes(region)) throw new SottoError('REGION_UNKNOWN', `no region ${region} is configured (configured: ${known.join(', ')})`);
      const created = await withRuntime(ctx, true, (rt) => rt.regions.create(options.tenant, region));
      printResult(ctx.json, created, `tenant ${created.tenantId} created in region ${created.region ?? '(none)'}`);
    });

  tenants
    .command('list')
    .description('list tenants with their regions')
    .action(async (_options: unknown, command: Command) => {
      const ctx = commandContext(command);
      const list = await withRuntime(ctx, false, (rt) => rt.regions.list());
      printResult(ctx.json, { tenants: list }, list.map((t) => `${t.tenantId} ${t.region ?? '(unpinned)'} ${t.createdAt}`).join('\n') || '(no tenants)');
    });
}
