import type { WrappedKey } from '../../vault/keys/provider.js';
import type { SqlClient } from './sql-client.js';

/**
 * The metadata store: one interface, two backends (SQLite for the embedded default,
 * PostgreSQL for deployments). It holds no plaintext conversation data — only ids, keyed
 * hashes, sizes, timestamps and wrapped (encrypted) keys.
 *
 * Timestamps are ISO-8601 with a zone (USAGE otherwise) and come back in UTC at millisecond
 * precision. A subject key needs its tenant, and an artifact its subject key: creating one
 * without the other is NOT_FOUND.
 */
export interface MetadataStore {
  readonly backend: 'sqlite' | 'postgres';
  /** Apply pending versioned migrations; safe to call from several processes at once. */
  migrate(): Promise<{ applied: string[]; current: number }>;
  readonly tenants: TenantRepository;
  readonly subjectKeys: SubjectKeyRepository;
  readonly artifacts: ArtifactRepository;
  /**
   * The query interface the repositories use, for other domains (identity, calls, access) to
   * build their own repositories on, with SQL written once for both backends.
   */
  readonly sql: SqlClient;
  close(): Promise<void>;
}

export interface TenantRecord {
  id: string;
  createdAt: string;
  /** Per-tenant secret for keyed hashes of identifiers, wrapped by the tenant KEK. */
  pseudonymKey: WrappedKey;
  /**
   * The region whose blob store and key provider hold this tenant's data (docs/residency.md).
   * Absent only on a row that predates regions and is not yet pinned: the runtime pins such
   * rows to the default region when it opens, and refuses any it still finds.
   */
  region?: string;
}

export interface SubjectKeyRecord {
  tenantId: string;
  /** Keyed hash of the data subject's identifier (never the identifier itself). */
  subjectRef: string;
  /** Undefined once destroyed (crypto-shredded); the row stays as a tombstone. */
  wrapped: WrappedKey | undefined;
  /** Starts at 0; each fresh key after a destruction (a returning caller) is the next one. */
  generation: number;
  createdAt: string;
  destroyedAt: string | undefined;
}

export type ArtifactKind = 'recording' | 'transcript' | 'export';
export const ARTIFACT_KINDS: readonly ArtifactKind[] = ['recording', 'transcript', 'export'];

export interface ArtifactRecord {
  id: string;
  tenantId: string;
  subjectRef: string;
  kind: ArtifactKind;
  blobKey: string;
  /** The artifact's data key, AES-256-GCM-wrapped by the subject key: nonce ‖ ciphertext ‖ tag. */
  wrappedDataKey: Buffer;
  plaintextSize: number;
  ciphertextSize: number;
  createdAt: string;
  deletedAt: string | undefined;
}

export interface TenantRepository {
  /** STORE_CONFLICT if the id exists. */
  create(record: TenantRecord): Promise<void>;
  get(id: string): Promise<TenantRecord | undefined>;
  list(): Promise<TenantRecord[]>;
  /** Replace the wrapped pseudonym key after a KEK rotation; compare-and-set on the old version. */
  rewrapPseudonymKey(id: string, expectedVersion: number, wrapped: WrappedKey): Promise<boolean>;
  /**
   * Pin every tenant without a region (rows older than regions) to `region`; returns how many.
   * Never changes a region already set (a trigger refuses that too: moving is a data migration).
   */
  pinUnplaced(region: string): Promise<number>;
}

export interface SubjectKeyRepository {
  /** STORE_CONFLICT if (tenantId, subjectRef) exists — the caller re-reads the winner's key.
   *  NOT_FOUND if the tenant does not exist. */
  create(record: SubjectKeyRecord): Promise<void>;
  get(tenantId: string, subjectRef: string): Promise<SubjectKeyRecord | undefined>;
  /** Live (not destroyed) keys of a tenant wrapped under a KEK version other than `version`. */
  listWrappedNotUnder(tenantId: string, version: number, limit: number): Promise<SubjectKeyRecord[]>;
  /** Compare-and-set: replace the wrapping only if it is still under `expectedVersion` and
   *  still the live key of `expectedGeneration` (default 0). */
  rewrap(tenantId: string, subjectRef: string, expectedVersion: number, wrapped: WrappedKey, expectedGeneration?: number): Promise<boolean>;
  /** Count live keys per KEK version, to refuse retiring a version still in use. */
  countByKekVersion(tenantId: string): Promise<Map<number, number>>;
  /** Erase the wrapped key bytes and keep a tombstone; idempotent (the first `at` is kept),
   *  and a no-op for a subject that never had a key. */
  destroy(tenantId: string, subjectRef: string, at: string): Promise<void>;
  /** Compare-and-set: turn the tombstone of `destroyedGeneration` into a live key of the next
   *  generation (a returning caller). False if the row is not that tombstone any more. */
  renew(tenantId: string, subjectRef: string, destroyedGeneration: number, wrapped: WrappedKey, at: string): Promise<boolean>;
}

export interface ArtifactRepository {
  /** STORE_CONFLICT if the id or blob key exists; NOT_FOUND if the subject has no key. */
  create(record: ArtifactRecord): Promise<void>;
  /**
   * `create`, only while the subject key is live at `generation` (its data key is wrapped by
   * it), serialized with key destruction (the subject key lock): false, and nothing stored, if
   * that generation was destroyed meanwhile. No live artifact is ever written under a dead key.
   */
  createUnderLiveKey(record: ArtifactRecord, generation: number): Promise<boolean>;
  /** Any tenant: callers (the access gateway) enforce the principal's tenant scope. */
  get(id: string): Promise<ArtifactRecord | undefined>;
  listBySubject(tenantId: string, subjectRef: string): Promise<ArtifactRecord[]>;
  /** Idempotent (the first `at` is kept); ARTIFACT_NOT_FOUND for an unknown id. */
  markDeleted(id: string, at: string): Promise<void>;
}
