import type { AccessGateway, Principal } from '../../access/index.js';
import { ANONYMOUS, auditableId } from '../../access/index.js';
import type { IdentityService, LoginRateLimiter } from '../../access/identity/index.js';
import type { PolicyAuthorizer } from '../../access/policy/index.js';
import { isSottoError, SottoError } from '../../errors/index.js';
import { isTenantId } from '../../vault/index.js';
import type { SottoApp } from '../app.js';
import { clearSessionCookie, credentialOf, requireSameOrigin, setSessionCookie } from '../console-session.js';
import { principalOf, requestContext } from './request-context.js';
import { registerRolesRoutes } from './roles-routes.js';

export interface IdentityRouteDeps {
  gateway: AccessGateway;
  authorizer: PolicyAuthorizer;
  identity: IdentityService;
  loginLimiter: LoginRateLimiter;
}


/**
 * No one hands out more than they hold: every grant of the role being assigned (and whether it
 * needs break-glass) must be one the assigner already has. A ranking of roles is not enough —
 * an admin, kept away from content by the policy, could otherwise mint a compliance officer.
 */
function mayAssign(policy: PolicyAuthorizer, principal: Principal, role: string): boolean {
  if (principal.kind === 'operator') return true;
  const roles = policy.describe().roles;
  const target = roles.find((r) => r.role === role);
  if (!target) return true; // unknown roles are refused by identity with a clear error
  const held = new Map<string, boolean>(); // permission → held without break-glass
  for (const r of roles) {
    if (!principal.roles.includes(r.role)) continue;
    for (const g of r.grants) held.set(g.permission, (held.get(g.permission) ?? false) || g.requires === null);
  }
  return target.grants.every((g) => held.has(g.permission) && (g.requires !== null || held.get(g.permission) === true));
}

const loginBody = {
  type: 'object',
  required: ['tenant', 'email', 'password'],
  additionalProperties: false,
  properties: {
    tenant: { type: 'string', maxLength: 63 },
    email: { type: 'string', maxLength: 254 },
    password: { type: 'string', maxLength: 1024 },
    totp: { type: 'string', pattern: '^[0-9]{6}$' },
    // The console asks for an HttpOnly cookie instead of a token it would have to keep in JS.
    cookie: { type: 'boolean' },
  },
} as const;

