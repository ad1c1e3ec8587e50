import type { AccessGateway } from '../access/index.js';
import type { BlobStore } from '../store/blob/blob-store.js';
import type { MetadataStore } from '../store/meta/metadata-store.js';
import type { KeyProvider } from '../vault/keys/provider.js';
import type { SubjectKeys } from '../vault/subject-keys.js';

export interface LifecycleDeps {
  store: MetadataStore;
  blobs: BlobStore;
  /** Keyed hashes of subject ids, and the subject keys erasure destroys. */
  subjects: SubjectKeys;
  /** Wraps the deletion-certificate signing key (key id 'lifecycle'). */
  keys: KeyProvider;
  /** Authorizes and audits every lifecycle action. */
  gateway: AccessGateway;
  /** The audit log's origin, named in certificates next to the indexes they cite. */
  auditOrigin: string;
  /** Name in the certificate verifier key (C2SP key name); default 'sotto.local/deletion-certificates'. */
  certificateKeyName?: string;
  now?: () => Date;
  /** How long a claimed deletion is reserved for its claimer (default 60 s). */
  claimLeaseMs?: number;
  /** Items claimed per transaction (default 500). */
  batchSize?: number;
}

export type ResolvedLifecycleDeps = Required<LifecycleDeps>;

export const DEFAULT_CERTIFICATE_KEY_NAME = 'sotto.local/deletion-certificates';

export function resolveDeps(deps: LifecycleDeps): ResolvedLifecycleDeps {
  return {
    certificateKeyName: DEFAULT_CERTIFICATE_KEY_NAME,
    now: () => new Date(),
    claimLeaseMs: 60_000,
    batchSize: 500,
    ...deps,
  };
}
