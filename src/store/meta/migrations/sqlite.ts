import type { Migration } from './migration.js';

/** `schema_migrations` itself is created outside the versioned list: it records the list. */
export const SQLITE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER NOT NULL PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL
) STRICT`;

// STRICT tables reject a value of the wrong type instead of silently storing it.
// Timestamps are ISO-8601 UTC text at millisecond precision, so text order is time order.
export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'vault',
    sql: `
CREATE TABLE tenants (
  id TEXT NOT NULL PRIMARY KEY,
  created_at TEXT NOT NULL,
  -- the tenant's pseudonym key, wrapped by the tenant KEK
  provider TEXT NOT NULL,
  key_id TEXT NOT NULL,
  key_version INTEGER NOT NULL,
  ciphertext BLOB NOT NULL
) STRICT;

CREATE TABLE subject_keys (
  tenant_id TEXT NOT NULL REFERENCES tenants (id),
  subject_ref TEXT NOT NULL,
  provider TEXT,
  key_id TEXT,
  key_version INTEGER,
  ciphertext BLOB,
  created_at TEXT NOT NULL,
  destroyed_at TEXT,
  PRIMARY KEY (tenant_id, subject_ref),
  -- live (every wrapped column set) or a tombstone (none set): never half-erased
  CHECK (
    (destroyed_at IS NULL AND provider IS NOT NULL AND key_id IS NOT NULL
      AND key_version IS NOT NULL AND ciphertext IS NOT NULL)
    OR (destroyed_at IS NOT NULL AND provider IS NULL AND key_id IS NULL
      AND key_version IS NULL AND ciphertext IS NULL)
  )
) STRICT;
CREATE INDEX subject_keys_by_kek_version ON subject_keys (tenant_id, key_version);

CREATE TABLE artifacts (
  id TEXT NOT NULL PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  subject_ref TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('recording', 'transcript', 'export')),
  blob_key TEXT NOT NULL UNIQUE,
  wrapped_data_key BLOB NOT NULL,
  plaintext_size INTEGER NOT NULL CHECK (plaintext_size >= 0),
  ciphertext_size INTEGER NOT NULL CHECK (ciphertext_size >= 0),
  created_at TEXT NOT NULL,
  deleted_at TEXT,
  -- an artifact's data key is wrapped by this subject key; the tombstone outlives erasure
  FOREIGN KEY (tenant_id, subject_ref) REFERENCES subject_keys (tenant_id, subject_ref)
) STRICT;
CREATE INDEX artifacts_by_subject ON artifacts (tenant_id, subject_ref);
`,
  },
];
