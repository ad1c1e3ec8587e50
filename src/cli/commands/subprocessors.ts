import { InvalidArgumentError, type Command } from 'commander';
import { CLI_CONTEXT, LOCAL_OPERATOR } from '../../access/index.js';
import { CERTIFICATIONS, type Certification } from '../../config/subprocessors.js';
import type { RegistryEntry, TenantSubprocessorView } from '../../subprocessors/index.js';
import { commandContext, withRuntime } from '../context.js';
import { printResult } from '../output.js';

function certificationList(value: string): Certification[] {
  if (value === 'none') return [];
  const items = value.split(',').map((s) => s.trim());
  for (const item of items) {
    if (!(CERTIFICATIONS as readonly string[]).includes(item)) throw new InvalidArgumentError(`certifications are ${CERTIFICATIONS.join(', ')} (comma-separated) or none`);
  }
  return items as Certification[];
}

function yesNo(value: string): boolean {
  if (value === 'true' || value === 'yes') return true;
  if (value === 'false' || value === 'no') return false;
  throw new InvalidArgumentError('must be true or false');
}

function providerList(value: string): string[] | null {
  return value === 'any' ? null : value.split(',').map((s) => s.trim());
}

function entryLine(e: RegistryEntry): string {
  const d = e.declaration;
  const what = e.status === 'local' ? 'on this host' : d ? `${d.legalEntity}; ${d.certifications.join(', ') || 'no certifications'}; regions ${d.regions.join(', ')}; receives ${d.dataCategories.join(', ')}` : 'UNDECLARED: trusted for nothing';
  return `${e.role.padEnd(15)} ${e.name.padEnd(28)} ${what}`;
}

function viewLines(view: TenantSubprocessorView): string {
  const p = view.policy;
  const head = [
    `tenant ${view.tenant} (region ${view.region}), policy: ${view.source}`,
    `  health data requires: ${p.healthDataRequires.join(', ') || 'nothing'}; card data requires: ${p.cardDataRequires.join(', ') || 'nothing'}`,
    `  same region only: ${String(p.sameRegionOnly)}; providers: ${p.allowedProviders === null ? 'any declared' : p.allowedProviders.join(', ') || 'none'}`,
  ];
  const rows = view.providers.map((e) => `${entryLine(e)}\n${''.padEnd(16)}${e.verdict.allowed ? 'allowed' : `NOT ALLOWED (${e.verdict.rule ?? ''})`}: ${e.verdict.reason}`);
  return [...head, ...rows].join('\n');
}

export function registerSubprocessorsCommands(program: Command): void {
  const sub = program.command('subprocessors').description('outside providers this deployment uses, and which of them each tenant’s calls may use');

  sub
    .command('list')
    .description('list every provider in use (from the configuration); with --tenant, whether that tenant may use each and why not (an audited subprocessors.manage)')
    .option('--tenant <tenant>', 'tenant id')
    .action(async (options: { tenant?: string }, command: Command) => {
      const ctx = commandContext(command);
      const tenant = options.tenant;
      if (tenant === undefined) {
        // The registry comes from the configuration alone: no runtime, no keys needed.
        const { deploymentRegistry } = await import('../../subprocessors/index.js');
        const entries = deploymentRegistry(ctx.config);
        printResult(ctx.json, { subprocessors: entries }, entries.map(entryLine).join('\n'));
        return;
      }
      const view = await withRuntime(ctx, false, (rt) => rt.subprocessors.tenantView(LOCAL_OPERATOR, tenant, CLI_CONTEXT));
      printResult(ctx.json, view, viewLines(view));
    });

  const policy = sub.command('policy').description('a tenant’s rules for outside providers');
  policy
    .command('show')
    .description('print a tenant’s subprocessor policy (the default unless set; an audited subprocessors.manage)')
    .requiredOption('--tenant <tenant>', 'tenant id')
    .action(async (options: { tenant: string }, command: Command) => {
      const ctx = commandContext(command);
      const view = await withRuntime(ctx, false, (rt) => rt.subprocessors.tenantView(LOCAL_OPERATOR, options.tenant, CLI_CONTEXT));
      printResult(ctx.json, view, viewLines(view));
    });

  policy
    .command('set')
    .description('change a tenant’s subprocessor policy; options not given keep their current value (an audited subprocessors.manage)')
    .requiredOption('--tenant <tenant>', 'tenant id')
    .option('--health-requires <list>', `certifications a provider needs to receive data that may hold health information: ${CERTIFICATIONS.join(', ')}, or none`, certificationList)
    .option('--card-requires <list>', 'certifications a provider needs to receive data that may hold card data, or none', certificationList)
    .option('--same-region-only <bool>', 'true: no provider processing data outside the tenant’s region', yesNo)
    .option('--allow <names>', 'comma-separated provider names the tenant accepts, or any', providerList)
    .action(
      async (
        options: { tenant: string; healthRequires?: Certification[]; cardRequires?: Certification[]; sameRegionOnly?: boolean; allow?: string[] | null },
        command: Command,
      ) => {
        const ctx = commandContext(command);
        const view = await withRuntime(ctx, false, async (rt) => {
          const current = (await rt.subprocessors.tenantView(LOCAL_OPERATOR, options.tenant, CLI_CONTEXT)).policy;
          return rt.subprocessors.setPolicy(
            LOCAL_OPERATOR,
            options.tenant,
            {
              healthDataRequires: options.healthRequires ?? current.healthDataRequires,
              cardDataRequires: options.cardRequires ?? current.cardDataRequires,
              sameRegionOnly: options.sameRegionOnly ?? current.sameRegionOnly,
              allowedProviders: options.allow === undefined ? current.allowedProviders : options.allow,
            },
            CLI_CONTEXT,
          );
        });
        printResult(ctx.json, view, viewLines(view));
      },
    );
}
