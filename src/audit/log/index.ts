export { DEFAULT_AUDIT_ORIGIN, openAuditLog } from './open-audit-log.js';
export type { AuditLogLocation, AuditLogOptions } from './open-audit-log.js';
export { MAX_ENTRIES_PAGE, MerkleAuditLog } from './merkle-audit-log.js';
export { AuditVerifyError } from './verify-error.js';
export type { VerifyFailure, VerifyFailureKind, VerifyReport } from './verify-error.js';
export { entryMac } from './entry-mac.js';
export { AUDIT_KEK_ID } from './log-keys.js';
