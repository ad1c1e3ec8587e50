import { isSottoError, SottoError } from '../../errors/index.js';
import {
  integerColumn,
  optionalTimestampColumn,
  timestampColumn,
  timestampParam,
  wrappedKeyColumns,
  wrappedKeyParams,
  type IntegerColumn,
  type TimestampColumn,
} from '../../store/meta/records.js';
import type { SqlClient } from '../../store/meta/sql-client.js';
import type { WrappedKey } from '../../vault/keys/provider.js';
import { roleColumn, roleParam, type UserRecord } from './records.js';

interface UserRow {
  id: string;
  tenant_id: string;
  email: string;
  role: string;
  password_hash: string;
  provider: string | null;
  key_id: string | null;
  key_version: IntegerColumn | null;
  ciphertext: Buffer | null;
  // SQLite stores 0/1, PostgreSQL a boolean
  totp_enabled: number | boolean;
  totp_last_step: IntegerColumn | null;
  created_at: TimestampColumn;
  disabled_at: TimestampColumn | null;
}

const SELECT = `SELECT id, tenant_id, email, role, password_hash,
  totp_provider AS provider, totp_key_id AS key_id, totp_key_version AS key_version, totp_secret AS ciphertext,
  totp_enabled, totp_last_step, created_at, disabled_at FROM users`;

export class SqlUserRepository {
  constructor(private readonly sql: SqlClient) {}

  /** USER_EXISTS if the tenant has a user with this email; NOT_FOUND if the tenant does not exist. */
  async create(user: UserRecord): Promise<void> {
    const totp = user.totpSecret === undefined ? [null, null, null, null] : wrappedKeyParams(user.totpSecret);
    try {
      await this.sql.run(
        `INSERT INTO users (id, tenant_id, email, role, password_hash,
           totp_provider, totp_key_id, totp_key_version, totp_secret, totp_enabled, totp_last_step, created_at, disabled_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          user.id,
          user.tenantId,
          user.email,
          roleParam(user.role),
          user.passwordHash,
          ...totp,
          user.totpEnabled ? 1 : 0,
          user.totpLastStep ?? null,
          timestampParam(user.createdAt, 'createdAt'),
          user.disabledAt === undefined ? null : timestampParam(user.disabledAt, 'disabledAt'),
        ],
      );
    } catch (err) {
      // Ids are 128-bit random, so a conflict is the (tenant, email) pair.
      if (isSottoError(err, 'STORE_CONFLICT')) throw new SottoError('USER_EXISTS', undefined, { cause: err });
      throw err;
    }
  }

  async get(id: string): Promise<UserRecord | undefined> {
    const [row] = await this.sql.rows<UserRow>(`${SELECT} WHERE id = ?`, [id]);
    return row === undefined ? undefined : toUser(row);
  }

  async findByEmail(tenantId: string, email: string): Promise<UserRecord | undefined> {
    const [row] = await this.sql.rows<UserRow>(`${SELECT} WHERE tenant_id = ? AND email = ?`, [tenantId, email]);
    return row === undefined ? undefined : toUser(row);
  }

  async listByTenant(tenantId: string): Promise<UserRecord[]> {
    const rows = await this.sql.rows<UserRow>(`${SELECT} WHERE tenant_id = ? ORDER BY created_at, id`, [tenantId]);
    return rows.map(toUser);
  }

  /**
   * Record `step` as the last accepted TOTP step, only if it is later than the one recorded:
   * one atomic statement, so two logins racing with the same code cannot both win.
   */
  async acceptTotpStep(id: string, step: number): Promise<boolean> {
    const changed = await this.sql.run(
      'UPDATE users SET totp_last_step = ? WHERE id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)',
      [step, id, step],
    );
    return changed === 1;
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.sql.run('UPDATE users SET password_hash = ? WHERE id = ?', [passwordHash, id]);
  }

  /** Enrol (or replace) the wrapped TOTP secret and enable the second factor. */
  async setTotpSecret(id: string, wrapped: WrappedKey): Promise<void> {
    const changed = await this.sql.run(
      `UPDATE users SET totp_provider = ?, totp_key_id = ?, totp_key_version = ?, totp_secret = ?, totp_enabled = ?
       WHERE id = ?`,
      [...wrappedKeyParams(wrapped), 1, id],
    );
    if (changed === 0) throw new SottoError('NOT_FOUND', 'no such user');
  }

  /** Compare-and-set on the KEK version, as for subject keys, after a KEK rotation. */
  async rewrapTotpSecret(id: string, expectedVersion: number, wrapped: WrappedKey): Promise<boolean> {
    const changed = await this.sql.run(
      `UPDATE users SET totp_provider = ?, totp_key_id = ?, totp_key_version = ?, totp_secret = ?
       WHERE id = ? AND totp_key_version = ?`,
      [...wrappedKeyParams(wrapped), id, expectedVersion],
    );
    return changed === 1;
  }

  /** Users of a tenant whose TOTP secret is wrapped under a KEK version other than `version`. */
  async listTotpNotUnder(tenantId: string, version: number, limit: number): Promise<UserRecord[]> {
    const rows = await this.sql.rows<UserRow>(
      `${SELECT} WHERE tenant_id = ? AND totp_secret IS NOT NULL AND totp_key_version <> ? ORDER BY id LIMIT ?`,
      [tenantId, version, limit],
    );
    return rows.map(toUser);
  }

  /** Idempotent: the first time is kept. */
  async disable(id: string, at: string): Promise<void> {
    const changed = await this.sql.run('UPDATE users SET disabled_at = COALESCE(disabled_at, ?) WHERE id = ?', [
      timestampParam(at, 'at'),
      id,
    ]);
    if (changed === 0) throw new SottoError('NOT_FOUND', 'no such user');
  }
}

function toUser(row: UserRow): UserRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    email: row.email,
    role: roleColumn(row.role),
    passwordHash: row.password_hash,
    totpSecret: wrappedKeyColumns(row),
    totpEnabled: row.totp_enabled === true || row.totp_enabled === 1,
    totpLastStep: row.totp_last_step === null ? undefined : integerColumn(row.totp_last_step, 'totp_last_step'),
    createdAt: timestampColumn(row.created_at, 'created_at'),
    disabledAt: optionalTimestampColumn(row.disabled_at, 'disabled_at'),
  };
}
