import { Command } from 'commander';
import { registerKeysCommands } from './commands/keys.js';
import { registerServeCommand } from './commands/serve.js';
import { registerVaultCommands } from './commands/vault.js';

export const VERSION = '0.1.0';

export function buildProgram(): Command {
  const program = new Command('sotto')
    .description('Sotto: a security-first runtime for AI voice agents')
    .version(VERSION)
    .option('--data <dir>', 'data directory (default: env SOTTO_DATA or ./data)')
    .option('--config <file>', 'JSON config file (default: env SOTTO_CONFIG or <data>/sotto.json)')
    .option('--json', 'print results as JSON')
    .exitOverride();
  registerServeCommand(program);
  registerKeysCommands(program);
  registerVaultCommands(program);
  // Every subcommand reports usage errors through the same exit path (code 2).
  const override = (cmd: Command): void => {
    for (const sub of cmd.commands) {
      sub.exitOverride();
      override(sub);
    }
  };
  override(program);
  return program;
}
