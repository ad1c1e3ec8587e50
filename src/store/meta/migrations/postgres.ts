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
  // Data residency (issue 6 "Residency", docs/residency.md): each tenant is pinned to the region
  // whose blob store and key provider hold its data. A migration cannot read the configuration,
  // so rows that predate it get NULL ("not yet pinned"); the runtime pins them to the default
  // region (calls.region) when it opens (before this version there was one store and one key
  // provider: the default region's) and refuses any tenant still unpinned. Once set, a region
  // never changes in place: moving a tenant is a data migration, so the trigger refuses it.
  {
    version: 8,
    name: 'tenant_regions',
    sql: `
ALTER TABLE tenants ADD COLUMN region text CHECK (region ~ '^[a-z0-9][a-z0-9-]{0,62}$');
CREATE FUNCTION tenants_region_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.region IS NOT NULL AND NEW.region IS DISTINCT FROM OLD.region THEN
    RAISE EXCEPTION 'a tenant''s region never changes in place' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER tenants_region_fixed BEFORE UPDATE OF region ON tenants
  FOR EACH ROW EXECUTE FUNCTION tenants_region_fixed();
`,
  },
  // Tenant subprocessor policy (issue 6, docs/subprocessors.md): which outside providers a
  // tenant's calls may use. A missing row means the documented default. The policy is JSON
  // validated on every read; a row that does not validate refuses calls (fail closed).
  {
    version: 9,
    name: 'subprocessor_policies',
    sql: `
CREATE TABLE subprocessor_policies (
  tenant_id text NOT NULL PRIMARY KEY REFERENCES tenants (id),
  policy text NOT NULL,
  updated_at timestamptz NOT NULL
);
`,
  },
  // Incidents (issue 6 "Incidents"): the incident register, notifications marked sent per
  // regime and recipient, and the alert watcher's durable state (cursor over the audit log,
  // per-window counters, the outbox of alerts to deliver). Operator-written title and summary
  // live only here, never in the audit log; alert payloads hold ids and counts only.
  {
    version: 10,
    name: 'incidents',
    sql: `
CREATE TABLE incidents (
  id text NOT NULL PRIMARY KEY,
  -- NULL: deployment-wide (the local operator only)
  tenant_id text REFERENCES tenants (id),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  summary text CHECK (summary IS NULL OR length(summary) <= 4000),
  severity text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  status text NOT NULL CHECK (status IN ('open', 'contained', 'closed')),
  detected_at timestamptz NOT NULL,
  window_start timestamptz NOT NULL,
  window_end timestamptz,
  regimes text NOT NULL DEFAULT '',
  affected_individuals integer CHECK (affected_individuals IS NULL OR affected_individuals >= 0),
  high_risk integer NOT NULL DEFAULT 0 CHECK (high_risk IN (0, 1)),
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  updated_at timestamptz NOT NULL,
  closed_at timestamptz,
  CHECK (window_end IS NULL OR window_end >= window_start)
);
CREATE INDEX incidents_by_tenant ON incidents (tenant_id, detected_at);

CREATE TABLE incident_notifications (
  incident_id text NOT NULL REFERENCES incidents (id),
  regime text NOT NULL,
  recipient text NOT NULL,
  status text NOT NULL CHECK (status IN ('sent', 'not_required')),
  at timestamptz NOT NULL,
  by_principal text NOT NULL,
  PRIMARY KEY (incident_id, regime, recipient)
);

CREATE TABLE alert_cursor (
  name text NOT NULL PRIMARY KEY,
  next_index bigint NOT NULL CHECK (next_index >= 0)
);

CREATE TABLE alert_window_counts (
  rule text NOT NULL,
  subject text NOT NULL,
  bucket bigint NOT NULL,
  count bigint NOT NULL,
  PRIMARY KEY (rule, subject, bucket)
);

CREATE TABLE alert_outbox (
  id text NOT NULL PRIMARY KEY,
  rule text NOT NULL,
  payload text NOT NULL,
  created_at timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  delivered_at timestamptz,
  last_error text
);
CREATE INDEX alert_outbox_pending ON alert_outbox (next_attempt_at) WHERE delivered_at IS NULL;
`,
  },
  // Per-stream tokens (issue 5 "the secure call"): one-time, short-lived credentials a media
  // stream connects with, bound to a tenant (and optionally an agent). Stored only as the SHA-256
  // of the token; used_at is set by the one conditional UPDATE that admits a stream.
  {
    version: 11,
    name: 'stream_tokens',
    sql: `
CREATE TABLE stream_tokens (
  id text PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants (id),
  agent text,
  token_hash text NOT NULL UNIQUE,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  CHECK (expires_at > created_at)
);
CREATE INDEX stream_tokens_by_expiry ON stream_tokens (expires_at);
`,
  },
  // Returning callers (issue 6): an erased subject who calls again gets a fresh subject key, a
  // new generation of the same row; everything under the destroyed generation stays unreadable.
  {
    version: 12,
    name: 'subject_key_generations',
    sql: `
ALTER TABLE subject_keys ADD COLUMN generation integer NOT NULL DEFAULT 0 CHECK (generation >= 0);
`,
  },
  // The latest outcome of each operational check the posture report cites (`sotto posture`):
  // e.g. the last audit log verification. Short non-personal details only.
  {
    version: 13,
    name: 'operational_evidence',
    sql: `
CREATE TABLE operational_evidence (
  name text NOT NULL PRIMARY KEY,
  recorded_at timestamptz NOT NULL,
  ok integer NOT NULL CHECK (ok IN (0, 1)),
  detail text NOT NULL
);
`,
  },
  // Twilio signatures already accepted (issue 5): a captured signed upgrade verifies forever, so
  // each signature is accepted once, across every process sharing this store. SHA-256 only.
  {
    version: 14,
    name: 'media_signature_claims',
    sql: `
CREATE TABLE media_signature_claims (
  signature_hash text NOT NULL PRIMARY KEY,
  claimed_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  CHECK (expires_at > claimed_at)
);
CREATE INDEX media_signature_claims_by_expiry ON media_signature_claims (expires_at);
`,
  },
];
