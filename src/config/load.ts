import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SottoError } from '../errors/index.js';
import { DEFAULT_ALERTS_CONFIG } from './alerts.js';
import { ConfigSchema, type SottoConfig } from './schema.js';
import { DEFAULT_SUBPROCESSORS_CONFIG } from './subprocessors.js';
import { DEFAULT_WEBRTC_CONFIG } from './webrtc.js';

/** The embedded defaults: one machine, no external services, everything under ./data. */
export function defaultConfig(dataDir: string): SottoConfig {
  return {
    dataDir,
    metadata: { kind: 'sqlite' },
    blobs: { kind: 'fs' },
    keys: { provider: 'local' },
    regions: {},
    server: { host: '127.0.0.1', port: 8443, tls: {} },
    vault: { segmentSize: 256 * 1024 },
    access: {},
    audit: { origin: 'sotto.local/audit', checkpointIntervalMs: 10_000 },
    calls: {
      region: 'local',
      recordingNotice: 'This call is recorded. Card numbers and other sensitive details are removed from the recording.',
      maxDurationMs: 30 * 60 * 1000,
      agent: 'card-payment',
      twilio: {},
      asr: { provider: 'pocketsphinx' },
    },
    lifecycle: { sweepIntervalMs: 15 * 60 * 1000, claimLeaseMs: 60_000 },
    subprocessors: structuredClone(DEFAULT_SUBPROCESSORS_CONFIG),
    alerts: structuredClone(DEFAULT_ALERTS_CONFIG),
    webrtc: structuredClone(DEFAULT_WEBRTC_CONFIG),
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
  // An empty variable counts as unset, as for every SOTTO_* variable: `SOTTO_DATA=` in an env
  // file must not put the keyring in the working directory.
  const dataDir = resolve(options.dataDir ?? nonEmpty(env.SOTTO_DATA) ?? './data');
  const base = defaultConfig(dataDir) as Record<string, unknown>;
  const file = options.configFile ?? nonEmpty(env.SOTTO_CONFIG) ?? existingFile(resolve(dataDir, 'sotto.json'));
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
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new SottoError('CONFIG_INVALID', `cannot read config file ${path}: ${(cause as Error).message}`, { cause });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // No message and no cause: V8's SyntaxError quotes the text around the error, and a
    // config file may hold a PIN or a database password.
    throw new SottoError('CONFIG_INVALID', `config file ${path} is not valid JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SottoError('CONFIG_INVALID', `config file ${path} must hold a JSON object`);
  }
  return value as Record<string, unknown>;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === '' ? undefined : value;
}

function applyEnv(config: Record<string, unknown>, env: NodeJS.ProcessEnv): void {
  // A section the file made a non-object (`"keys": null`) is left for the schema to reject
  // with its path, instead of failing here with a TypeError.
  const { metadata, server, log, keys } = config;
  if (env.SOTTO_METADATA_URL) {
    // The URL (it holds the password) comes from the environment; a schema chosen in the file stays.
    const kept = isPlainObject(metadata) && metadata.kind === 'postgres' ? metadata : {};
    config.metadata = { ...kept, kind: 'postgres', url: env.SOTTO_METADATA_URL };
  }
  if (isPlainObject(server)) {
    if (env.SOTTO_HOST) server.host = env.SOTTO_HOST;
    // Digits only: Number() would read ' ' as port 0 and '0x20FB' as 8443. Anything else is
    // passed on as a string so the schema reports server.port.
    if (env.SOTTO_PORT) server.port = /^[0-9]{1,5}$/.test(env.SOTTO_PORT) ? Number(env.SOTTO_PORT) : env.SOTTO_PORT;
  }
  if (isPlainObject(log) && env.SOTTO_LOG_LEVEL) log.level = env.SOTTO_LOG_LEVEL;
  if (isPlainObject(keys) && keys.provider === 'pkcs11' && env.SOTTO_PKCS11_PIN) keys.pin = env.SOTTO_PKCS11_PIN;
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
