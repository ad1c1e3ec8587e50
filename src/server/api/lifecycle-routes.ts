import type { FastifyRequest } from 'fastify';
import type { AccessGateway, Principal } from '../../access/index.js';
import { SottoError } from '../../errors/index.js';
import { DATA_CLASSES, DEFAULT_RETENTION_DAYS, type HoldTarget, type LegalHold, type Lifecycle, type RetentionSetting } from '../../lifecycle/index.js';
import type { SottoApp } from '../app.js';
import { principalOf, requestContext } from './request-context.js';

export interface LifecycleRouteDeps {
  gateway: AccessGateway;
  lifecycle: Lifecycle;
}

const SETTING_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['dataClass', 'days', 'source', 'updatedAt'],
  properties: {
    dataClass: { type: 'string', enum: [...DATA_CLASSES] },
    days: { type: 'integer' },
    defaultDays: { type: 'integer', description: "The embedded default (docs/lifecycle.md): the least a voice agent needs; a tenant lengthens it for a reason of its own" },
    source: { type: 'string', enum: ['default', 'tenant'] },
    updatedAt: { type: ['string', 'null'] },
  },
} as const;

const HOLD_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'scope', 'target', 'note', 'createdAt', 'createdBy', 'releasedAt', 'releasedBy'],
  properties: {
    id: { type: 'string' },
    scope: { type: 'string', enum: ['tenant', 'subject', 'call'] },
    target: { type: ['string', 'null'], description: "The subject's keyed hash (subjectRef) or the call id; null for a tenant hold" },
    note: { type: ['string', 'null'] },
    createdAt: { type: 'string' },
    createdBy: { type: 'string' },
    releasedAt: { type: ['string', 'null'] },
    releasedBy: { type: ['string', 'null'] },
  },
} as const;

// oneOf branches say `maxProperties: 1`, not `additionalProperties: false`: with fastify's
// removeAdditional, a failed branch would strip the property the next branch needs.
const HOLD_TARGET_SCHEMA = {
  oneOf: [
    { type: 'string', enum: ['tenant'] },
    { type: 'object', required: ['subject'], maxProperties: 1, properties: { subject: { type: 'string', minLength: 1, maxLength: 256 } } },
    { type: 'object', required: ['callId'], maxProperties: 1, properties: { callId: { type: 'string', minLength: 1, maxLength: 100 } } },
  ],
} as const;

/**
 * A body schema that refuses unknown fields. fastify's Ajv runs with removeAdditional, which
 * drops them silently under `additionalProperties: false`; `propertyNames` makes them a 400, so
 * a misplaced field (a tenant, a scope) is an error, not ignored.
 */
export function closedBody(required: readonly string[], properties: Record<string, unknown>): Record<string, unknown> {
  return { type: 'object', required, additionalProperties: false, propertyNames: { enum: Object.keys(properties) }, properties };
}

const holdIdParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100 } } } as const;

/**
 * Retention periods and legal holds of the principal's own tenant (retention.manage), over
 * `Lifecycle`, which authorizes and audits each action (docs/lifecycle.md, "API").
 */
