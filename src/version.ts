import { readFileSync } from 'node:fs';
import { SottoError } from './errors/index.js';

let cachedVersion: string | undefined;

/** Sotto's version from package.json (src/ → ../package.json; sources run via tsx), for the CLI and /healthz alike. */
export function packageVersion(): string {
  if (cachedVersion === undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    } catch (err) {
      throw new SottoError('INTERNAL', 'package.json cannot be read', { cause: err });
    }
    const version = typeof parsed === 'object' && parsed !== null ? (parsed as { version?: unknown }).version : undefined;
    if (typeof version !== 'string') throw new SottoError('INTERNAL', 'package.json has no version');
    cachedVersion = version;
  }
  return cachedVersion;
}
