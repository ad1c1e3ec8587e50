export { postureReport, renderPosture } from './report.js';
export { recordEvidence, verifyAuditLog } from './evidence.js';
export { postureSources } from './sources.js';
export type { PostureSources } from './sources.js';
export type { PostureItem, PostureItemId, PostureReport, PostureStatus } from './types.js';
