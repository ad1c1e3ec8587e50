export { ANONYMOUS, AccessGateway, auditableId } from './gateway.js';
export type { ArtifactRead, AuditResource, ByteRangeRequest, GatewayDeps } from './gateway.js';
export { CLI_CONTEXT } from './decision.js';
export type { AuthorizationRequest, Authorizer, BreakGlassGrantRef, BreakGlassLookup, Decision, RequestContext, ResourceRef } from './decision.js';
export { PERMISSIONS, ROLES } from './permissions.js';
export type { Permission, Role } from './permissions.js';
export { LOCAL_OPERATOR, RETENTION_SWEEPER } from './principal.js';
export type { Principal } from './principal.js';
