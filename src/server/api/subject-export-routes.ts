import { Readable } from 'node:stream';
import { SottoError } from '../../errors/index.js';
import type { Lifecycle } from '../../lifecycle/index.js';
import type { SottoApp } from '../app.js';
import { LIST_QUERY_SCHEMA } from './lifecycle-erasure-routes.js';
import { refuseQueryString, tenantPrincipal } from './lifecycle-routes.js';
import { requestContext } from './request-context.js';

export interface SubjectExportRouteDeps {
  lifecycle: Lifecycle;
}

const EXPORT_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['exportId', 'bytes', 'createdAt', 'empty', 'counts'],
  properties: {
    exportId: { type: 'string' },
    bytes: { type: 'integer' },
    createdAt: { type: 'string', format: 'date-time' },
    empty: { type: 'boolean' },
    counts: {
      type: 'object',
      additionalProperties: false,
      required: ['calls', 'transcripts', 'recordings', 'notIncluded'],
      properties: { calls: { type: 'integer' }, transcripts: { type: 'integer' }, recordings: { type: 'integer' }, notIncluded: { type: 'integer' } },
    },
  },
} as const;

const EXPORT_SUMMARY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['exportId', 'createdAt', 'bytes'],
  properties: { exportId: { type: 'string' }, createdAt: { type: 'string', format: 'date-time' }, bytes: { type: 'integer' } },
} as const;

/**
 * Data subject access exports (GDPR Art. 15 and 20) in the principal's own tenant, with
 * call.export. The subject's identifier and the passphrase travel in the JSON body only (never
 * the URL, where proxies log it); the encrypted bundle is fetched by id, each download audited.
 */
export function registerSubjectExportRoutes(app: SottoApp, deps: SubjectExportRouteDeps): void {
  app.post(
    '/v1/subject-exports',
    {
      schema: {
        tags: ['lifecycle'],
        summary: 'Export everything held about one data subject, encrypted with age to a passphrase or an age public key given here',
        body: {
          type: 'object',
          required: ['subject'],
          additionalProperties: false,
          properties: {
            subject: { type: 'string', minLength: 1, maxLength: 256, description: "The caller's number or customer id; used only to compute its keyed hash" },
            passphrase: { type: 'string', maxLength: 1024, description: 'Encrypt to this passphrase (age scrypt); kept only in memory' },
            recipient: { type: 'string', maxLength: 2100, description: 'Or encrypt to this age public key (age1…)' },
          },
        },
        response: { 201: EXPORT_SCHEMA },
      },
    },
    async (request, reply) => {
      refuseQueryString(request);
      const { principal, tenantId } = tenantPrincipal(request);
      const body = request.body as { subject: string; passphrase?: string; recipient?: string };
      if ((body.passphrase === undefined) === (body.recipient === undefined)) {
        throw new SottoError('EXPORT_RECIPIENT_INVALID', 'give exactly one of passphrase and recipient');
      }
      const recipient = body.passphrase !== undefined ? { passphrase: body.passphrase } : { recipient: body.recipient as string };
      const created = await deps.lifecycle.exportSubject(principal, { tenantId, subjectId: body.subject, recipient }, requestContext(request));
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/v1/subject-exports',
    {
      schema: {
        tags: ['lifecycle'],
        summary: "The tenant's stored subject exports, newest first (until the export retention period removes them)",
        querystring: LIST_QUERY_SCHEMA,
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            required: ['exports', 'next'],
            properties: { exports: { type: 'array', items: EXPORT_SUMMARY_SCHEMA }, next: { type: ['string', 'null'] } },
          },
        },
      },
    },
    async (request) => {
      const { principal, tenantId } = tenantPrincipal(request);
      const { limit, before } = request.query as { limit: number; before?: string };
      const page = await deps.lifecycle.listSubjectExports(principal, { tenantId, limit, before }, requestContext(request));
      return { exports: page.items, next: page.next ?? null };
    },
  );

  app.get(
    '/v1/subject-exports/:id',
    {
      schema: {
        tags: ['lifecycle'],
        summary: "An export's encrypted bundle (a tar sealed with age), through the access gateway",
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100 } } },
      },
    },
    async (request, reply) => {
      const { principal, tenantId } = tenantPrincipal(request);
      const exportId = (request.params as { id: string }).id;
      const read = await deps.lifecycle.readSubjectExport(principal, { tenantId, exportId }, requestContext(request));
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-length', String(read.record.plaintextSize))
        .header('content-disposition', `attachment; filename="${read.record.id}.tar.age"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(read.body));
    },
  );
}
