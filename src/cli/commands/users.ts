import { Option, type Command } from 'commander';
import { normalizeEmail } from '../../access/identity/email.js';
import { checkPasswordStrength, MAX_PASSWORD_BYTES } from '../../access/identity/password-policy.js';
import { ROLES } from '../../access/permissions.js';
import { SottoError } from '../../errors/index.js';
import { checkTenantId } from '../../vault/names.js';
import { commandContext, withRuntime } from '../context.js';
import { printResult } from '../output.js';

interface CreateOptions {
  tenant: string;
  email: string;
  role: string;
  passwordStdin?: boolean;
}

export function registerUsersCommands(program: Command): void {
  const users = program.command('users').description('people who sign in to the API and console (password + TOTP)');

  users
    .command('create')
    .description('create a user as the local operator; prints a generated password (unless --password-stdin) and the TOTP enrolment URI, once')
    .requiredOption('--tenant <tenant>', 'tenant id (created if missing, as `keys init` would)')
    .requiredOption('--email <email>', 'the user’s email address, their login name')
    // An unknown role is a usage error (exit 2), caught before anything is created.
    .addOption(new Option('--role <role>', 'role').choices(ROLES).makeOptionMandatory())
    .option('--password-stdin', 'read the password from stdin (one line) instead of generating one')
    .action(async (options: CreateOptions, command: Command) => {
      const ctx = commandContext(command);
      // Checked before the runtime opens, so a bad request creates no tenant and no keyring.
      checkTenantId(options.tenant);
      if (normalizeEmail(options.email) === undefined) throw new SottoError('USAGE', 'email must look like name@domain');
      const password = options.passwordStdin === true ? await readPasswordFromStdin() : undefined;
      if (password !== undefined) checkPasswordStrength(password);
      const created = await withRuntime(ctx, true, async (rt) => {
        await rt.vault.subjects.ensureTenant(options.tenant);
        return rt.identity.createUser({
          tenantId: options.tenant,
          email: options.email,
          role: options.role,
          ...(password === undefined ? {} : { password }),
        });
      });
      const { user } = created;
      const lines = [`user ${user.id} (${user.email}) created in tenant ${user.tenantId} with role ${user.role}`];
      if (created.generatedPassword !== undefined) lines.push(`password (shown once): ${created.generatedPassword}`);
      if (created.totpUri !== undefined) lines.push(`TOTP enrolment URI (shown once; scan it into an authenticator app): ${created.totpUri}`);
      printResult(
        ctx.json,
        {
          id: user.id,
          tenant: user.tenantId,
          email: user.email,
          role: user.role,
          totpEnabled: user.totpEnabled,
          createdAt: user.createdAt,
          ...(created.generatedPassword === undefined ? {} : { password: created.generatedPassword }),
          ...(created.totpUri === undefined ? {} : { totpUri: created.totpUri }),
        },
        lines.join('\n'),
      );
    });
}

/** One line from stdin: the trailing newline is not part of the password. */
async function readPasswordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    size += chunk.length;
    // Generous bound: a longer "password" is refused without reading it all into memory.
    if (size > MAX_PASSWORD_BYTES + 2) throw new SottoError('PASSWORD_WEAK');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text.replace(/\r?\n$/, '');
}
