import type { WrappedKey } from '../../vault/keys/provider.js';
import type { TenantRecord, TenantRepository } from './metadata-store.js';
import {
  timestampColumn,
  timestampParam,
  wrappedKeyColumns,
  wrappedKeyParams,
  type TimestampColumn,
  type WrappedKeyColumns,
} from './records.js';
import type { SqlClient } from './sql-client.js';
import { SottoError } from '../../errors/index.js';

interface TenantRow extends WrappedKeyColumns {
  id: string;
  created_at: TimestampColumn;
  region: string | null;
}

const COLUMNS = 'id, created_at, provider, key_id, key_version, ciphertext, region';

export class SqlTenantRepository implements TenantRepository {
  constructor(private readonly sql: SqlClient) {}

  async create(record: TenantRecord): Promise<void> {
    await this.sql.run(`INSERT INTO tenants (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`, [
      record.id,
      timestampParam(record.createdAt, 'createdAt'),
      ...wrappedKeyParams(record.pseudonymKey),
      record.region ?? null,
    ]);
  }

  async get(id: string): Promise<TenantRecord | undefined> {
    const [row] = await this.sql.rows<TenantRow>(`SELECT ${COLUMNS} FROM tenants WHERE id = ?`, [id]);
    return row === undefined ? undefined : toTenant(row);
  }

  async list(): Promise<TenantRecord[]> {
    const rows = await this.sql.rows<TenantRow>(`SELECT ${COLUMNS} FROM tenants ORDER BY created_at, id`);
    return rows.map(toTenant);
  }

  async rewrapPseudonymKey(id: string, expectedVersion: number, wrapped: WrappedKey): Promise<boolean> {
    const changed = await this.sql.run(
      'UPDATE tenants SET provider = ?, key_id = ?, key_version = ?, ciphertext = ? WHERE id = ? AND key_version = ?',
      [...wrappedKeyParams(wrapped), id, expectedVersion],
    );
    return changed === 1;
  }

  async pinUnplaced(region: string): Promise<number> {
    return this.sql.run('UPDATE tenants SET region = ? WHERE region IS NULL', [region]);
  }
}

function toTenant(row: TenantRow): TenantRecord {
  const pseudonymKey = wrappedKeyColumns(row);
  // The schema forbids it; a missing pseudonym key would make identifiers unhashable.
  if (pseudonymKey === undefined) throw new SottoError('INTERNAL', 'stored tenant has no pseudonym key');
  const tenant: TenantRecord = { id: row.id, createdAt: timestampColumn(row.created_at, 'created_at'), pseudonymKey };
  if (row.region !== null) tenant.region = row.region;
  return tenant;
}
