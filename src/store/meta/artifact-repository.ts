import { SottoError } from '../../errors/index.js';
import type { ArtifactRecord, ArtifactRepository } from './metadata-store.js';
import {
  integerColumn,
  kindParam,
  optionalTimestampColumn,
  sizeParam,
  timestampColumn,
  timestampParam,
  type IntegerColumn,
  type TimestampColumn,
} from './records.js';
import type { SqlClient, SqlStatements } from './sql-client.js';
import { subjectKeyLockName } from './subject-key-repository.js';

interface ArtifactRow {
  id: string;
  tenant_id: string;
  subject_ref: string;
  kind: string;
  blob_key: string;
  wrapped_data_key: Buffer;
  plaintext_size: IntegerColumn;
  ciphertext_size: IntegerColumn;
  created_at: TimestampColumn;
  deleted_at: TimestampColumn | null;
}

const COLUMNS =
  'id, tenant_id, subject_ref, kind, blob_key, wrapped_data_key, plaintext_size, ciphertext_size, created_at, deleted_at';

export class SqlArtifactRepository implements ArtifactRepository {
  constructor(private readonly sql: SqlClient) {}

  async create(record: ArtifactRecord): Promise<void> {
    await insertArtifact(this.sql, record);
  }

  async createUnderLiveKey(record: ArtifactRecord, generation: number): Promise<boolean> {
    return this.sql.transaction(async (tx) => {
      await tx.lock(subjectKeyLockName(record.tenantId, record.subjectRef), 'shared');
      const live = await tx.rows(
        'SELECT 1 FROM subject_keys WHERE tenant_id = ? AND subject_ref = ? AND generation = ? AND destroyed_at IS NULL',
        [record.tenantId, record.subjectRef, generation],
      );
      if (live.length === 0) return false;
      await insertArtifact(tx, record);
      return true;
    });
  }

  async get(id: string): Promise<ArtifactRecord | undefined> {
    const [row] = await this.sql.rows<ArtifactRow>(`SELECT ${COLUMNS} FROM artifacts WHERE id = ?`, [id]);
    return row === undefined ? undefined : toArtifact(row);
  }

  async listBySubject(tenantId: string, subjectRef: string): Promise<ArtifactRecord[]> {
    const rows = await this.sql.rows<ArtifactRow>(
      `SELECT ${COLUMNS} FROM artifacts WHERE tenant_id = ? AND subject_ref = ? ORDER BY created_at, id`,
      [tenantId, subjectRef],
    );
    return rows.map(toArtifact);
  }

  async markDeleted(id: string, at: string): Promise<void> {
    // COALESCE keeps the first deletion time, so a re-run sweep changes nothing.
    const changed = await this.sql.run('UPDATE artifacts SET deleted_at = COALESCE(deleted_at, ?) WHERE id = ?', [
      timestampParam(at, 'at'),
      id,
    ]);
    if (changed === 0) throw new SottoError('ARTIFACT_NOT_FOUND');
  }
}

function toArtifact(row: ArtifactRow): ArtifactRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    subjectRef: row.subject_ref,
    kind: kindParam(row.kind),
    blobKey: row.blob_key,
    wrappedDataKey: row.wrapped_data_key,
    plaintextSize: integerColumn(row.plaintext_size, 'plaintext_size'),
    ciphertextSize: integerColumn(row.ciphertext_size, 'ciphertext_size'),
    createdAt: timestampColumn(row.created_at, 'created_at'),
    deletedAt: optionalTimestampColumn(row.deleted_at, 'deleted_at'),
  };
}

async function insertArtifact(sql: SqlStatements, record: ArtifactRecord): Promise<void> {
  if (!Buffer.isBuffer(record.wrappedDataKey)) throw new SottoError('USAGE', 'wrappedDataKey must be a Buffer');
  await sql.run(`INSERT INTO artifacts (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
    record.id,
    record.tenantId,
    record.subjectRef,
      kindParam(record.kind),
    record.blobKey,
    record.wrappedDataKey,
      sizeParam(record.plaintextSize, 'plaintextSize'),
      sizeParam(record.ciphertextSize, 'ciphertextSize'),
      timestampParam(record.createdAt, 'createdAt'),
    record.deletedAt === undefined ? null : timestampParam(record.deletedAt, 'deletedAt'),
  ]);
}
