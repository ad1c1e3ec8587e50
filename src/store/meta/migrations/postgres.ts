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
  {
    version: 2,
    name: 'audit',
    sql: `
-- The tamper-evident audit log (src/audit, issue 3). Insert-only: entries, the Merkle tree
-- state after each committed batch (so any process can continue appending), signed
-- checkpoints, and the log's wrapped MAC and checkpoint-signing keys. mac is
-- HMAC-SHA256(mac key, u64 idx ‖ leaf_hash): it names the exact entry an edit touched.
--
-- Deployment (docs/audit-log.md): run migrations as the schema owner, and the application as
-- a role that may only read and append here, e.g.
--   CREATE ROLE sotto_app LOGIN PASSWORD '…';
--   GRANT USAGE ON SCHEMA sotto TO sotto_app;
--   GRANT SELECT, INSERT ON audit_entries, audit_tree_states, audit_checkpoints, audit_keys TO sotto_app;
-- The owner (and superusers) can still disable the triggers below: the owner's credentials
-- belong with the auditors, not on the application host.
CREATE TABLE audit_entries (
  idx bigint PRIMARY KEY CHECK (idx >= 0),
  leaf_hash bytea NOT NULL,
  entry bytea NOT NULL,
  mac bytea NOT NULL
);

CREATE TABLE audit_tree_states (
  size bigint PRIMARY KEY CHECK (size >= 0),
  frontier bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE audit_checkpoints (
  size bigint PRIMARY KEY CHECK (size >= 0),
  note text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE audit_keys (
  purpose text PRIMARY KEY,
  provider text NOT NULL,
  key_id text NOT NULL,
  key_version integer NOT NULL,
  ciphertext bytea NOT NULL,
  public_key bytea,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Second line of defence behind the grants: even a role that holds UPDATE, DELETE or TRUNCATE
-- (the owner, a superuser) is refused unless it first disables the trigger.
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'audit log tables are insert-only: % on % refused', TG_OP, TG_TABLE_NAME;
END
$fn$;
CREATE TRIGGER audit_entries_insert_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_entries
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_tree_states_insert_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_tree_states
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoints_insert_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_keys_insert_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_keys
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

REVOKE UPDATE, DELETE, TRUNCATE ON audit_entries, audit_tree_states, audit_checkpoints, audit_keys FROM PUBLIC;
`,
  },
  {
    version: 3,
    name: 'identity',
    sql: `
-- People (issue 3). email is lower-cased by the application; password_hash is a PHC argon2id
-- string; the TOTP secret is wrapped by the tenant KEK like a subject key, never plaintext.
CREATE TABLE users (
  id text PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants (id),
  email text NOT NULL,
  role text NOT NULL,
  password_hash text NOT NULL,
  totp_provider text,
  totp_key_id text,
  totp_key_version integer,
  totp_secret bytea,
  totp_enabled boolean NOT NULL,
  -- the last accepted TOTP time step: a code is never accepted twice (RFC 6238 §5.2)
  totp_last_step bigint,
  created_at timestamptz NOT NULL,
  disabled_at timestamptz,
  UNIQUE (tenant_id, email),
  -- lets sessions reference (user, tenant) together, so a session cannot name another tenant
  UNIQUE (id, tenant_id),
  CHECK (
    (totp_provider IS NULL AND totp_key_id IS NULL AND totp_key_version IS NULL AND totp_secret IS NULL)
    OR (totp_provider IS NOT NULL AND totp_key_id IS NOT NULL AND totp_key_version IS NOT NULL AND totp_secret IS NOT NULL)
  ),
  CHECK (NOT totp_enabled OR totp_secret IS NOT NULL)
);

-- Session and API tokens are stored only as SHA-256 hashes (hex) and found by that hash.
CREATE TABLE sessions (
  id text PRIMARY KEY,
  user_id text NOT NULL,
  tenant_id text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  revoked_at timestamptz,
  FOREIGN KEY (user_id, tenant_id) REFERENCES users (id, tenant_id)
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE api_tokens (
  id text PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants (id),
  role text NOT NULL,
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX api_tokens_by_tenant ON api_tokens (tenant_id);
`,
  },
  {
    version: 4,
    name: 'break_glass',
    sql: `
-- Break-glass grants (issue 3). reason is free text that may hold personal data, so it lives
-- only here (erasable), never in the audit log, which carries the grant id. No FK to users:
-- the local operator (no users row) can break glass too.
CREATE TABLE break_glass_grants (
  id text PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants (id),
  principal_id text NOT NULL,
  permission text NOT NULL,
  resource_id text,
  reason text NOT NULL CHECK (length(reason) BETWEEN 10 AND 1000),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  CHECK (expires_at > created_at)
);
CREATE INDEX break_glass_grants_by_holder ON break_glass_grants (tenant_id, principal_id, permission, expires_at);
`,
  },
  // Call records (issue 3 API, filled by the call pipeline of issue 5).
  {
    version: 5,
    name: 'calls',
    sql: `
CREATE TABLE calls (
  id TEXT NOT NULL PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants (id),
  subject_ref TEXT NOT NULL,
  agent TEXT NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('phone', 'webrtc', 'simulated')),
  status TEXT NOT NULL CHECK (status IN ('active', 'completed', 'failed')),
  failure_reason TEXT,
  started_at TIMESTAMPTZ NOT NULL,
  ended_at TIMESTAMPTZ,
  recording_artifact_id TEXT REFERENCES artifacts (id),
  transcript_artifact_id TEXT REFERENCES artifacts (id),
  unredacted_transcript_artifact_id TEXT REFERENCES artifacts (id),
  entity_types TEXT NOT NULL DEFAULT ''
);
CREATE INDEX calls_by_tenant_time ON calls (tenant_id, started_at DESC, id DESC);
CREATE INDEX calls_by_subject ON calls (tenant_id, subject_ref);
`,
  },
  // What a finished call processed, without content (issue 5): entity counts by type, the
  // providers that handled its audio or text, the region it ran in, and the agent's outcome.
  {
    version: 6,
    name: 'call_processing',
    sql: `
ALTER TABLE calls ADD COLUMN entity_counts TEXT NOT NULL DEFAULT '{}';
ALTER TABLE calls ADD COLUMN subprocessors TEXT NOT NULL DEFAULT '';
ALTER TABLE calls ADD COLUMN region TEXT NOT NULL DEFAULT 'local';
ALTER TABLE calls ADD COLUMN outcome TEXT;
`,
  },
  // Data lifecycle (issue 6): retention per tenant and data class, legal holds, the deletion
  // ledger (tombstones of deleted artifacts and call records), subject erasure requests, and
  // the wrapped key that signs deletion certificates. No personal data: subjects appear only
  // as keyed hashes; a hold's note (free text) lives only here, never in the audit log.
  {
    version: 7,
    name: 'lifecycle',
    sql: `
-- A missing row means the documented default (docs/lifecycle.md).
CREATE TABLE retention_policies (
  tenant_id text NOT NULL REFERENCES tenants (id),
  data_class text NOT NULL CHECK (data_class IN ('recording', 'transcript', 'call_record', 'export')),
  days integer NOT NULL CHECK (days BETWEEN 1 AND 36500),
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, data_class)
);

-- target: NULL for a whole tenant, the subject's keyed hash, or a call id.
CREATE TABLE legal_holds (
  id text NOT NULL PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants (id),
  scope text NOT NULL CHECK (scope IN ('tenant', 'subject', 'call')),
  target text,
  note text CHECK (note IS NULL OR length(note) <= 500),
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  released_at timestamptz,
  released_by text,
  CHECK ((scope = 'tenant') = (target IS NULL))
);
CREATE INDEX legal_holds_active ON legal_holds (tenant_id, scope, target) WHERE released_at IS NULL;

-- One row per deleted artifact or call record: claimed (the item is already unreadable or
-- gone), then completed once its blob is removed and its deletion audited. A claim whose
-- lease ran out (its process died) is taken over by the next sweep or erasure run.
CREATE TABLE deletions (
  item_type text NOT NULL CHECK (item_type IN ('artifact', 'call')),
  item_id text NOT NULL,
  tenant_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('recording', 'transcript', 'export', 'call_record')),
  blob_key text,
  cause text NOT NULL CHECK (cause IN ('retention', 'erasure')),
  erasure_id text,
  deleted_at timestamptz NOT NULL,
  lease_owner text,
  lease_until timestamptz,
  completed_at timestamptz,
  audit_index bigint,
  PRIMARY KEY (item_type, item_id),
  CHECK ((cause = 'erasure') = (erasure_id IS NOT NULL)),
  CHECK (completed_at IS NULL OR audit_index IS NOT NULL)
);
CREATE INDEX deletions_pending ON deletions (lease_until) WHERE completed_at IS NULL;
CREATE INDEX deletions_by_owner ON deletions (lease_owner) WHERE completed_at IS NULL;
CREATE INDEX deletions_by_erasure ON deletions (erasure_id) WHERE erasure_id IS NOT NULL;

-- A subject's erasure, resumable: at most one open request per subject.
CREATE TABLE erasure_requests (
  id text NOT NULL PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants (id),
  subject_ref text NOT NULL,
  requested_at timestamptz NOT NULL,
  requested_by text NOT NULL,
  request_audit_index bigint NOT NULL,
  key_destroyed_at timestamptz,
  key_audit_index bigint,
  -- the key-encryption key version that wrapped the destroyed subject key (ids, no key bytes)
  destroyed_key_provider text,
  destroyed_key_id text,
  destroyed_key_version integer,
  completed_at timestamptz,
  completed_audit_index bigint,
  certificate text
);
CREATE UNIQUE INDEX erasure_requests_open ON erasure_requests (tenant_id, subject_ref) WHERE completed_at IS NULL;
CREATE INDEX erasure_requests_by_subject ON erasure_requests (tenant_id, subject_ref, requested_at);

-- The deletion-certificate signing key, wrapped by the key provider (key id 'lifecycle').
CREATE TABLE lifecycle_keys (
  purpose text NOT NULL PRIMARY KEY,
  provider text NOT NULL,
  key_id text NOT NULL,
  key_version integer NOT NULL,
  ciphertext bytea NOT NULL,
  public_key bytea NOT NULL,
  created_at timestamptz NOT NULL
);

-- The sweep looks for live artifacts of one tenant and kind, oldest first.
CREATE INDEX artifacts_live_by_age ON artifacts (tenant_id, kind, created_at) WHERE deleted_at IS NULL;
`,
  },
];
