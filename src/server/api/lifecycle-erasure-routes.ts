import { isSottoError, SottoError } from '../../errors/index.js';
import { verifyCertificate, type ErasureResult, type Lifecycle } from '../../lifecycle/index.js';
import type { SottoApp } from '../app.js';
import { closedBody, refuseQueryString, tenantPrincipal } from './lifecycle-routes.js';
import { requestContext } from './request-context.js';

export interface ErasureRouteDeps {
  lifecycle: Lifecycle;
}

/**
 * A certificate of 10,000 items is about 1 MB; the API's 64 KB default would refuse the
 * certificates of large erasures. Bigger ones are verified offline (`sotto erase verify-certificate`).
 */
export const CERTIFICATE_BODY_LIMIT_BYTES = 2 * 1024 * 1024;

const COUNTS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['recording', 'transcript', 'export', 'call_record'],
  properties: { recording: { type: 'integer' }, transcript: { type: 'integer' }, export: { type: 'integer' }, call_record: { type: 'integer' } },
} as const;

// The certificate is checked by its own strict schema (src/lifecycle/certificate.ts) before it is signed or verified.
const SIGNED_CERTIFICATE_SCHEMA = { type: 'object', additionalProperties: true, description: 'A signed deletion certificate (docs/lifecycle.md)' } as const;

const ERASURE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['erasureId', 'alreadyErased', 'counts', 'certificate'],
  properties: { erasureId: { type: 'string' }, alreadyErased: { type: 'boolean' }, counts: COUNTS_SCHEMA, certificate: SIGNED_CERTIFICATE_SCHEMA },
} as const;

/** Paging of the lifecycle lists (erasures, subject exports): a cursor from the previous page's `next`. */
export const LIST_QUERY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: { limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 }, before: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

const ERASURE_SUMMARY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['erasureId', 'requestedAt', 'requestedBy', 'completedAt', 'counts'],
  properties: {
    erasureId: { type: 'string' },
    requestedAt: { type: 'string' },
    requestedBy: { type: 'string' },
    completedAt: { type: ['string', 'null'], description: 'null while the erasure is unfinished (erase again to resume)' },
    counts: { anyOf: [COUNTS_SCHEMA, { type: 'null' }] },
  },
} as const;

/**
 * Subject erasure (call.delete) in the principal's own tenant, and the public half of deletion
 * certificates: the verifier key and a pure verification, with no data behind them.
 */
export function registerErasureRoutes(app: SottoApp, deps: ErasureRouteDeps): void {
  app.post(
    '/v1/erasures',
    {
      schema: {
        tags: ['lifecycle'],
        summary: "Erase everything held about one data subject (GDPR Art. 17) and return the signed deletion certificate; the subject's identifier goes in the body, never the URL",
        body: closedBody(['subject'], { subject: { type: 'string', minLength: 1, maxLength: 256, description: "The caller's number or customer id; used only to compute its keyed hash" } }),
        response: { 200: ERASURE_SCHEMA },
      },
    },
    async (request) => {
      refuseQueryString(request);
      const { principal, tenantId } = tenantPrincipal(request);
      const { subject } = request.body as { subject: string };
      // Idempotent: the same subject again returns the finished erasure's certificate (alreadyErased).
      return erasureView(await deps.lifecycle.erase(principal, { tenantId, subjectId: subject }, requestContext(request)));
    },
  );

  app.get(
    '/v1/erasures',
    {
      schema: {
        tags: ['lifecycle'],
        summary: "The tenant's erasures, newest first, with their counts once finished (each certificate by its own route)",
        querystring: LIST_QUERY_SCHEMA,
        response: { 200: { type: 'object', additionalProperties: false, required: ['erasures', 'next'], properties: { erasures: { type: 'array', items: ERASURE_SUMMARY_SCHEMA }, next: { type: ['string', 'null'] } } } },
      },
    },
    async (request) => {
      const { principal, tenantId } = tenantPrincipal(request);
      const { limit, before } = request.query as { limit: number; before?: string };
      const page = await deps.lifecycle.listErasures(principal, { tenantId, limit, before }, requestContext(request));
      return {
        erasures: page.items.map((e) => ({ erasureId: e.erasureId, requestedAt: e.requestedAt, requestedBy: e.requestedBy, completedAt: e.completedAt ?? null, counts: e.counts ?? null })),
        next: page.next ?? null,
      };
    },
  );

  app.get(
    '/v1/erasures/:id/certificate',
    {
      schema: {
        tags: ['lifecycle'],
        summary: "A finished erasure's signed deletion certificate",
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100 } } },
        response: { 200: ERASURE_SCHEMA },
      },
    },
    async (request) => {
      const { principal } = tenantPrincipal(request);
      const id = (request.params as { id: string }).id;
      try {
        return erasureView(await deps.lifecycle.erasureCertificate(principal, id, requestContext(request)));
      } catch (err) {
        // One answer for a missing and another tenant's erasure ("no such erasure" vs "no such resource").
        if (isSottoError(err, 'NOT_FOUND')) throw new SottoError('NOT_FOUND', 'no such erasure');
        throw err;
      }
    },
  );

  app.get(
    '/deletion-certificates/verifier-key',
    {
      config: { public: true },
      schema: {
        tags: ['lifecycle'],
        summary: "The key that verifies this installation's deletion certificates (C2SP signed-note verifier key); public",
        security: [],
        response: { 200: { type: 'object', additionalProperties: false, required: ['verifierKey'], properties: { verifierKey: { type: 'string' } } } },
      },
    },
    async () => ({ verifierKey: await deps.lifecycle.certificateVerifierKey() }),
  );

  app.post(
    '/deletion-certificates/verify',
    {
      config: { public: true },
      bodyLimit: CERTIFICATE_BODY_LIMIT_BYTES,
      schema: {
        tags: ['lifecycle'],
        summary: "Check a deletion certificate against this installation's verifier key; public. An edited, forged or malformed certificate answers 422 CERTIFICATE_INVALID",
        security: [],
        body: closedBody(['certificate'], { certificate: SIGNED_CERTIFICATE_SCHEMA }),
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            required: ['valid', 'erasureId', 'tenantId', 'completedAt', 'counts'],
            properties: { valid: { type: 'boolean', enum: [true] }, erasureId: { type: 'string' }, tenantId: { type: 'string' }, completedAt: { type: 'string' }, counts: COUNTS_SCHEMA },
          },
        },
      },
    },
    async (request) => {
      const { certificate } = request.body as { certificate: unknown };
      // The signature covers the canonical JSON (RFC 8785), so re-serializing the parsed body is fine.
      const checked = verifyCertificate(JSON.stringify(certificate), await deps.lifecycle.certificateVerifierKey());
      return { valid: true, erasureId: checked.erasureId, tenantId: checked.tenantId, completedAt: checked.completedAt, counts: checked.counts };
    },
  );
}

function erasureView(result: ErasureResult): Record<string, unknown> {
  return { erasureId: result.erasureId, alreadyErased: result.alreadyErased, counts: result.counts, certificate: result.certificate };
}
