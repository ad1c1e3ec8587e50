// Migration 5 ('calls'), one text per backend; listed in src/store/meta/migrations/.
export const CALLS_SQLITE = `
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
`;

export const CALLS_POSTGRES = `
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
`;
