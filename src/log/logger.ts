import { pino } from 'pino';
import type { DestinationStream, Level, Logger } from 'pino';
import { SottoError } from '../errors/index.js';
import { REDACT_CENSOR, REDACT_PATHS } from './redaction.js';

export type LogLevel = Level | 'silent';
export type { Logger } from 'pino';

export interface LoggerOptions {
  /** Overrides env SOTTO_LOG_LEVEL; default 'info'. */
  level?: LogLevel;
  /** Where lines go; default stdout. Tests pass a capturing stream. */
  destination?: DestinationStream;
}

const LOG_LEVELS: readonly string[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function isLogLevel(value: string): value is LogLevel {
  return LOG_LEVELS.includes(value);
}

/** The level from the option, else env SOTTO_LOG_LEVEL, else 'info'; an unknown name is a config error. */
export function resolveLogLevel(level?: string, env: NodeJS.ProcessEnv = process.env): LogLevel {
  const chosen = level ?? env['SOTTO_LOG_LEVEL'] ?? 'info';
  if (!isLogLevel(chosen)) {
    throw new SottoError('CONFIG_INVALID', `unknown log level "${chosen}"; use one of ${LOG_LEVELS.join(', ')}`);
  }
  return chosen;
}

/** A pino logger that censors the fields in REDACT_PATHS on every line, including child loggers'. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = resolveLogLevel(options.level);
  const settings = {
    level,
    redact: { paths: [...REDACT_PATHS], censor: REDACT_CENSOR },
  };
  return options.destination === undefined ? pino(settings) : pino(settings, options.destination);
}
