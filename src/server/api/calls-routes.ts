import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { AccessGateway, ArtifactRead } from '../../access/index.js';
import type { CallRepository } from '../../call/record/index.js';
import { SottoError } from '../../errors/index.js';
import type { SottoApp } from '../app.js';
import { CALL_VIEW_SCHEMA, callView, loadCall } from './call-access.js';
import { parseRange } from './http-range.js';
import { principalOf, requestContext } from './request-context.js';

export interface CallsRouteDeps {
  gateway: AccessGateway;
  calls: CallRepository;
}

const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    tenant: { type: 'string', maxLength: 63 },
    from: { type: 'string', format: 'date-time' },
    to: { type: 'string', format: 'date-time' },
    agent: { type: 'string', maxLength: 100 },
    status: { type: 'string', enum: ['active', 'completed', 'failed'] },
    entityType: { type: 'string', pattern: '^[A-Z][A-Z_]{1,40}$' },
    before: { type: 'string', maxLength: 200 },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
  },
} as const;

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100 } } } as const;

export function registerCallsRoutes(app: SottoApp, deps: CallsRouteDeps): void {
  app.get(
    '/v1/calls',
    {
      schema: {
        tags: ['calls'],
        summary: 'List calls (metadata only), newest first',
        querystring: listQuery,
        response: { 200: { type: 'object', properties: { calls: { type: 'array', items: CALL_VIEW_SCHEMA }, next: { type: ['string', 'null'] } } } },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const q = request.query as { tenant?: string; from?: string; to?: string; agent?: string; status?: 'active' | 'completed' | 'failed'; entityType?: string; before?: string; limit: number };
      const tenantId = principal.tenantId ?? q.tenant;
      if (!tenantId) throw new SottoError('USAGE', 'tenant is required');
      await deps.gateway.require(principal, 'call.view', { type: 'tenant', id: tenantId, tenantId }, requestContext(request));
      const { calls, next } = await deps.calls.list({ ...q, tenantId });
      return { calls: calls.map(callView), next: next ?? null };
    },
  );

  app.get('/v1/calls/:id', { schema: { tags: ['calls'], summary: 'One call (metadata only)', params: idParams, response: { 200: CALL_VIEW_SCHEMA } } }, async (request) => {
    const principal = principalOf(request);
    const ctx = requestContext(request);
    const { call, resource } = await loadCall(deps.gateway, deps.calls, principal, 'call.view', (request.params as { id: string }).id, ctx);
    await deps.gateway.require(principal, 'call.view', resource, ctx);
    return callView(call);
  });

  app.get(
    '/v1/calls/:id/recording',
    { schema: { tags: ['calls'], summary: 'The redacted recording (WAV), streamed and decrypted through the access gateway; supports Range', params: idParams } },
    async (request, reply) => {
      const principal = principalOf(request);
      const ctx = requestContext(request);
      const { call, resource } = await loadCall(deps.gateway, deps.calls, principal, 'recording.listen', (request.params as { id: string }).id, ctx);
      if (!call.recordingArtifactId) throw new SottoError('NOT_FOUND', 'this call has no recording');
      const header = request.headers.range;
      const read = await deps.gateway.readArtifact(principal, 'recording.listen', call.recordingArtifactId, ctx, {
        resource,
        range: (size) => {
          try {
            return parseRange(header, size);
          } catch (err) {
            // RFC 9110 §15.5.17: a 416 names the current length. Only reached once authorized.
            void reply.header('content-range', `bytes */${size}`);
            throw err;
          }
        },
      });
      return send(reply, read, 'audio/wav');
    },
  );

  app.get(
    '/v1/calls/:id/transcript',
    {
      schema: {
        tags: ['calls'],
        summary: 'The redacted transcript; view=unredacted needs transcript.view_unredacted and an active break-glass grant',
        params: idParams,
        querystring: { type: 'object', additionalProperties: false, properties: { view: { type: 'string', enum: ['redacted', 'unredacted'], default: 'redacted' } } },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const ctx = requestContext(request);
      const unredacted = (request.query as { view: string }).view === 'unredacted';
      const permission = unredacted ? 'transcript.view_unredacted' : 'transcript.view';
      const { call, resource } = await loadCall(deps.gateway, deps.calls, principal, permission, (request.params as { id: string }).id, ctx);
      const artifactId = unredacted ? call.unredactedTranscriptArtifactId : call.transcriptArtifactId;
      if (!artifactId) throw new SottoError('NOT_FOUND', 'this call has no such transcript');
      const read = await deps.gateway.readArtifact(principal, permission, artifactId, ctx, { resource });
      if (read.decision.breakGlass) reply.header('x-sotto-break-glass-expires', read.decision.breakGlass.expiresAt);
      return send(reply, read, 'application/json');
    },
  );
}

/** Stream decrypted content; a range gets 206 with Content-Range (RFC 9110 §14.4). */
function send(reply: FastifyReply, read: ArtifactRead, contentType: string): FastifyReply {
  const size = read.record.plaintextSize;
  reply.header('content-type', contentType).header('accept-ranges', 'bytes').header('cache-control', 'no-store');
  if (read.range) {
    reply
      .code(206)
      .header('content-range', `bytes ${read.range.start}-${read.range.end}/${size}`)
      .header('content-length', read.range.end - read.range.start + 1);
  } else {
    reply.header('content-length', size);
  }
  return reply.send(Readable.from(read.body));
}
