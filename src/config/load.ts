import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SottoError } from '../errors/index.js';
import { ConfigSchema, type SottoConfig } from './schema.js';

/** The embedded defaults: one machine, no external services, everything under ./data. */
export function defaultConfig(dataDir: string): SottoConfig {
  return {
    dataDir,
    metadata: { kind: 'sqlite' },
    blobs: { kind: 'fs' },
    keys: { provider: 'local' },
    server: { host: '127.0.0.1', port: 8443, tls: {} },
    vault: { segmentSize: 256 * 1024 },
    log: { level: 'info' },
  };
}

export interface LoadOptions {
  /** --data, else env SOTTO_DATA, else ./data */
  dataDir?: string | undefined;
  /** --config FILE, else env SOTTO_CONFIG, else <dataDir>/sotto.json when present */
  configFile?: string | undefined;
  env?: NodeJS.ProcessEnv;
}

/**
 * Defaults, then a JSON config file, then environment overrides — validated as a whole so a
 * typo fails at start with the path of the bad field, not later in the middle of a call.
 */
export function loadConfig(options: LoadOptions = {}): SottoConfig {
  const env = options.env ?? process.env;
  const dataDir = resolve(options.dataDir ?? env.SOTTO_DATA ?? './data');
  const base = defaultConfig(dataDir) as Record<string, unknown>;
  const file = options.configFile ?? env.SOTTO_CONFIG ?? existingFile(resolve(dataDir, 'sotto.json'));
  const merged = mergeDeep(base, file ? readConfigFile(file) : {});
  applyEnv(merged, env);
  merged.dataDir = dataDir;
  const parsed = ConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || '(root)';
    throw new SottoError('CONFIG_INVALID', `configuration ${where}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

function existingFile(path: string): string | undefined {
  return existsSync(path) ? path : undefined;
}

function readConfigFile(path: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
    return value as Record<string, unknown>;
  } catch (cause) {
    throw new SottoError('CONFIG_INVALID', `cannot read config file ${path}: ${(cause as Error).message}`, { cause });
  }
}

function applyEnv(config: Record<string, unknown>, env: NodeJS.ProcessEnv): void {
  const section = (name: string): Record<string, unknown> => config[name] as Record<string, unknown>;
  if (env.SOTTO_METADATA_URL) config.metadata = { kind: 'postgres', url: env.SOTTO_METADATA_URL };
  if (env.SOTTO_HOST) section('server').host = env.SOTTO_HOST;
  if (env.SOTTO_PORT) section('server').port = Number(env.SOTTO_PORT);
  if (env.SOTTO_LOG_LEVEL) section('log').level = env.SOTTO_LOG_LEVEL;
  const keys = section('keys');
  if (keys.provider === 'pkcs11' && env.SOTTO_PKCS11_PIN) keys.pin = env.SOTTO_PKCS11_PIN;
}

function mergeDeep(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    const current = out[key];
    const bothObjects = isPlainObject(current) && isPlainObject(value);
    // A section that switches backend (kind/provider) replaces the default instead of merging.
    const switches = bothObjects && (('kind' in value && value.kind !== current.kind) || ('provider' in value && value.provider !== current.provider));
    out[key] = bothObjects && !switches ? mergeDeep(current, value) : value;
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
