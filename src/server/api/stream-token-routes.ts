import type { FastifyRequest } from 'fastify';
import type { AccessGateway } from '../../access/index.js';
import { issueStreamToken, MAX_STREAM_TOKEN_TTL_SECONDS, type StreamTokens } from '../../call/stream-tokens/index.js';
import { SottoError } from '../../errors/index.js';
import type { SottoApp } from '../app.js';
import { MEDIA_STREAM_PATH } from '../call-media.js';
import { principalOf, requestContext } from './request-context.js';

export interface StreamTokenRouteDeps {
  gateway: AccessGateway;
  streamTokens: StreamTokens;
}

const body = {
  type: 'object',
  additionalProperties: false,
  properties: {
    // Only for a principal without a tenant (the local operator's kind); others mint for their own.
    tenant: { type: 'string', maxLength: 63 },
    agent: { type: 'string', maxLength: 64 },
    ttlSeconds: { type: 'integer', minimum: 1, maximum: MAX_STREAM_TOKEN_TTL_SECONDS },
  },
} as const;

const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;

/** Where the stream connects: this listener as the client reached it, the token as the last path segment. */
function mediaUrl(request: FastifyRequest, token: string): string {
  const host = request.headers.host;
  const path = `${MEDIA_STREAM_PATH}/${token}`;
  return host !== undefined && HOST.test(host) ? `wss://${host}${path}` : path;
}

export function registerStreamTokenRoutes(app: SottoApp, deps: StreamTokenRouteDeps): void {
  app.post(
    '/v1/calls/stream-tokens',
    {
      schema: {
        tags: ['calls'],
        summary: 'Mint a one-time stream token a media stream (a call) connects with; needs call.connect',
        body,
        response: {
          201: {
            type: 'object',
            properties: { token: { type: 'string' }, mediaUrl: { type: 'string' }, expiresAt: { type: 'string' }, agent: { type: ['string', 'null'] } },
          },
        },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const b = (request.body ?? {}) as { tenant?: string; agent?: string; ttlSeconds?: number };
      if (principal.tenantId !== undefined && b.tenant !== undefined && b.tenant !== principal.tenantId) {
        // Another tenant's id reads like a missing one (no tenant of that name for this principal),
        // and is recorded like one, under the asker's tenant (found by the authorization table).
        const resource = { type: 'tenant' as const, id: '(unknown)', tenantId: principal.tenantId };
        await deps.gateway.record(principal, 'call.connect', resource, 'denied', 'not found', requestContext(request));
        throw new SottoError('NOT_FOUND', 'no such tenant');
      }
      const tenantId = principal.tenantId ?? b.tenant;
      if (tenantId === undefined) throw new SottoError('USAGE', 'tenant is required');
      const minted = await issueStreamToken(
        deps,
        principal,
        { tenantId, ...(b.agent === undefined ? {} : { agent: b.agent }), ...(b.ttlSeconds === undefined ? {} : { ttlSeconds: b.ttlSeconds }) },
        requestContext(request),
      );
      void reply.header('cache-control', 'no-store');
      return reply.code(201).send({ token: minted.token, mediaUrl: mediaUrl(request, minted.token), expiresAt: minted.expiresAt, agent: minted.agent ?? null });
    },
  );
}
