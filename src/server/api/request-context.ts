import type { FastifyRequest } from 'fastify';
import type { Principal, RequestContext } from '../../access/index.js';
import { SottoError } from '../../errors/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook on every /v1 route except login. */
    principal: Principal | null;
  }
}

export function requestContext(request: FastifyRequest): RequestContext {
  return { requestId: request.id, source: request.ip };
}

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new SottoError('AUTH_REQUIRED');
  return request.principal;
}

