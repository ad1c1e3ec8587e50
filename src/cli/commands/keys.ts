import { InvalidArgumentError, type Command } from 'commander';
import { commandContext, withRuntime } from '../context.js';
import { printResult } from '../output.js';

function parseVersion(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

export function registerKeysCommands(program: Command): void {
  const keys = program.command('keys').description('key-encryption keys: create, rotate, retire, inspect');

  keys
    .command('init')
    .description('create the key provider’s keyring (if missing) and the tenant’s key-encryption key')
    .option('--tenant <tenant>', 'tenant id', 'default')
    .action(async (options: { tenant: string }, command: Command) => {
      const ctx = commandContext(command);
      const result = await withRuntime(ctx, true, async (rt) => {
        await rt.vault.subjects.ensureTenant(options.tenant);
        return { provider: rt.keys.name, tenant: options.tenant, ...(await rt.vault.keyStatus(options.tenant)) };
      });
      printResult(ctx.json, result, `${result.provider} key provider ready; tenant ${result.tenant} key version ${result.key?.primaryVersion}`);
    });

  keys
    .command('rotate')
    .description('add a key-encryption key version and re-wrap every subject key (no blob is touched)')
    .option('--tenant <tenant>', 'tenant id', 'default')
    .action(async (options: { tenant: string }, command: Command) => {
      const ctx = commandContext(command);
      const { rotateTenantKey } = await import('../../runtime/key-rotation.js');
      const result = await withRuntime(ctx, false, (rt) => rotateTenantKey(rt, options.tenant));
      printResult(
        ctx.json,
        { tenant: options.tenant, primaryVersion: result.key.primaryVersion, rewrapped: result.rewrapped, totpRewrapped: result.totpRewrapped, key: result.key },
        `tenant ${options.tenant}: key version ${result.key.primaryVersion} is primary; ${result.rewrapped} subject keys and ${result.totpRewrapped} TOTP secrets re-wrapped`,
      );
    });

  keys
    .command('retire')
    .description('destroy an old key-encryption key version once nothing is wrapped under it')
    .option('--tenant <tenant>', 'tenant id', 'default')
    .requiredOption('--version <n>', 'key version to retire', parseVersion)
    .action(async (options: { tenant: string; version: number }, command: Command) => {
      const ctx = commandContext(command);
      const { retireTenantKeyVersion } = await import('../../runtime/key-rotation.js');
      const key = await withRuntime(ctx, false, (rt) => retireTenantKeyVersion(rt, options.tenant, options.version));
      printResult(ctx.json, { tenant: options.tenant, key }, `tenant ${options.tenant}: version ${options.version} retired`);
    });

  keys
    .command('status')
    .description('show each tenant’s key versions and how many subject keys each wraps')
    .option('--tenant <tenant>', 'only this tenant')
    .action(async (options: { tenant?: string }, command: Command) => {
      const ctx = commandContext(command);
      const result = await withRuntime(ctx, false, async (rt) => {
        const tenants = options.tenant ? [options.tenant] : (await rt.store.tenants.list()).map((t) => t.id);
        const status = [];
        for (const tenant of tenants) status.push({ tenant, ...(await rt.vault.keyStatus(tenant)) });
        return { provider: rt.keys.name, tenants: status };
      });
      const lines = result.tenants.map(
        (t) =>
          `${t.tenant}: ` +
          (t.key?.versions.map((v) => `v${v.version} ${v.state} (${t.subjectKeysByVersion[String(v.version)] ?? 0} subject keys)`).join(', ') ??
            'no key'),
      );
      printResult(ctx.json, result, [`provider: ${result.provider}`, ...lines].join('\n'));
    });
}
