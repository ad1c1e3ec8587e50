import swagger from '@fastify/swagger';
import { ANONYMOUS, type AccessGateway } from '../../access/index.js';
import type { BreakGlass } from '../../access/break-glass/index.js';
import type { IdentityService, LoginRateLimiter } from '../../access/identity/index.js';
import type { PolicyAuthorizer } from '../../access/policy/index.js';
import type { LiveFeed } from '../../call/index.js';
import type { CallRepository } from '../../call/record/index.js';
import type { StreamTokens } from '../../call/stream-tokens/index.js';
import { isSottoError } from '../../errors/index.js';
import type { Lifecycle } from '../../lifecycle/index.js';
import type { PostureSources } from '../../posture/index.js';
import type { SottoApp } from '../app.js';
import { credentialOf, requireSameOrigin } from '../console-session.js';
import { packageVersion } from '../health.js';
import { registerAuditRoutes, type AuditReader } from './audit-routes.js';
import { registerBreakGlassRoutes } from './break-glass-routes.js';
import { registerCallsRoutes } from './calls-routes.js';
import { registerIdentityRoutes } from './identity-routes.js';
import { registerIncidentsRoutes } from './incidents-routes.js';
import { registerLiveRoutes } from './live-routes.js';
import type { SubjectRefs } from './browser-call-placer.js';
import type { IncidentRegister } from '../../incidents/index.js';
import { registerPostureRoutes } from './posture-routes.js';
import { registerStreamTokenRoutes } from './stream-token-routes.js';
import { registerErasureRoutes } from './lifecycle-erasure-routes.js';
import { registerLifecycleRoutes } from './lifecycle-routes.js';
import { requestContext } from './request-context.js';
import { registerSubjectExportRoutes } from './subject-export-routes.js';
import { registerSubprocessorsRoutes } from './subprocessors-routes.js';
import type { SubprocessorRegistry } from '../../subprocessors/index.js';

export interface ApiDeps {
  gateway: AccessGateway;
  authorizer: PolicyAuthorizer;
  identity: IdentityService;
  loginLimiter: LoginRateLimiter;
  breakGlass: BreakGlass;
  calls: CallRepository;
  streamTokens: StreamTokens;
  audit: AuditReader;
  incidents: IncidentRegister;
  subprocessors: SubprocessorRegistry;
  lifecycle: Lifecycle;
  posture: PostureSources;
  /** Calls in progress in this process (GET /v1/calls/:id/live); absent on an API-only server. */
  live?: LiveFeed | undefined;
  /** The vault's keyed hash of a subject id: who placed a browser call (GET /v1/calls/:id/live). */
  vault: { subjects: SubjectRefs };
}

export type { AuditReader } from './audit-routes.js';

/**
 * The HTTPS API. Every /v1 route but sign-in needs a bearer token (session, API token or
 * OIDC JWT); a failed authentication is itself an audit entry. The OpenAPI document is
 * generated from the route schemas and served at /openapi.json.
 */
export async function registerApi(app: SottoApp, deps: ApiDeps): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: { title: 'Sotto API', version: packageVersion() },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config as { public?: boolean } | undefined;
    // The matched route, not the raw URL: `/%761/me` reaches /v1/me too (found in review).
    const route = request.routeOptions.url ?? request.url;
    if (!route.startsWith('/v1/') || config?.public) return;
    try {
      // The console's HttpOnly cookie stands in for the header; a change it authorizes must
      // come from our own origin (CSRF, docs/console.md).
      const credential = credentialOf(request);
      if (credential.via === 'cookie') requireSameOrigin(request);
      request.principal = await deps.identity.authenticate(credential.token);
    } catch (err) {
      const reason = isSottoError(err) ? err.code : 'INTERNAL';
      await deps.gateway.record(ANONYMOUS, 'session.authenticate', null, 'denied', reason, requestContext(request));
      throw err;
    }
  });
  registerIdentityRoutes(app, deps);
  registerCallsRoutes(app, deps);
  registerLiveRoutes(app, deps);
  registerStreamTokenRoutes(app, deps);
  registerAuditRoutes(app, deps);
  registerBreakGlassRoutes(app, deps);
  registerIncidentsRoutes(app, deps);
  registerPostureRoutes(app, deps);
  registerSubprocessorsRoutes(app, deps);
  registerLifecycleRoutes(app, deps);
  registerErasureRoutes(app, deps);
  registerSubjectExportRoutes(app, deps);
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
