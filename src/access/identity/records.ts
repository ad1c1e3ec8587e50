import { SottoError } from '../../errors/index.js';
import type { WrappedKey } from '../../vault/keys/provider.js';
import { ROLES, type Role } from '../permissions.js';

/** A person who signs in. Ids are random (`usr_…`); the email is personal data, never logged. */
export interface UserRecord {
  id: string;
  tenantId: string;
  /** Lower-cased; unique within the tenant. */
  email: string;
  role: Role;
  /** PHC-format argon2id hash. */
  passwordHash: string;
  /** The TOTP secret wrapped by the tenant KEK; undefined when not enrolled. */
  totpSecret: WrappedKey | undefined;
  totpEnabled: boolean;
  /** The last RFC 6238 time step accepted, so no code is accepted twice. */
  totpLastStep: number | undefined;
  createdAt: string;
  disabledAt: string | undefined;
}

export interface SessionRecord {
  id: string;
  userId: string;
  tenantId: string;
  /** Hex SHA-256 of the session token; the token itself is never stored. */
  tokenHash: string;
  createdAt: string;
  /** Absolute end, however active the session is. */
  expiresAt: string;
  /** For the idle timeout. */
  lastSeenAt: string;
  revokedAt: string | undefined;
}

export interface ApiTokenRecord {
  id: string;
  tenantId: string;
  role: Role;
  /** An operator's label ("ci-export"), not a secret. */
  name: string;
  tokenHash: string;
  createdAt: string;
  /** undefined: does not expire (until revoked). */
  expiresAt: string | undefined;
  revokedAt: string | undefined;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** A role from a caller: unknown is a usage error. */
export function roleParam(value: string): Role {
  if (!isRole(value)) throw new SottoError('USAGE', `role must be one of ${ROLES.join(', ')}`);
  return value;
}

/** A role read back from the database: unknown means the row was altered or written by newer code. */
export function roleColumn(value: string): Role {
  if (!isRole(value)) throw new SottoError('INTERNAL', 'stored role is unknown');
  return value;
}
