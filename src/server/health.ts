import { readFileSync } from 'node:fs';
import type { SottoApp } from './app.js';
import { SottoError } from '../errors/index.js';

let cachedVersion: string | undefined;

/** Sotto's version from package.json (src/server/ → ../../package.json; sources run via tsx). */
export function packageVersion(): string {
  if (cachedVersion === undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    } catch (err) {
      throw new SottoError('INTERNAL', 'package.json cannot be read', { cause: err });
    }
    const version = typeof parsed === 'object' && parsed !== null ? (parsed as { version?: unknown }).version : undefined;
    if (typeof version !== 'string') throw new SottoError('INTERNAL', 'package.json has no version');
    cachedVersion = version;
  }
  return cachedVersion;
}

// The response schema is also the serializer: nothing outside it can reach the client.
const healthSchema = {
  response: {
    200: {
      type: 'object',
      required: ['status', 'version'],
      additionalProperties: false,
      properties: { status: { type: 'string', const: 'ok' }, version: { type: 'string' } },
    },
  },
} as const;

/** GET /healthz: liveness for load balancers and `sotto` itself; no authentication, no data. */
export function registerHealthRoute(app: SottoApp): void {
  const version = packageVersion();
  app.get('/healthz', { schema: healthSchema }, async () => ({ status: 'ok', version }));
}
