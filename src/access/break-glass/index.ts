export { BreakGlass, DEFAULT_BREAK_GLASS_SETTINGS, REASON_MAX_CHARS, REASON_MIN_CHARS, toRef } from './break-glass.js';
export type { BreakGlassDeps, BreakGlassRequest, BreakGlassSettings } from './break-glass.js';
export type { BreakGlassGrant, BreakGlassGrantRepository } from './grant.js';
export { SqlBreakGlassGrantRepository } from './sql-grant-repository.js';
