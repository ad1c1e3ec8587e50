import type { AccessGateway } from '../../access/index.js';
import { SottoError } from '../../errors/index.js';
import { postureReport, type PostureSources } from '../../posture/index.js';
import type { SottoApp } from '../app.js';
import { principalOf, requestContext } from './request-context.js';

export interface PostureRouteDeps {
  gateway: AccessGateway;
  posture: PostureSources;
}

/**
 * The posture report of the caller's tenant (the console's dashboard). It holds settings,
 * counts and times, no conversation content, but it maps a tenant's weak points, so it is
 * for those who audit the tenant: audit.read, recorded like every other read.
 */
export function registerPostureRoutes(app: SottoApp, deps: PostureRouteDeps): void {
  app.get('/v1/posture', { schema: { tags: ['posture'], summary: 'The security checklist answered from this deployment, for your tenant' } }, async (request) => {
    const principal = principalOf(request);
    const tenantId = principal.tenantId;
    if (tenantId === undefined) throw new SottoError('ACCESS_DENIED', 'the posture report over the API is per tenant');
    await deps.gateway.require(principal, 'audit.read', { type: 'tenant', id: tenantId, tenantId }, requestContext(request));
    return postureReport(deps.posture, tenantId);
  });
}
