export type {
  AuditStore,
  AuditStoreLocation,
  BatchSealer,
  OpenAuditStoreOptions,
  PendingEntry,
  SealedBatch,
  StoredAuditKey,
  StoredCheckpoint,
} from './audit-store.js';
export { ENTRY_FRAME_HEADER_BYTES, forEachEntryRow } from './entry-page.js';
export type { EntryRow } from './entry-page.js';
export { openAuditStore } from './open-audit-store.js';
