import type { SottoApp } from './app.js';
import { packageVersion } from '../version.js';

export { packageVersion };

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
