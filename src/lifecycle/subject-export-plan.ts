import { SqlCallRepository, type CallRecord } from '../call/record/index.js';
import type { ArtifactRecord, MetadataStore } from '../store/meta/metadata-store.js';

/** Something held about the subject that the bundle leaves out, and why (listed in the manifest). */
export interface NotIncluded {
  path?: string;
  callId?: string;
  artifactId?: string;
  kind: 'recording' | 'transcript' | 'export';
  reason: string;
}

/** One call of the subject and the redacted artifacts of it that are still live. */
export interface PlannedCall {
  record: CallRecord;
  transcript: ArtifactRecord | undefined;
  recording: ArtifactRecord | undefined;
}

export interface ExportPlan {
  calls: PlannedCall[];
  notIncluded: NotIncluded[];
}

/**
 * What a subject export contains, from metadata only (no content is read here): the subject's
 * call records with their redacted transcript and recording, and the reasons for everything
 * else held about the subject that stays out. Only artifacts a call names as its redacted
 * transcript or recording go in: an artifact that no call vouches for is not known to be
 * redacted, and an unredacted transcript never leaves (PCI DSS 3.4: no full card numbers).
 */
export async function planExport(store: MetadataStore, tenantId: string, subjectRef: string): Promise<ExportPlan> {
  const callRepository = new SqlCallRepository(store.sql);
  const ids = await store.sql.rows<{ id: string }>('SELECT id FROM calls WHERE tenant_id = ? AND subject_ref = ? ORDER BY started_at, id', [tenantId, subjectRef]);
  const artifacts = new Map((await store.artifacts.listBySubject(tenantId, subjectRef)).map((a) => [a.id, a]));
  const vouched = new Set<string>();
  const calls: PlannedCall[] = [];
  const notIncluded: NotIncluded[] = [];

  const pick = async (call: CallRecord, id: string | undefined, kind: 'transcript' | 'recording', path: string): Promise<ArtifactRecord | undefined> => {
    if (id === undefined) return undefined;
    vouched.add(id);
    const artifact = artifacts.get(id);
    if (artifact !== undefined && artifact.deletedAt === undefined && artifact.kind === kind) return artifact;
    notIncluded.push({ path, callId: call.id, artifactId: id, kind, reason: await goneReason(store, id) });
    return undefined;
  };

  for (const { id } of ids) {
    const record = await callRepository.get(id);
    if (record === undefined) continue; // deleted between the two reads
    const dir = `calls/${record.id}`;
    const transcript = await pick(record, record.transcriptArtifactId, 'transcript', `${dir}/transcript.json`);
    const recording = await pick(record, record.recordingArtifactId, 'recording', `${dir}/recording.wav`);
    if (record.unredactedTranscriptArtifactId !== undefined) {
      vouched.add(record.unredactedTranscriptArtifactId);
      notIncluded.push({ callId: record.id, artifactId: record.unredactedTranscriptArtifactId, kind: 'transcript', reason: 'unredacted transcript: only the redacted one is exported' });
    }
    calls.push({ record, transcript, recording });
  }
  for (const artifact of artifacts.values()) {
    if (vouched.has(artifact.id) || artifact.deletedAt !== undefined) continue;
    notIncluded.push({
      artifactId: artifact.id,
      kind: artifact.kind,
      reason: artifact.kind === 'export' ? 'an earlier export of this subject, sealed to its own recipient' : 'not linked to a call record, so not known to be redacted',
    });
  }
  return { calls, notIncluded };
}

/** Why a call's artifact is no longer there, from the deletion ledger (no content, no personal data). */
async function goneReason(store: MetadataStore, artifactId: string): Promise<string> {
  const [row] = await store.sql.rows<{ cause: string }>("SELECT cause FROM deletions WHERE item_type = 'artifact' AND item_id = ?", [artifactId]);
  if (row?.cause === 'retention') return 'deleted at the end of its retention period';
  if (row?.cause === 'erasure') return 'erased on an erasure request';
  return 'no longer held';
}

/** The call record as handed to the subject: no internal keys (keyed hash, unredacted transcript id). */
export function callForSubject(call: CallRecord): Record<string, unknown> {
  return {
    id: call.id,
    tenantId: call.tenantId,
    agent: call.agent,
    channel: call.channel,
    status: call.status,
    failureReason: call.failureReason ?? null,
    startedAt: call.startedAt,
    endedAt: call.endedAt ?? null,
    outcome: call.outcome ?? null,
    entityTypes: call.entityTypes,
    entityCounts: call.entityCounts,
    subprocessors: call.subprocessors,
    region: call.region,
  };
}
