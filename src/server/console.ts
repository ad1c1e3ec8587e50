// The operator console (web/, built by `npm run build:web` into web/dist) served under /console/
// on the API's own HTTPS listener, so the session cookie and the CSRF origin rule are same-origin
// by construction (docs/console.md).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SottoError } from '../errors/index.js';
import type { SottoApp } from './app.js';

export const CONSOLE_PREFIX = '/console/';
export const DEFAULT_CONSOLE_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

/**
 * The console's CSP replaces the API's deny-all one (security-headers.ts fills only what a route
 * did not set). Nothing inline, nothing from elsewhere: an injected script has nowhere to load
 * from and nowhere to send what it reads (OWASP CSP Cheat Sheet, "strict" self-only policy).
 */
export const CONSOLE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; media-src 'self'; img-src 'self' data:; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
/** Vite puts a content hash in every asset name, so a year-long immutable cache is safe. */
const HASHED_ASSET_CACHE = 'public, max-age=31536000, immutable';

export interface ConsoleOptions {
  /** The built console (index.html + assets/); default web/dist beside the package. */
  distDir?: string;
}

function consoleHeaders(request: FastifyRequest, reply: FastifyReply): void {
  void reply.header('content-security-policy', CONSOLE_CSP);
  const path = request.url.split('?')[0] ?? '';
  // index.html must be revalidated so a new build's hashed names are picked up at once.
  void reply.header('cache-control', path.startsWith(`${CONSOLE_PREFIX}assets/`) ? HASHED_ASSET_CACHE : 'no-cache');
}

/** Serves the console; a server without a build still starts and answers CONSOLE_NOT_BUILT there. */
export async function registerConsole(app: SottoApp, options: ConsoleOptions = {}): Promise<void> {
  const distDir = options.distDir ?? DEFAULT_CONSOLE_DIST;
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect(CONSOLE_PREFIX, 302));
  const indexFile = join(distDir, 'index.html');
  if (!existsSync(indexFile)) {
    const notBuilt = async (): Promise<never> => {
      throw new SottoError('CONSOLE_NOT_BUILT', 'the operator console is not built on this server; run `npm run build:web`');
    };
    app.get('/console', { schema: { hide: true } }, notBuilt);
    app.get('/console/*', { schema: { hide: true } }, notBuilt);
    return;
  }
  const indexHtml = readFileSync(indexFile);
  await app.register(async (scope) => {
    scope.addHook('onRequest', async (request, reply) => consoleHeaders(request, reply));
    // wildcard: false registers one route per file present at start; nothing else on disk is reachable.
    await scope.register(fastifyStatic, { root: distDir, prefix: CONSOLE_PREFIX, wildcard: false, index: false, cacheControl: false, etag: true });
    const sendIndex = async (_request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> =>
      reply.type('text/html; charset=utf-8').send(indexHtml);
    scope.get('/console', { schema: { hide: true } }, async (_request, reply) => reply.redirect(CONSOLE_PREFIX, 301));
    scope.get(CONSOLE_PREFIX, { schema: { hide: true } }, sendIndex);
    // Client routes (/console/calls/…) are the single-page app's; an unknown asset is still a 404.
    scope.get(`${CONSOLE_PREFIX}*`, { schema: { hide: true } }, async (request, reply) => {
      if (request.url.startsWith(`${CONSOLE_PREFIX}assets/`)) throw new SottoError('NOT_FOUND');
      return sendIndex(request, reply);
    });
  });
}
