import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from 'node:https';
import { fastify } from 'fastify';
import type { FastifyInstance } from 'fastify';
import { randomId } from '../crypto/index.js';
import type { Logger } from '../log/index.js';
import { handleFrameworkError, handleNotFound, handleRequestError } from './errors.js';
import { registerHealthRoute } from './health.js';
import { RequestLogController } from './request-log.js';
import { applySecurityHeaders } from './security-headers.js';
import { httpsServerOptions } from './tls-policy.js';
import type { ServerCertificate } from './tls-policy.js';

export type SottoApp = FastifyInstance<Server, IncomingMessage, ServerResponse, Logger>;

export interface AppOptions {
  certificate: ServerCertificate;
  logger: Logger;
}

// The API takes small JSON documents; a route that needs more (an upload) sets its own limit.
export const BODY_LIMIT_BYTES = 64 * 1024;
// Bounds how long a slow client may take to send a whole request (slowloris).
export const REQUEST_TIMEOUT_MS = 30_000;

/** The fastify instance, HTTPS only, with hooks and the health route; not yet listening. */
export function buildApp(options: AppOptions): SottoApp {
  const app = fastify({
    https: httpsServerOptions(options.certificate),
    loggerInstance: options.logger,
    logController: new RequestLogController(),
    // Request ids are ours: a client-supplied id could forge or collide log correlation.
    requestIdHeader: false,
    genReqId: () => randomId('req'),
    bodyLimit: BODY_LIMIT_BYTES,
    requestTimeout: REQUEST_TIMEOUT_MS,
    trustProxy: false,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: true,
    frameworkErrors: handleFrameworkError,
  });
  // JSON is the only body type the API accepts; fewer parsers, less surface.
  app.removeContentTypeParser('text/plain');
  app.addHook('onSend', applySecurityHeaders);
  app.setErrorHandler(handleRequestError);
  app.setNotFoundHandler(handleNotFound);
  registerHealthRoute(app);
  return app;
}
