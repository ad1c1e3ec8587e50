import { Command } from 'commander';
import { registerAuditCommands } from './commands/audit.js';
import { registerCallCommands } from './commands/call.js';
import { registerCallsCommands } from './commands/calls.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerKeysCommands } from './commands/keys.js';
import { registerRedactCommand } from './commands/redact.js';
import { registerServeCommand } from './commands/serve.js';
import { registerVaultCommands } from './commands/vault.js';
import { registerUsersCommands } from './commands/users.js';
import { registerTokensCommands } from './commands/tokens.js';
import { registerRetentionCommands } from './commands/retention.js';
import { registerHoldCommands } from './commands/hold.js';
import { registerEraseCommand } from './commands/erase.js';
import { registerExportCommands } from './commands/export.js';
import { registerIncidentsCommands } from './commands/incidents.js';
import { registerSubprocessorsCommands } from './commands/subprocessors.js';
import { registerPostureCommand } from './commands/posture.js';
import { registerTenantsCommands } from './commands/tenants.js';
import { packageVersion } from '../version.js';


/** --data, --config and --json, accepted before or after the subcommand (`sotto vault put … --json`). */
function addGlobalOptions(command: Command): void {
  command
    .option('--data <dir>', 'data directory (default: env SOTTO_DATA or ./data)')
    .option('--config <file>', 'JSON config file (default: env SOTTO_CONFIG or <data>/sotto.json)')
    .option('--json', 'print results as JSON');
}

/**
 * A command group run without a known subcommand is a usage error: one line, exit 2.
 * (commander would print the whole help on stderr and exit as if help had been asked for.)
 */
function requireSubcommand(group: Command): void {
  // An action would otherwise drop commander's implicit `help` subcommand (`sotto help keys`).
  group.helpCommand(true).allowExcessArguments().action((_options: unknown, command: Command) => {
    const [first] = command.args;
    const message = first === undefined ? `missing command; see '${commandPath(command)} --help'` : `unknown command '${first}'`;
    command.error(`error: ${message}`, { code: 'commander.unknownCommand', exitCode: 2 });
  });
}

function commandPath(command: Command): string {
  return command.parent ? `${commandPath(command.parent)} ${command.name()}` : command.name();
}

export function buildProgram(): Command {
  const program = new Command('sotto')
    .description('Sotto: a security-first runtime for AI voice agents')
    .version(packageVersion())
    // Each command reads only its own options: the root's --version must not swallow
    // `keys retire --version N`. The global options are therefore declared on every command.
    .enablePositionalOptions()
    .exitOverride();
  registerServeCommand(program);
  registerDemoCommand(program);
  registerKeysCommands(program);
  registerVaultCommands(program);
  registerUsersCommands(program);
  registerTokensCommands(program);
  registerAuditCommands(program);
  registerCallCommands(program);
  registerCallsCommands(program);
  registerRedactCommand(program);
  registerRetentionCommands(program);
  registerHoldCommands(program);
  registerEraseCommand(program);
  registerExportCommands(program);
  registerIncidentsCommands(program);
  registerSubprocessorsCommands(program);
  registerPostureCommand(program);
  registerTenantsCommands(program);
  // Every command takes the global options and reports usage errors through the same exit path (code 2).
  const prepare = (cmd: Command): void => {
    addGlobalOptions(cmd);
    if (cmd.commands.length > 0) requireSubcommand(cmd);
    for (const sub of cmd.commands) {
      sub.exitOverride();
      prepare(sub);
    }
  };
  prepare(program);
  return program;
}
