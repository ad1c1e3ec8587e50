import type { AuditStore, AuditStoreLocation, OpenAuditStoreOptions } from './audit-store.js';
import { openPostgresAuditStore } from './postgres-audit-store.js';
import { openSqliteAuditStore } from './sqlite-audit-store.js';

/** Open the audit tables of a metadata store (migrating it first unless told not to). */
export async function openAuditStore(location: AuditStoreLocation, options: OpenAuditStoreOptions = {}): Promise<AuditStore> {
  if (location.store === 'sqlite') return openSqliteAuditStore(location.path, options);
  return openPostgresAuditStore({ ...options, url: location.url, ...(location.schema === undefined ? {} : { schema: location.schema }) });
}
