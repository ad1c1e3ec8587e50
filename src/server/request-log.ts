import { LogController } from 'fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';

function requestFacts(request: FastifyRequest, reply: FastifyReply): Record<string, unknown> {
  return {
    method: request.method,
    route: request.routeOptions.url ?? null,
    statusCode: reply.statusCode,
    durationMs: Math.round(reply.elapsedTime),
  };
}

/**
 * fastify's request log lines, narrowed: one line per request naming the route pattern
 * (`/calls/:id`), never the URL. Paths and query strings may carry identifiers or tokens, and
 * unmatched paths are whatever a scanner sent (DESIGN.md invariant 1: nothing sensitive in logs).
 */
export class RequestLogController extends LogController {
  override incomingRequest(): void {
    // Folded into the completion line.
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) reply.log.error({ ...requestFacts(request, reply), err: error }, 'request errored');
    else reply.log.info(requestFacts(request, reply), 'request completed');
  }

  override routeNotFound(): void {
    // The completion line records the 404 with route null.
  }

  override writeHeadError(error: Error, request: FastifyRequest, reply: FastifyReply): void {
    reply.log.warn({ ...requestFacts(request, reply), err: error }, 'response headers could not be written');
  }
}
