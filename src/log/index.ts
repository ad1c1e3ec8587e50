export { createLogger, resolveLogLevel } from './logger.js';
export type { LogLevel, Logger, LoggerOptions } from './logger.js';
export { REDACT_CENSOR, REDACT_MAX_DEPTH, REDACT_PATHS, SENSITIVE_KEYS } from './redaction.js';
