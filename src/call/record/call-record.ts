/**
 * What Sotto keeps about a call besides its encrypted artifacts: ids, times, outcome, which
 * entity types were caught (never their values), and the artifacts' ids. No content.
 */
export interface CallRecord {
  id: string;
  tenantId: string;
  /** Keyed hash of the caller (the data subject), never the number itself. */
  subjectRef: string;
  agent: string;
  channel: 'phone' | 'webrtc' | 'simulated';
  status: 'active' | 'completed' | 'failed';
  /** An error code when status is 'failed'. */
  failureReason: string | undefined;
  startedAt: string;
  endedAt: string | undefined;
  /** Redacted recording (WAV) and redacted transcript (JSON) in the vault. */
  recordingArtifactId: string | undefined;
  transcriptArtifactId: string | undefined;
  /** Unredacted transcript, readable only with transcript.view_unredacted and break-glass. */
  unredactedTranscriptArtifactId: string | undefined;
  /** Entity types detected during the call, e.g. ['CREDIT_CARD', 'CARD_EXPIRY']. */
  entityTypes: string[];
  /** How many entities of each type were caught (counts only, never values). */
  entityCounts: Record<string, number>;
  /** Providers that processed the call's audio or text (subprocessors), e.g. ['pocketsphinx', 'flite']. */
  subprocessors: string[];
  /** Where the call was processed and its data is kept (data residency). */
  region: string;
  /** The agent's outcome: completed, failed, transferred, abandoned; undefined while active. */
  outcome: string | undefined;
}

export interface CallListQuery {
  /** undefined only for the local operator (all tenants). */
  tenantId: string | undefined;
  from?: string;
  to?: string;
  agent?: string;
  status?: CallRecord['status'];
  entityType?: string;
  /** Pagination: calls started before this cursor (startedAt|id), newest first. */
  before?: string;
  limit: number;
}

export interface CallRepository {
  create(record: CallRecord): Promise<void>;
  get(id: string): Promise<CallRecord | undefined>;
  list(query: CallListQuery): Promise<{ calls: CallRecord[]; next: string | undefined }>;
  /** Finish a call: status, end time, artifact ids, entity types. */
  finish(
    id: string,
    update: Pick<
      CallRecord,
      | 'status'
      | 'failureReason'
      | 'endedAt'
      | 'recordingArtifactId'
      | 'transcriptArtifactId'
      | 'unredactedTranscriptArtifactId'
      | 'entityTypes'
      | 'entityCounts'
      | 'subprocessors'
      | 'outcome'
    >,
  ): Promise<void>;
}
