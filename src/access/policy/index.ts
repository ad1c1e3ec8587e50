export { compilePolicy, loadPolicy, DEFAULT_POLICY_PATH } from './load.js';
export { BREAK_GLASS_ONLY } from './schema.js';
export type {
  AccessContext,
  AccessRequest,
  AccessResource,
  Authorizer,
  BreakGlassEvidence,
  Condition,
  Decision,
  GrantDescription,
  PolicyDescription,
  RoleDescription,
} from './request.js';
