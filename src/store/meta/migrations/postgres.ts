import type { Migration } from './migration.js';

/** `schema_migrations` itself is created outside the versioned list: it records the list. */
export const POSTGRES_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

// Sizes are bigint: a recording can exceed the 2 GiB of a 32-bit integer.
export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'vault',
    sql: `
CREATE TABLE tenants (
  id text PRIMARY KEY,
  created_at timestamptz NOT NULL,
  -- the tenant's pseudonym key, wrapped by the tenant KEK
  provider text NOT NULL,
  key_id text NOT NULL,
  key_version integer NOT NULL,
  ciphertext bytea NOT NULL
);

CREATE TABLE subject_keys (
  tenant_id text NOT NULL REFERENCES tenants (id),
  subject_ref text NOT NULL,
  provider text,
  key_id text,
  key_version integer,
  ciphertext bytea,
  created_at timestamptz NOT NULL,
  destroyed_at timestamptz,
  PRIMARY KEY (tenant_id, subject_ref),
  -- live (every wrapped column set) or a tombstone (none set): never half-erased
  CHECK (
    (destroyed_at IS NULL AND provider IS NOT NULL AND key_id IS NOT NULL
      AND key_version IS NOT NULL AND ciphertext IS NOT NULL)
    OR (destroyed_at IS NOT NULL AND provider IS NULL AND key_id IS NULL
      AND key_version IS NULL AND ciphertext IS NULL)
  )
);
CREATE INDEX subject_keys_by_kek_version ON subject_keys (tenant_id, key_version);

CREATE TABLE artifacts (
  id text PRIMARY KEY,
  tenant_id text NOT NULL,
  subject_ref text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('recording', 'transcript', 'export')),
  blob_key text NOT NULL UNIQUE,
  wrapped_data_key bytea NOT NULL,
  plaintext_size bigint NOT NULL CHECK (plaintext_size >= 0),
  ciphertext_size bigint NOT NULL CHECK (ciphertext_size >= 0),
  created_at timestamptz NOT NULL,
  deleted_at timestamptz,
  -- an artifact's data key is wrapped by this subject key; the tombstone outlives erasure
  FOREIGN KEY (tenant_id, subject_ref) REFERENCES subject_keys (tenant_id, subject_ref)
);
CREATE INDEX artifacts_by_subject ON artifacts (tenant_id, subject_ref);
`,
  },
];