export function registerLifecycleRoutes(app: SottoApp, deps: LifecycleRouteDeps): void {
  app.get(
    '/v1/retention',
    {
      schema: {
        tags: ['lifecycle'],
        summary: "The tenant's retention periods, by data class (its own or the defaults)",
        response: { 200: { type: 'object', additionalProperties: false, properties: { tenantId: { type: 'string' }, retention: classesSchema() } } },
      },
    },
    async (request) => {
      const { principal, tenantId } = tenantPrincipal(request);
      const schedule = await deps.lifecycle.showRetention(principal, tenantId, requestContext(request));
      const retention = Object.fromEntries(Object.values(schedule).map((s) => [s.dataClass, settingView(s)]));
      return { tenantId, retention };
    },
  );

  app.put(
    '/v1/retention/:dataClass',
    {
      schema: {
        tags: ['lifecycle'],
        summary: 'Set one retention period in whole days; a shorter period takes effect at the next sweep',
        params: { type: 'object', required: ['dataClass'], properties: { dataClass: { type: 'string', enum: [...DATA_CLASSES] } } },
        body: closedBody(['days'], { days: { type: 'integer', minimum: 1, maximum: 36_500 } }),
        response: { 200: { type: 'object', additionalProperties: false, properties: { previous: SETTING_SCHEMA, current: SETTING_SCHEMA } } },
      },
    },
    async (request) => {
      const { principal, tenantId } = tenantPrincipal(request);
      const { dataClass } = request.params as { dataClass: string };
      const { days } = request.body as { days: number };
      const changed = await deps.lifecycle.setRetention(principal, { tenantId, dataClass, days }, requestContext(request));
      return { previous: settingView(changed.previous), current: settingView(changed.current) };
    },
  );

  app.get(
    '/v1/legal-holds',
    {
      schema: {
        tags: ['lifecycle'],
        summary: "The tenant's active legal holds (all=true: released ones too)",
        querystring: { type: 'object', additionalProperties: false, properties: { all: { type: 'boolean', default: false } } },
        response: { 200: { type: 'object', additionalProperties: false, properties: { holds: { type: 'array', items: HOLD_SCHEMA } } } },
      },
    },
    async (request) => {
      const { principal, tenantId } = tenantPrincipal(request);
      const { all } = request.query as { all: boolean };
      const holds = await deps.lifecycle.listHolds(principal, { tenantId, includeReleased: all }, requestContext(request));
      return { holds: holds.map(holdView) };
    },
  );

  app.post(
    '/v1/legal-holds',
    {
      schema: {
        tags: ['lifecycle'],
        summary: 'Set a legal hold on the whole tenant, one data subject (identifier in the body, kept only as its keyed hash) or one call',
        body: closedBody(['target'], { target: HOLD_TARGET_SCHEMA, note: { type: 'string', maxLength: 500, description: 'A matter reference; never written to the audit log' } }),
        response: { 201: HOLD_SCHEMA },
      },
    },
    async (request, reply) => {
      refuseQueryString(request);
      const { principal, tenantId } = tenantPrincipal(request);
      const body = request.body as { target: 'tenant' | { subject: string } | { callId: string }; note?: string };
      const hold = await deps.lifecycle.setHold(principal, { tenantId, target: holdTarget(body.target), note: body.note }, requestContext(request));
      return reply.code(201).send(holdView(hold));
    },
  );

  app.post(
    '/v1/legal-holds/:id/release',
    { schema: { tags: ['lifecycle'], summary: 'Release a legal hold; what it kept is swept or erased by the next run', params: holdIdParams, response: { 200: HOLD_SCHEMA } } },
    async (request) => {
      const { principal, tenantId } = tenantPrincipal(request);
      const holdId = (request.params as { id: string }).id;
      // Another tenant's hold id answers LEGAL_HOLD_NOT_FOUND, like an id that exists nowhere.
      return holdView(await deps.lifecycle.releaseHold(principal, { tenantId, holdId }, requestContext(request)));
    },
  );
}

/** Lifecycle routes act in the principal's own tenant; an installation-wide principal names none. */
export function tenantPrincipal(request: FastifyRequest): { principal: Principal; tenantId: string } {
  const principal = principalOf(request);
  if (principal.tenantId === undefined) throw new SottoError('USAGE', 'this request needs a principal of a tenant');
  return { principal, tenantId: principal.tenantId };
}

/**
 * A data subject's identifier travels in request bodies only. Routes that take one refuse any
 * query string, so a client that put it in the URL (where proxies and browsers log it) learns
 * at once instead of the identifier being dropped silently.
 */
export function refuseQueryString(request: FastifyRequest): void {
  if (request.url.includes('?')) throw new SottoError('USAGE', "this request takes no query string: a data subject's identifier goes in the JSON body");
}

function holdTarget(target: 'tenant' | { subject: string } | { callId: string }): HoldTarget {
  if (target === 'tenant') return { scope: 'tenant' };
  if ('subject' in target) return { scope: 'subject', subjectId: target.subject };
  return { scope: 'call', callId: target.callId };
}

function settingView(s: RetentionSetting): Record<string, unknown> {
  return { dataClass: s.dataClass, days: s.days, defaultDays: DEFAULT_RETENTION_DAYS[s.dataClass], source: s.source, updatedAt: s.updatedAt ?? null };
}

function holdView(h: LegalHold): Record<string, unknown> {
  return {
    id: h.id,
    scope: h.scope,
    target: h.target ?? null,
    note: h.note ?? null,
    createdAt: h.createdAt,
    createdBy: h.createdBy,
    releasedAt: h.releasedAt ?? null,
    releasedBy: h.releasedBy ?? null,
  };
}

function classesSchema(): Record<string, unknown> {
  return { type: 'object', additionalProperties: false, required: [...DATA_CLASSES], properties: Object.fromEntries(DATA_CLASSES.map((c) => [c, SETTING_SCHEMA])) };
}
