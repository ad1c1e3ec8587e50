import type { AccessGateway } from '../../access/index.js';
import type { PolicyAuthorizer } from '../../access/policy/index.js';
import { SottoError } from '../../errors/index.js';
import type { SottoApp } from '../app.js';
import { principalOf, requestContext } from './request-context.js';

export interface RolesRouteDeps {
  gateway: AccessGateway;
  authorizer: PolicyAuthorizer;
}

const ROLES_ANSWER = {
  type: 'object',
  properties: {
    version: { type: 'integer' },
    digest: { type: 'string' },
    roles: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          role: { type: 'string' },
          description: { type: 'string' },
          grants: {
            type: 'array',
            items: {
              type: 'object',
              properties: { permission: { type: 'string' }, requires: { type: ['string', 'null'] }, why: { type: 'string' } },
            },
          },
        },
      },
    },
  },
} as const;

/**
 * The loaded access policy (roles, grants and each grant's `why`), for whoever assigns roles:
 * users.manage. Not the policy file's path (`source`): a server path is no one's business.
 * The answer is the same for every tenant (one policy per deployment) and holds no personal data.
 */
export function registerRolesRoutes(app: SottoApp, deps: RolesRouteDeps): void {
  app.get('/v1/roles', { schema: { tags: ['users'], summary: 'The roles of the access policy, what each grants and why', response: { 200: ROLES_ANSWER } } }, async (request) => {
    const principal = principalOf(request);
    const tenantId = principal.tenantId;
    if (tenantId === undefined) throw new SottoError('USAGE', 'this request needs a tenant principal');
    await deps.gateway.require(principal, 'users.manage', { type: 'tenant', id: tenantId, tenantId }, requestContext(request));
    const { version, digest, roles } = deps.authorizer.describe();
    return { version, digest, roles };
  });
}
