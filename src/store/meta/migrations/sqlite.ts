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
  {
    version: 2,
    name: 'audit',
    sql: `
-- The tamper-evident audit log (src/audit, issue 3). Insert-only: entries, the Merkle tree
-- state after each committed batch (so any process can continue appending), signed
-- checkpoints, and the log's wrapped MAC and checkpoint-signing keys. mac is
-- HMAC-SHA256(mac key, u64 idx ‖ leaf_hash): it names the exact entry an edit touched.
CREATE TABLE audit_entries (
  idx INTEGER NOT NULL PRIMARY KEY CHECK (idx >= 0),
  leaf_hash BLOB NOT NULL,
  entry BLOB NOT NULL,
  mac BLOB NOT NULL
) STRICT;

CREATE TABLE audit_tree_states (
  size INTEGER NOT NULL PRIMARY KEY CHECK (size >= 0),
  frontier BLOB NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE audit_checkpoints (
  size INTEGER NOT NULL PRIMARY KEY CHECK (size >= 0),
  note TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE audit_keys (
  purpose TEXT NOT NULL PRIMARY KEY,
  provider TEXT NOT NULL,
  key_id TEXT NOT NULL,
  key_version INTEGER NOT NULL,
  ciphertext BLOB NOT NULL,
  public_key BLOB,
  created_at TEXT NOT NULL
) STRICT;

-- Anyone who can write the file can drop these; they stop mistakes, verification stops attacks.
CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries BEGIN SELECT RAISE(ABORT, 'audit_entries is insert-only'); END;
CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries BEGIN SELECT RAISE(ABORT, 'audit_entries is insert-only'); END;
CREATE TRIGGER audit_tree_states_no_update BEFORE UPDATE ON audit_tree_states BEGIN SELECT RAISE(ABORT, 'audit_tree_states is insert-only'); END;
CREATE TRIGGER audit_tree_states_no_delete BEFORE DELETE ON audit_tree_states BEGIN SELECT RAISE(ABORT, 'audit_tree_states is insert-only'); END;
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is insert-only'); END;
CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is insert-only'); END;
CREATE TRIGGER audit_keys_no_update BEFORE UPDATE ON audit_keys BEGIN SELECT RAISE(ABORT, 'audit_keys is insert-only'); END;
CREATE TRIGGER audit_keys_no_delete BEFORE DELETE ON audit_keys BEGIN SELECT RAISE(ABORT, 'audit_keys is insert-only'); END;
`,
  },
  {
    version: 3,
    name: 'identity',
    sql: `
-- People (issue 3). email is lower-cased by the application; password_hash is a PHC argon2id
-- string; the TOTP secret is wrapped by the tenant KEK like a subject key, never plaintext.
CREATE TABLE users (
  id TEXT NOT NULL PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants (id),
  email TEXT NOT NULL,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  totp_provider TEXT,
  totp_key_id TEXT,
  totp_key_version INTEGER,
  totp_secret BLOB,
  totp_enabled INTEGER NOT NULL CHECK (totp_enabled IN (0, 1)),
  -- the last accepted TOTP time step: a code is never accepted twice (RFC 6238 §5.2)
  totp_last_step INTEGER,
  created_at TEXT NOT NULL,
  disabled_at TEXT,
  UNIQUE (tenant_id, email),
  -- lets sessions reference (user, tenant) together, so a session cannot name another tenant
  UNIQUE (id, tenant_id),
  CHECK (
    (totp_provider IS NULL AND totp_key_id IS NULL AND totp_key_version IS NULL AND totp_secret IS NULL)
    OR (totp_provider IS NOT NULL AND totp_key_id IS NOT NULL AND totp_key_version IS NOT NULL AND totp_secret IS NOT NULL)
  ),
  CHECK (totp_enabled = 0 OR totp_secret IS NOT NULL)
) STRICT;

-- Session and API tokens are stored only as SHA-256 hashes (hex) and found by that hash.
CREATE TABLE sessions (
  id TEXT NOT NULL PRIMARY KEY,
  user_id TEXT NOT NULL,
  tenant_id TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  revoked_at TEXT,
  FOREIGN KEY (user_id, tenant_id) REFERENCES users (id, tenant_id)
) STRICT;
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE api_tokens (
  id TEXT NOT NULL PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants (id),
  role TEXT NOT NULL,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  expires_at TEXT,
  revoked_at TEXT
) STRICT;
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
  id TEXT NOT NULL PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants (id),
  principal_id TEXT NOT NULL,
  permission TEXT NOT NULL,
  resource_id TEXT,
  reason TEXT NOT NULL CHECK (length(reason) BETWEEN 10 AND 1000),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT,
  CHECK (expires_at > created_at)
) STRICT;
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
  started_at TEXT NOT NULL,
  ended_at TEXT,
  recording_artifact_id TEXT REFERENCES artifacts (id),
  transcript_artifact_id TEXT REFERENCES artifacts (id),
  unredacted_transcript_artifact_id TEXT REFERENCES artifacts (id),
  entity_types TEXT NOT NULL DEFAULT ''
) STRICT;
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
  tenant_id TEXT NOT NULL REFERENCES tenants (id),
  data_class TEXT NOT NULL CHECK (data_class IN ('recording', 'transcript', 'call_record', 'export')),
  days INTEGER NOT NULL CHECK (days BETWEEN 1 AND 36500),
  updated_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, data_class)
) STRICT;

-- target: NULL for a whole tenant, the subject's keyed hash, or a call id.
CREATE TABLE legal_holds (
  id TEXT NOT NULL PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants (id),
  scope TEXT NOT NULL CHECK (scope IN ('tenant', 'subject', 'call')),
  target TEXT,
  note TEXT CHECK (note IS NULL OR length(note) <= 500),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  released_at TEXT,
  released_by TEXT,
  CHECK ((scope = 'tenant') = (target IS NULL))
) STRICT;
CREATE INDEX legal_holds_active ON legal_holds (tenant_id, scope, target) WHERE released_at IS NULL;

-- One row per deleted artifact or call record: claimed (the item is already unreadable or
-- gone), then completed once its blob is removed and its deletion audited. A claim whose
-- lease ran out (its process died) is taken over by the next sweep or erasure run.
CREATE TABLE deletions (
  item_type TEXT NOT NULL CHECK (item_type IN ('artifact', 'call')),
  item_id TEXT NOT NULL,
  tenant_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('recording', 'transcript', 'export', 'call_record')),
  blob_key TEXT,
  cause TEXT NOT NULL CHECK (cause IN ('retention', 'erasure')),
  erasure_id TEXT,
  deleted_at TEXT NOT NULL,
  lease_owner TEXT,
  lease_until TEXT,
  completed_at TEXT,
  audit_index INTEGER,
  PRIMARY KEY (item_type, item_id),
  CHECK ((cause = 'erasure') = (erasure_id IS NOT NULL)),
  CHECK (completed_at IS NULL OR audit_index IS NOT NULL)
) STRICT;
CREATE INDEX deletions_pending ON deletions (lease_until) WHERE completed_at IS NULL;
CREATE INDEX deletions_by_owner ON deletions (lease_owner) WHERE completed_at IS NULL;
CREATE INDEX deletions_by_erasure ON deletions (erasure_id) WHERE erasure_id IS NOT NULL;

-- A subject's erasure, resumable: at most one open request per subject.
CREATE TABLE erasure_requests (
  id TEXT NOT NULL PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants (id),
  subject_ref TEXT NOT NULL,
  requested_at TEXT NOT NULL,
  requested_by TEXT NOT NULL,
  request_audit_index INTEGER NOT NULL,
  key_destroyed_at TEXT,
  key_audit_index INTEGER,
  -- the key-encryption key version that wrapped the destroyed subject key (ids, no key bytes)
  destroyed_key_provider TEXT,
  destroyed_key_id TEXT,
  destroyed_key_version INTEGER,
  completed_at TEXT,
  completed_audit_index INTEGER,
  certificate TEXT
) STRICT;
CREATE UNIQUE INDEX erasure_requests_open ON erasure_requests (tenant_id, subject_ref) WHERE completed_at IS NULL;
CREATE INDEX erasure_requests_by_subject ON erasure_requests (tenant_id, subject_ref, requested_at);

-- The deletion-certificate signing key, wrapped by the key provider (key id 'lifecycle').
CREATE TABLE lifecycle_keys (
  purpose TEXT NOT NULL PRIMARY KEY,
  provider TEXT NOT NULL,
  key_id TEXT NOT NULL,
  key_version INTEGER NOT NULL,
  ciphertext BLOB NOT NULL,
  public_key BLOB NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

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
ALTER TABLE tenants ADD COLUMN region TEXT
  CHECK (region IS NULL OR (length(region) BETWEEN 1 AND 63 AND region NOT GLOB '*[^a-z0-9-]*' AND region NOT GLOB '-*'));
CREATE TRIGGER tenants_region_fixed BEFORE UPDATE OF region ON tenants
WHEN OLD.region IS NOT NULL AND NEW.region IS NOT OLD.region
BEGIN
  SELECT RAISE(ABORT, 'a tenant''s region never changes in place');
END;
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
  tenant_id TEXT NOT NULL PRIMARY KEY REFERENCES tenants (id),
  policy TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
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
  id TEXT NOT NULL PRIMARY KEY,
  -- NULL: deployment-wide (the local operator only)
  tenant_id TEXT REFERENCES tenants (id),
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  summary TEXT CHECK (summary IS NULL OR length(summary) <= 4000),
  severity TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  status TEXT NOT NULL CHECK (status IN ('open', 'contained', 'closed')),
  detected_at TEXT NOT NULL,
  window_start TEXT NOT NULL,
  window_end TEXT,
  regimes TEXT NOT NULL DEFAULT '',
  affected_individuals INTEGER CHECK (affected_individuals IS NULL OR affected_individuals >= 0),
  high_risk INTEGER NOT NULL DEFAULT 0 CHECK (high_risk IN (0, 1)),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  closed_at TEXT,
  CHECK (window_end IS NULL OR window_end >= window_start)
) STRICT;
CREATE INDEX incidents_by_tenant ON incidents (tenant_id, detected_at);

CREATE TABLE incident_notifications (
  incident_id TEXT NOT NULL REFERENCES incidents (id),
  regime TEXT NOT NULL,
  recipient TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('sent', 'not_required')),
  at TEXT NOT NULL,
  by_principal TEXT NOT NULL,
  PRIMARY KEY (incident_id, regime, recipient)
) STRICT;

CREATE TABLE alert_cursor (
  name TEXT NOT NULL PRIMARY KEY,
  next_index INTEGER NOT NULL CHECK (next_index >= 0)
) STRICT;

CREATE TABLE alert_window_counts (
  rule TEXT NOT NULL,
  subject TEXT NOT NULL,
  bucket INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (rule, subject, bucket)
) STRICT;

CREATE TABLE alert_outbox (
  id TEXT NOT NULL PRIMARY KEY,
  rule TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  delivered_at TEXT,
  last_error TEXT
) STRICT;
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
  id TEXT NOT NULL PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants (id),
  agent TEXT,
  token_hash TEXT NOT NULL UNIQUE,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  CHECK (expires_at > created_at)
) STRICT;
CREATE INDEX stream_tokens_by_expiry ON stream_tokens (expires_at);
`,
  },
  // Returning callers (issue 6): an erased subject who calls again gets a fresh subject key, a
  // new generation of the same row; everything under the destroyed generation stays unreadable.
  {
    version: 12,
    name: 'subject_key_generations',
    sql: `
ALTER TABLE subject_keys ADD COLUMN generation INTEGER NOT NULL DEFAULT 0 CHECK (generation >= 0);
`,
  },
  // The latest outcome of each operational check the posture report cites (`sotto posture`):
  // e.g. the last audit log verification. Short non-personal details only.
  {
    version: 13,
    name: 'operational_evidence',
    sql: `
CREATE TABLE operational_evidence (
  name TEXT NOT NULL PRIMARY KEY,
  recorded_at TEXT NOT NULL,
  ok INTEGER NOT NULL CHECK (ok IN (0, 1)),
  detail TEXT NOT NULL
) STRICT;
`,
  },
  // Twilio signatures already accepted (issue 5): a captured signed upgrade verifies forever, so
  // each signature is accepted once, across every process sharing this store. SHA-256 only.
  {
    version: 14,
    name: 'media_signature_claims',
    sql: `
CREATE TABLE media_signature_claims (
  signature_hash TEXT NOT NULL PRIMARY KEY,
  claimed_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  CHECK (expires_at > claimed_at)
) STRICT;
CREATE INDEX media_signature_claims_by_expiry ON media_signature_claims (expires_at);
`,
  },
];
