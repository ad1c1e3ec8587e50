import { SottoError } from '../../errors/index.js';
import { optionalTimestampColumn, timestampColumn, timestampParam, type TimestampColumn } from '../../store/meta/records.js';
import type { SqlClient, SqlValue } from '../../store/meta/sql-client.js';
import type { CallListQuery, CallRecord, CallRepository } from './call-record.js';
import { decodeKeysetCursor, encodeKeysetCursor } from '../../store/meta/keyset-cursor.js';

interface CallRow {
  id: string;
  tenant_id: string;
  subject_ref: string;
  agent: string;
  channel: CallRecord['channel'];
  status: CallRecord['status'];
  failure_reason: string | null;
  started_at: TimestampColumn;
  ended_at: TimestampColumn | null;
  recording_artifact_id: string | null;
  transcript_artifact_id: string | null;
  unredacted_transcript_artifact_id: string | null;
  entity_types: string;
  entity_counts: string;
  subprocessors: string;
  region: string;
  outcome: string | null;
}

const COLUMNS =
  'id, tenant_id, subject_ref, agent, channel, status, failure_reason, started_at, ended_at, recording_artifact_id, ' +
  'transcript_artifact_id, unredacted_transcript_artifact_id, entity_types, entity_counts, subprocessors, region, outcome';

const ENTITY_TYPE = /^[A-Z][A-Z_]{1,40}$/;
const MAX_LIST = 500;

export class SqlCallRepository implements CallRepository {
  constructor(private readonly sql: SqlClient) {}

  async create(r: CallRecord): Promise<void> {
    await this.sql.run(`INSERT INTO calls (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      r.id,
      r.tenantId,
      r.subjectRef,
      r.agent,
      r.channel,
      r.status,
      r.failureReason ?? null,
      timestampParam(r.startedAt, 'startedAt'),
      r.endedAt === undefined ? null : timestampParam(r.endedAt, 'endedAt'),
      r.recordingArtifactId ?? null,
      r.transcriptArtifactId ?? null,
      r.unredactedTranscriptArtifactId ?? null,
      encodeEntityTypes(r.entityTypes),
      encodeEntityCounts(r.entityCounts),
      encodeNames(r.subprocessors),
      checkName(r.region, 'region'),
      r.outcome ?? null,
    ]);
  }

  async get(id: string): Promise<CallRecord | undefined> {
    const [row] = await this.sql.rows<CallRow>(`SELECT ${COLUMNS} FROM calls WHERE id = ?`, [id]);
    return row && toCall(row);
  }

  async list(q: CallListQuery): Promise<{ calls: CallRecord[]; next: string | undefined }> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    const add = (clause: string, ...values: SqlValue[]): void => {
      where.push(clause);
      params.push(...values);
    };
    if (q.tenantId !== undefined) add('tenant_id = ?', q.tenantId);
    if (q.from) add('started_at >= ?', timestampParam(q.from, 'from'));
    if (q.to) add('started_at < ?', timestampParam(q.to, 'to'));
    if (q.agent) add('agent = ?', q.agent);
    if (q.status) add('status = ?', q.status);
    if (q.entityType) {
      if (!ENTITY_TYPE.test(q.entityType)) throw new SottoError('USAGE', 'entity type must be like CREDIT_CARD');
      add('entity_types LIKE ?', `%,${q.entityType},%`);
    }
    if (q.before) {
      const [at, id] = decodeKeysetCursor(q.before);
      add('(started_at < ? OR (started_at = ? AND id < ?))', at, at, id);
    }
    const limit = Math.min(Math.max(1, Math.floor(q.limit)), MAX_LIST);
    const rows = await this.sql.rows<CallRow>(
      `SELECT ${COLUMNS} FROM calls ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY started_at DESC, id DESC LIMIT ?`,
      [...params, limit + 1],
    );
    const calls = rows.slice(0, limit).map(toCall);
    const last = calls.at(-1);
    return { calls, next: rows.length > limit && last ? encodeKeysetCursor(last.startedAt, last.id) : undefined };
  }

  async finish(id: string, u: Parameters<CallRepository['finish']>[1]): Promise<void> {
    const changed = await this.sql.run(
      `UPDATE calls SET status = ?, failure_reason = ?, ended_at = ?, recording_artifact_id = ?, transcript_artifact_id = ?,
        unredacted_transcript_artifact_id = ?, entity_types = ?, entity_counts = ?, subprocessors = ?, outcome = ? WHERE id = ?`,
      [
        u.status,
        u.failureReason ?? null,
        u.endedAt === undefined ? null : timestampParam(u.endedAt, 'endedAt'),
        u.recordingArtifactId ?? null,
        u.transcriptArtifactId ?? null,
        u.unredactedTranscriptArtifactId ?? null,
        encodeEntityTypes(u.entityTypes),
        encodeEntityCounts(u.entityCounts),
        encodeNames(u.subprocessors),
        u.outcome ?? null,
        id,
      ],
    );
    if (changed === 0) throw new SottoError('NOT_FOUND', 'no such call');
  }
}

/** Stored as ",A,B," so one LIKE finds a type on both backends. */
function encodeEntityTypes(types: readonly string[]): string {
  for (const t of types) if (!ENTITY_TYPE.test(t)) throw new SottoError('USAGE', 'entity types must be like CREDIT_CARD');
  const unique = [...new Set(types)].sort();
  return unique.length ? `,${unique.join(',')},` : '';
}

/** Counts by entity type as canonical JSON: keys checked and sorted, values non-negative integers. */
function encodeEntityCounts(counts: Readonly<Record<string, number>>): string {
  const sorted: Record<string, number> = {};
  for (const type of Object.keys(counts).sort()) {
    const n = counts[type];
    if (!ENTITY_TYPE.test(type) || n === undefined || !Number.isSafeInteger(n) || n < 0) {
      throw new SottoError('USAGE', 'entity counts must map types like CREDIT_CARD to non-negative integers');
    }
    sorted[type] = n;
  }
  return JSON.stringify(sorted);
}

function decodeEntityCounts(text: string): Record<string, number> {
  const parsed = JSON.parse(text) as unknown;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new SottoError('INTERNAL', 'stored entity counts are malformed');
  return parsed as Record<string, number>;
}

const NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;

function checkName(name: string, what: string): string {
  if (!NAME.test(name)) throw new SottoError('USAGE', `${what} must be a short lower-case name`);
  return name;
}

function encodeNames(names: readonly string[]): string {
  return [...new Set(names.map((n) => checkName(n, 'subprocessor')))].sort().join(',');
}

function toCall(row: CallRow): CallRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    subjectRef: row.subject_ref,
    agent: row.agent,
    channel: row.channel,
    status: row.status,
    failureReason: row.failure_reason ?? undefined,
    startedAt: timestampColumn(row.started_at, 'started_at'),
    endedAt: optionalTimestampColumn(row.ended_at, 'ended_at'),
    recordingArtifactId: row.recording_artifact_id ?? undefined,
    transcriptArtifactId: row.transcript_artifact_id ?? undefined,
    unredactedTranscriptArtifactId: row.unredacted_transcript_artifact_id ?? undefined,
    entityTypes: row.entity_types.split(',').filter(Boolean),
    entityCounts: decodeEntityCounts(row.entity_counts),
    subprocessors: row.subprocessors.split(',').filter(Boolean),
    region: row.region,
    outcome: row.outcome ?? undefined,
  };
}
