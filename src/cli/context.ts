import type { Command } from 'commander';
import { pino } from 'pino';
import { loadConfig, type SottoConfig } from '../config/index.js';
import { createLogger, type Logger } from '../log/index.js';
import type { Runtime } from '../runtime/index.js';

export interface GlobalOptions {
  data?: string;
  config?: string;
  json?: boolean;
}

export interface CommandContext {
  json: boolean;
  config: SottoConfig;
  logger: Logger;
}

/** Global options may stand before or after the subcommand (`sotto --json vault put …`). */
export function commandContext(command: Command): CommandContext {
  const options = command.optsWithGlobals<GlobalOptions>();
  const config = loadConfig({ dataDir: options.data, configFile: options.config });
  // Logs go to stderr so stdout carries only the command's result (pipe-friendly JSON).
  const logger = createLogger({ level: config.log.level, destination: pino.destination({ fd: 2, sync: true }) });
  return { json: options.json === true, config, logger };
}

/** Open the runtime for one command and always close it, whatever happens. */
export async function withRuntime<T>(ctx: CommandContext, createKeys: boolean, use: (rt: Runtime) => Promise<T>): Promise<T> {
  // Loaded on demand: `--help` and usage errors should not pay for database and cloud SDKs.
  const { openRuntime } = await import('../runtime/index.js');
  const runtime = await openRuntime(ctx.config, ctx.logger, { createKeys });
  try {
    return await use(runtime);
  } finally {
    await runtime.close();
  }
}
