export { ARTIFACT_KINDS } from './metadata-store.js';
export type {
  ArtifactKind,
  ArtifactRecord,
  ArtifactRepository,
  MetadataStore,
  SubjectKeyRecord,
  SubjectKeyRepository,
  TenantRecord,
  TenantRepository,
} from './metadata-store.js';
export { openMetadataStore } from './open-metadata-store.js';
export type { MetadataStoreConfig } from './open-metadata-store.js';
export { openSqliteStore } from './sqlite.js';
export type { SqliteMetadataStore, SqliteStoreOptions } from './sqlite.js';
export { openPostgresStore } from './postgres.js';
export type { PostgresMetadataStore, PostgresStoreOptions } from './postgres.js';
export type { SqlClient, SqlValue } from './sql-client.js';