export function registerIdentityRoutes(app: SottoApp, deps: IdentityRouteDeps): void {
  registerRolesRoutes(app, deps);
  app.post(
    '/v1/sessions',
    {
      config: { public: true },
      // security: [] tells OpenAPI clients that signing in needs no bearer token.
      schema: { tags: ['sessions'], summary: 'Sign in with password and TOTP; returns a session token once', security: [], body: loginBody },
    },
    async (request, reply) => {
      const body = request.body as { tenant: string; email: string; password: string; totp?: string; cookie?: boolean };
      const ctx = requestContext(request);
      const attempt = { tenantId: body.tenant, email: body.email, source: request.ip };
      // The email is personal data: the audit entry names the tenant, never the address — and
      // the tenant only if it looks like a tenant id (people type their email there too).
      const resource = { type: 'user' as const, id: null, tenantId: isTenantId(body.tenant) ? body.tenant : null };
      try {
        // Login CSRF: a cookie session is set only for the console's own pages.
        if (body.cookie === true) requireSameOrigin(request);
        const result = await deps.loginLimiter.guard(attempt, () =>
          deps.identity.login({ tenantId: body.tenant, email: body.email, password: body.password, ...(body.totp ? { totp: body.totp } : {}) }),
        );
        await deps.gateway.record(result.principal, 'session.login', { ...resource, id: result.principal.id }, 'allowed', 'password and second factor', ctx);
        if (body.cookie === true) {
          // The token goes only into the HttpOnly cookie: no script on the page ever sees it.
          setSessionCookie(reply, result.sessionToken, result.expiresAt);
          return reply.code(201).send({ expiresAt: result.expiresAt, cookie: true });
        }
        return reply.code(201).send({ token: result.sessionToken, expiresAt: result.expiresAt });
      } catch (err) {
        const code = isSottoError(err) ? err.code : 'INTERNAL';
        await deps.gateway.record(ANONYMOUS, 'session.login', resource, 'denied', code, ctx);
        throw err;
      }
    },
  );

  app.delete('/v1/sessions/current', { schema: { tags: ['sessions'], summary: 'Sign out this session' } }, async (request, reply) => {
    const principal = principalOf(request);
    // An API token is not a session: USAGE, as for DELETE /v1/sessions, not a misleading 401.
    if (principal.kind !== 'user') throw new SottoError('USAGE', 'only people have sessions');
    await deps.identity.sessions.logout(credentialOf(request).token);
    clearSessionCookie(reply);
    await deps.gateway.record(principal, 'session.logout', { type: 'user', id: principal.id, tenantId: principal.tenantId ?? null }, 'allowed', 'signed out', requestContext(request));
    return reply.code(204).send();
  });

  app.delete('/v1/sessions', { schema: { tags: ['sessions'], summary: 'Sign out everywhere: revoke all of this user’s sessions' } }, async (request, reply) => {
    const principal = principalOf(request);
    if (principal.kind !== 'user') throw new SottoError('USAGE', 'only people have sessions');
    const revoked = await deps.identity.sessions.logoutEverywhere(principal.id);
    clearSessionCookie(reply);
    await deps.gateway.record(principal, 'session.logout_all', { type: 'user', id: principal.id, tenantId: principal.tenantId ?? null }, 'allowed', `revoked ${revoked}`, requestContext(request));
    return reply.code(204).send();
  });

  app.get('/v1/me', { schema: { tags: ['sessions'], summary: 'Who am I' } }, async (request) => {
    const p = principalOf(request);
    // What the roles grant without break-glass, so the console shows only what may be done
    // (the server refuses the rest whatever a client sends).
    const permissions = new Set<string>();
    const breakGlass = new Set<string>();
    for (const r of deps.authorizer.describe().roles) {
      if (p.roles.includes(r.role)) for (const g of r.grants) (g.requires === null ? permissions : breakGlass).add(g.permission);
    }
    // What a break-glass grant could add (the console offers "View unredacted" only then); a
    // service can never break glass, so it is told none.
    const breakGlassPermissions = p.kind === 'service' ? [] : [...breakGlass].filter((x) => !permissions.has(x)).sort();
    return { id: p.id, kind: p.kind, tenantId: p.tenantId ?? null, roles: p.roles, permissions: [...permissions].sort(), breakGlassPermissions };
  });

  app.get('/v1/users', { schema: { tags: ['users'], summary: 'Users of this tenant' } }, async (request) => {
    const principal = principalOf(request);
    const tenantId = tenantRequired(principal);
    await deps.gateway.require(principal, 'users.manage', { type: 'tenant', id: tenantId, tenantId }, requestContext(request));
    return { users: await deps.identity.users.list(tenantId) };
  });

  app.post(
    '/v1/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Create a user; a generated password and the TOTP enrolment URI are returned once',
        body: {
          type: 'object',
          required: ['email', 'role'],
          additionalProperties: false,
          properties: { email: { type: 'string', maxLength: 254 }, role: { type: 'string', maxLength: 40 }, password: { type: 'string', maxLength: 1024 } },
        },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const tenantId = tenantRequired(principal);
      const body = request.body as { email: string; role: string; password?: string };
      const ctx = requestContext(request);
      await deps.gateway.require(principal, 'users.manage', { type: 'tenant', id: tenantId, tenantId }, ctx);
      if (!mayAssign(deps.authorizer, principal, body.role)) {
        await deps.gateway.record(principal, 'user.create', { type: 'user', id: null, tenantId }, 'denied', 'role above own', ctx);
        throw new SottoError('ACCESS_DENIED', 'cannot assign a role above your own');
      }
      const created = await deps.identity.createUser({ tenantId, email: body.email, role: body.role, ...(body.password ? { password: body.password } : {}) });
      await deps.gateway.record(principal, 'user.create', { type: 'user', id: created.user.id, tenantId }, 'allowed', `role ${created.user.role}`, ctx);
      return reply.code(201).send(created);
    },
  );

  app.post(
    '/v1/tokens',
    {
      schema: {
        tags: ['users'],
        summary: 'Create an API token for a service; the token is returned once',
        body: {
          type: 'object',
          required: ['role'],
          additionalProperties: false,
          properties: { role: { type: 'string', maxLength: 40 }, name: { type: 'string', maxLength: 100 }, ttlDays: { type: 'integer', minimum: 1, maximum: 3650 } },
        },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const tenantId = tenantRequired(principal);
      const body = request.body as { role: string; name?: string; ttlDays?: number };
      const ctx = requestContext(request);
      await deps.gateway.require(principal, 'users.manage', { type: 'tenant', id: tenantId, tenantId }, ctx);
      if (!mayAssign(deps.authorizer, principal, body.role)) {
        await deps.gateway.record(principal, 'api_token.create', { type: 'api_token', id: null, tenantId }, 'denied', 'role above own', ctx);
        throw new SottoError('ACCESS_DENIED', 'cannot assign a role above your own');
      }
      const created = await deps.identity.apiTokens.create({
        tenantId,
        role: body.role,
        ...(body.name ? { name: body.name } : {}),
        ...(body.ttlDays ? { ttlMs: body.ttlDays * 86_400_000 } : {}),
      });
      await deps.gateway.record(principal, 'api_token.create', { type: 'api_token', id: created.id, tenantId }, 'allowed', `role ${created.role}`, ctx);
      return reply.code(201).send(created);
    },
  );

  app.delete(
    '/v1/tokens/:id',
    { schema: { tags: ['users'], summary: 'Revoke an API token', params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100 } } } } },
    async (request, reply) => {
      const principal = principalOf(request);
      const tenantId = tenantRequired(principal);
      const raw = (request.params as { id: string }).id;
      // User-supplied: only an id-shaped value goes into the audit entry.
      const id = auditableId(raw);
      const ctx = requestContext(request);
      await deps.gateway.require(principal, 'users.manage', { type: 'api_token', id, tenantId }, ctx);
      await deps.identity.apiTokens.revoke(tenantId, id);
      await deps.gateway.record(principal, 'api_token.revoke', { type: 'api_token', id, tenantId }, 'allowed', 'revoked', ctx);
      return reply.code(204).send();
    },
  );
}

function tenantRequired(principal: Principal): string {
  if (principal.tenantId === undefined) throw new SottoError('USAGE', 'this request needs a tenant principal');
  return principal.tenantId;
}
