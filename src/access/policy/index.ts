export { compilePolicy, loadPolicy, DEFAULT_POLICY_PATH } from './load.js';
export { BREAK_GLASS_ONLY } from './schema.js';
export type { Condition, GrantDescription, PolicyAuthorizer, PolicyDescription, RoleDescription } from './request.js';
