import { InvalidArgumentError, Option, type Command } from 'commander';
import { ROLES } from '../../access/permissions.js';
import { checkTenantId } from '../../vault/names.js';
import { commandContext, withRuntime } from '../context.js';
import { printResult } from '../output.js';

const DAY_MS = 24 * 60 * 60_000;

function parseDays(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1 || n > 3650) {
    throw new InvalidArgumentError('must be a whole number of days, 1-3650');
  }
  return n;
}

interface CreateOptions {
  tenant: string;
  role: string;
  name: string;
  ttlDays?: number;
}

export function registerTokensCommands(program: Command): void {
  const tokens = program.command('tokens').description('API tokens for services (stored hashed, shown once)');

  tokens
    .command('create')
    .description('create an API token as the local operator; prints it once')
    .requiredOption('--tenant <tenant>', 'tenant id (created if missing, as `keys init` would)')
    // An unknown role is a usage error (exit 2), caught before anything is created.
    .addOption(new Option('--role <role>', 'role').choices(ROLES).makeOptionMandatory())
    .option('--name <name>', 'a label to recognise the token by', 'cli')
    .option('--ttl-days <days>', 'expire after this many days (default: until revoked)', parseDays)
    .action(async (options: CreateOptions, command: Command) => {
      const ctx = commandContext(command);
      checkTenantId(options.tenant);
      const created = await withRuntime(ctx, true, async (rt) => {
        await rt.vault.subjects.ensureTenant(options.tenant);
        return rt.identity.createApiToken({
          tenantId: options.tenant,
          role: options.role,
          name: options.name,
          ...(options.ttlDays === undefined ? {} : { ttlMs: options.ttlDays * DAY_MS }),
        });
      });
      // Text form: the token alone, so `TOKEN=$(sotto tokens create …)` works.
      printResult(
        ctx.json,
        {
          id: created.id,
          tenant: created.tenantId,
          role: created.role,
          name: created.name,
          createdAt: created.createdAt,
          expiresAt: created.expiresAt ?? null,
          token: created.token,
        },
        created.token,
      );
    });

  tokens
    .command('list')
    .description('list a tenant’s API tokens (never the tokens themselves)')
    .requiredOption('--tenant <tenant>', 'tenant id')
    .action(async (options: { tenant: string }, command: Command) => {
      const ctx = commandContext(command);
      checkTenantId(options.tenant);
      const list = await withRuntime(ctx, false, async (rt) => rt.identity.apiTokens.list(options.tenant));
      const state = (t: (typeof list)[number]) => (t.revokedAt ? `revoked ${t.revokedAt}` : t.expiresAt ? `expires ${t.expiresAt}` : 'no expiry');
      printResult(
        ctx.json,
        { tenant: options.tenant, tokens: list.map((t) => ({ ...t, expiresAt: t.expiresAt ?? null, revokedAt: t.revokedAt ?? null })) },
        list.length === 0 ? `no API tokens in tenant ${options.tenant}` : list.map((t) => `${t.id} ${t.role} ${JSON.stringify(t.name)} ${state(t)}`).join('\n'),
      );
    });

  tokens
    .command('revoke')
    .description('revoke an API token; it stops working at once')
    .argument('<id>', 'token id (tok_…), as printed by `tokens create --json` or `tokens list`')
    .requiredOption('--tenant <tenant>', 'tenant id')
    .action(async (id: string, options: { tenant: string }, command: Command) => {
      const ctx = commandContext(command);
      checkTenantId(options.tenant);
      await withRuntime(ctx, false, async (rt) => rt.identity.revokeApiToken(options.tenant, id));
      printResult(ctx.json, { id, tenant: options.tenant, revoked: true }, `revoked ${id}`);
    });
}
