import type { FastifyRequest } from 'fastify';
import { sha256 } from '../../crypto/index.js';
import { SottoError } from '../../errors/index.js';
import type { SubprocessorRegistry, TenantSubprocessorView } from '../../subprocessors/index.js';
import type { SottoApp } from '../app.js';
import { principalOf, requestContext } from './request-context.js';

export interface SubprocessorsRouteDeps {
  subprocessors: SubprocessorRegistry;
}

/** How long browsers and CDNs may keep the public listing; it changes only with the configuration. */
const TRANSPARENCY_MAX_AGE_S = 300;

const stringList = { type: 'array', items: { type: 'string' } } as const;
const PUBLIC_SUBPROCESSOR = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    role: { type: 'string' },
    status: { type: 'string', enum: ['declared', 'undeclared'] },
    legalEntity: { type: ['string', 'null'] },
    purpose: { type: ['string', 'null'] },
    certifications: stringList,
    regions: stringList,
    dataCategories: stringList,
  },
} as const;
const POLICY = {
  type: 'object',
  properties: {
    healthDataRequires: stringList,
    cardDataRequires: stringList,
    sameRegionOnly: { type: 'boolean' },
    allowedProviders: { type: ['array', 'null'], items: { type: 'string' } },
  },
} as const;
const TENANT_VIEW = {
  type: 'object',
  properties: {
    tenant: { type: 'string' },
    region: { type: 'string' },
    source: { type: 'string', enum: ['default', 'tenant'] },
    updatedAt: { type: ['string', 'null'] },
    policy: POLICY,
    providers: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          role: { type: 'string' },
          status: { type: 'string' },
          allowed: { type: 'boolean' },
          rule: { type: ['string', 'null'] },
          reason: { type: 'string' },
        },
      },
    },
  },
} as const;

function tenantOf(request: FastifyRequest): string {
  const tenantId = principalOf(request).tenantId;
  if (tenantId === undefined) throw new SottoError('USAGE', 'this principal belongs to no tenant');
  return tenantId;
}

function viewBody(view: TenantSubprocessorView): Record<string, unknown> {
  return {
    tenant: view.tenant,
    region: view.region,
    source: view.source,
    updatedAt: view.updatedAt ?? null,
    policy: view.policy,
    providers: view.providers.map((p) => ({ name: p.name, role: p.role, status: p.status, allowed: p.verdict.allowed, rule: p.verdict.rule ?? null, reason: p.verdict.reason })),
  };
}

export function registerSubprocessorsRoutes(app: SottoApp, deps: SubprocessorsRouteDeps): void {
  // Public (outside /v1, no bearer): for a customer-facing transparency page (GDPR Art. 28(2)
  // and (4)). Deployment configuration only — no tenant, no call, no personal data — so it may
  // be cached and fetched from another origin.
  app.get(
    '/transparency/subprocessors',
    {
      config: { public: true },
      schema: {
        tags: ['subprocessors'],
        summary: 'The outside providers this deployment uses and what each is trusted with (public)',
        security: [],
        response: { 200: { type: 'object', properties: { subprocessors: { type: 'array', items: PUBLIC_SUBPROCESSOR }, processedOnHost: stringList } }, 304: { type: 'null' } },
      },
    },
    async (request, reply) => {
      const listing = deps.subprocessors.transparency();
      const etag = `"${sha256(Buffer.from(JSON.stringify(listing))).subarray(0, 16).toString('base64url')}"`;
      reply
        .header('cache-control', `public, max-age=${TRANSPARENCY_MAX_AGE_S}`)
        .header('etag', etag)
        .header('access-control-allow-origin', '*')
        .header('cross-origin-resource-policy', 'cross-origin');
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      return listing;
    },
  );

  app.get(
    '/v1/subprocessors/policy',
    { schema: { tags: ['subprocessors'], summary: 'The tenant’s subprocessor policy and whether each provider in use is allowed', response: { 200: TENANT_VIEW } } },
    async (request) => viewBody(await deps.subprocessors.tenantView(principalOf(request), tenantOf(request), requestContext(request))),
  );

  app.put(
    '/v1/subprocessors/policy',
    {
      // The body is validated by the policy's own schema (strict: unknown fields are refused,
      // not stripped), which answers SUBPROCESSOR_POLICY_INVALID with the field's path.
      schema: { tags: ['subprocessors'], summary: 'Replace the tenant’s subprocessor policy', body: { type: 'object' }, response: { 200: TENANT_VIEW } },
    },
    async (request) => viewBody(await deps.subprocessors.setPolicy(principalOf(request), tenantOf(request), request.body, requestContext(request))),
  );
}
