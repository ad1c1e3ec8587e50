import type { MetadataStore } from './metadata-store.js';
import { openPostgresStore } from './postgres.js';
import { openSqliteStore } from './sqlite.js';

export type MetadataStoreConfig =
  | { kind: 'sqlite'; path: string }
  | { kind: 'postgres'; url: string; schema?: string };

/** Open the configured backend. The store is not migrated: call `migrate()` at startup. */
export async function openMetadataStore(config: MetadataStoreConfig): Promise<MetadataStore> {
  switch (config.kind) {
    case 'sqlite':
      return openSqliteStore({ path: config.path });
    case 'postgres':
      return openPostgresStore({ url: config.url, schema: config.schema });
  }
}
