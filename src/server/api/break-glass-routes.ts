import { auditableId, type AccessGateway } from '../../access/index.js';
import type { BreakGlass } from '../../access/break-glass/index.js';
import { SottoError } from '../../errors/index.js';
import type { SottoApp } from '../app.js';
import { principalOf, requestContext } from './request-context.js';

export interface BreakGlassRouteDeps {
  gateway: AccessGateway;
  breakGlass: BreakGlass;
}

export function registerBreakGlassRoutes(app: SottoApp, deps: BreakGlassRouteDeps): void {
  app.post(
    '/v1/break-glass',
    {
      schema: {
        tags: ['break-glass'],
        summary: 'Open a break-glass grant: a stated reason, a short lifetime, flagged on every use',
        body: {
          type: 'object',
          required: ['reason'],
          additionalProperties: false,
          properties: {
            reason: { type: 'string', maxLength: 1000 },
            callId: { type: 'string', maxLength: 100 },
            minutes: { type: 'integer', minimum: 1, maximum: 60 },
          },
        },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      if (principal.tenantId === undefined) throw new SottoError('USAGE', 'break-glass needs a tenant principal');
      const body = request.body as { reason: string; callId?: string; minutes?: number };
      const ctx = requestContext(request);
      const resource = { type: 'break_glass' as const, id: null, tenantId: principal.tenantId };
      try {
        const grant = await deps.breakGlass.request(principal, {
          tenantId: principal.tenantId,
          reason: body.reason,
          ...(body.callId ? { resourceId: body.callId } : {}),
          ...(body.minutes ? { durationMs: body.minutes * 60_000 } : {}),
        });
        // The reason may name a person: it stays in the grant record, the audit entry has the id.
        try {
          await deps.gateway.record(principal, 'break_glass.open', { ...resource, id: grant.id }, 'allowed', `expires ${grant.expiresAt}`, ctx);
        } catch (err) {
          // An unrecorded grant must not stay usable: close it before reporting the failure.
          await deps.breakGlass.revoke(principal, grant.id).catch(() => undefined);
          throw err;
        }
        return reply.code(201).send({ id: grant.id, permission: grant.permission, callId: grant.resourceId, expiresAt: grant.expiresAt });
      } catch (err) {
        await deps.gateway.record(principal, 'break_glass.open', resource, 'denied', err instanceof SottoError ? err.code : 'INTERNAL', ctx);
        throw err;
      }
    },
  );

  app.delete(
    '/v1/break-glass/:id',
    { schema: { tags: ['break-glass'], summary: 'Close a break-glass grant early', params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100 } } } } },
    async (request, reply) => {
      const principal = principalOf(request);
      const id = (request.params as { id: string }).id;
      const ctx = requestContext(request);
      let grant;
      try {
        grant = await deps.breakGlass.revoke(principal, id);
      } catch (err) {
        // Denied attempts are audited too; the id is user-supplied, so only an id-shaped one is kept.
        const resource = { type: 'break_glass' as const, id: auditableId(id), tenantId: principal.tenantId ?? null };
        await deps.gateway.record(principal, 'break_glass.close', resource, 'denied', err instanceof SottoError ? err.code : 'INTERNAL', ctx);
        throw err;
      }
      await deps.gateway.record(principal, 'break_glass.close', { type: 'break_glass', id: grant.id, tenantId: grant.tenantId }, 'allowed', 'revoked', ctx);
      return reply.code(204).send();
    },
  );
}
