import { SottoError } from '../../errors/index.js';
import { REGIMES, SEVERITIES, type IncidentChanges, type IncidentRegister } from '../../incidents/index.js';
import type { SottoApp } from '../app.js';
import { principalOf, requestContext } from './request-context.js';

export interface IncidentRouteDeps {
  incidents: IncidentRegister;
}

const time = { type: 'string', maxLength: 40 } as const;
const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100 } } } as const;
const fields = {
  title: { type: 'string', maxLength: 200 },
  summary: { type: ['string', 'null'], maxLength: 4000 },
  severity: { type: 'string', enum: [...SEVERITIES] },
  detectedAt: time,
  windowStart: time,
  windowEnd: { type: ['string', 'null'], maxLength: 40 },
  regimes: { type: 'array', maxItems: REGIMES.length, items: { type: 'string', enum: [...REGIMES] } },
  affectedIndividuals: { type: ['integer', 'null'], minimum: 0 },
  highRisk: { type: 'boolean' },
} as const;

/**
 * The incident register over HTTPS, for a tenant's principals with incident.manage (owner,
 * compliance officer). Incidents are always the caller's tenant's; another tenant's id answers
 * exactly like a missing one (INCIDENT_NOT_FOUND). Deployment-wide incidents are CLI-only.
 */
export function registerIncidentsRoutes(app: SottoApp, deps: IncidentRouteDeps): void {
  const tenantOf = (principal: ReturnType<typeof principalOf>): string => {
    if (principal.tenantId === undefined) throw new SottoError('USAGE', 'incidents over the API need a tenant principal');
    return principal.tenantId;
  };

  app.get(
    '/v1/incidents',
    {
      schema: {
        tags: ['incidents'],
        summary: 'This tenant’s incidents with their notification deadlines',
        querystring: { type: 'object', additionalProperties: false, properties: { all: { type: 'boolean', default: false } } },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const { all } = request.query as { all: boolean };
      return { incidents: await deps.incidents.list(principal, { tenantId: tenantOf(principal), includeClosed: all }, requestContext(request)) };
    },
  );

  app.post(
    '/v1/incidents',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Open an incident for this tenant',
        body: { type: 'object', additionalProperties: false, required: ['title', 'severity', 'detectedAt', 'windowStart'], properties: fields },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const body = request.body as { title: string; summary?: string | null; severity: string; detectedAt: string; windowStart: string; windowEnd?: string | null; regimes?: string[]; affectedIndividuals?: number | null; highRisk?: boolean };
      const opened = await deps.incidents.open(
        principal,
        {
          tenantId: tenantOf(principal),
          title: body.title,
          summary: body.summary ?? undefined,
          severity: body.severity,
          detectedAt: body.detectedAt,
          windowStart: body.windowStart,
          windowEnd: body.windowEnd ?? undefined,
          regimes: body.regimes ?? [],
          affectedIndividuals: body.affectedIndividuals ?? undefined,
          highRisk: body.highRisk === true,
        },
        requestContext(request),
      );
      return reply.code(201).send(opened);
    },
  );

  app.get('/v1/incidents/:id', { schema: { tags: ['incidents'], summary: 'One incident with its deadlines and their status', params: idParams } }, async (request) =>
    deps.incidents.show(principalOf(request), (request.params as { id: string }).id, requestContext(request)),
  );

  app.patch(
    '/v1/incidents/:id',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Change an open or contained incident',
        params: idParams,
        body: { type: 'object', additionalProperties: false, properties: { ...fields, status: { type: 'string', enum: ['open', 'contained'] } } },
      },
    },
    async (request) => deps.incidents.update(principalOf(request), (request.params as { id: string }).id, request.body as IncidentChanges, requestContext(request)),
  );

  app.post('/v1/incidents/:id/close', { schema: { tags: ['incidents'], summary: 'Close an incident', params: idParams } }, async (request) =>
    deps.incidents.close(principalOf(request), (request.params as { id: string }).id, requestContext(request)),
  );

  app.post('/v1/incidents/:id/reopen', { schema: { tags: ['incidents'], summary: 'Reopen a closed incident', params: idParams } }, async (request) =>
    deps.incidents.reopen(principalOf(request), (request.params as { id: string }).id, requestContext(request)),
  );

  app.get(
    '/v1/incidents/:id/impact',
    { schema: { tags: ['incidents'], summary: 'What the incident window touched, from the audit log (subjects as keyed hashes)', params: idParams } },
    async (request) => deps.incidents.impact(principalOf(request), (request.params as { id: string }).id, requestContext(request)),
  );

  app.post(
    '/v1/incidents/:id/notifications',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Mark one regime’s notification to one recipient sent (or not required)',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['regime', 'recipient'],
          properties: {
            regime: { type: 'string', enum: [...REGIMES] },
            recipient: { type: 'string', maxLength: 40 },
            status: { type: 'string', enum: ['sent', 'not_required'] },
            at: time,
          },
        },
      },
    },
    async (request) => {
      const body = request.body as { regime: string; recipient: string; status?: 'sent' | 'not_required'; at?: string };
      return deps.incidents.notify(principalOf(request), (request.params as { id: string }).id, body, requestContext(request));
    },
  );
}
