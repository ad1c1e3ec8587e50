import { randomBytes, randomId } from '../crypto/index.js';
import { SottoError } from '../errors/index.js';
import type { BlobStore } from '../store/blob/blob-store.js';
import type { ArtifactKind, ArtifactRecord, MetadataStore } from '../store/meta/metadata-store.js';
import { artifactAad, encryptArtifact, type EncryptOptions } from './format/index.js';
import type { KeyDescription, KeyProvider } from './keys/provider.js';
import { checkArtifactKind, checkSubjectId, checkTenantId, tenantKekId } from './names.js';
import { SubjectKeys, wrapDataKey } from './subject-keys.js';

export interface VaultDeps {
  store: MetadataStore;
  blobs: BlobStore;
  keys: KeyProvider;
  now?: () => Date;
  segmentSize?: number;
}

export interface PutArtifact {
  tenantId: string;
  /** The data subject (the caller, the customer): stored only as a keyed hash. */
  subjectId: string;
  kind: ArtifactKind | string;
  body: AsyncIterable<Uint8Array>;
}

export interface StoredArtifact {
  id: string;
  tenantId: string;
  kind: ArtifactKind;
  plaintextSize: number;
  ciphertextSize: number;
}

/**
 * The vault writes artifacts (recordings, transcripts, exports) encrypted and manages their
 * keys. It has no read method on purpose: content is read only through the access gateway
 * (src/access), which uses ./artifact-reader.ts (DESIGN.md invariant 2).
 */
export class Vault {
  readonly subjects: SubjectKeys;
  private readonly encryptOptions: EncryptOptions;
  private readonly now: () => Date;

  constructor(private readonly deps: VaultDeps) {
    this.now = deps.now ?? (() => new Date());
    this.subjects = new SubjectKeys(deps.store, deps.keys, this.now);
    this.encryptOptions = deps.segmentSize ? { segmentSize: deps.segmentSize } : {};
  }

  /**
   * Encrypt and store an artifact. The blob is written first and the record second: a crash
   * in between leaves an orphan blob whose data key died with the process — unreadable
   * ciphertext, never a record pointing at nothing.
   */
  async put(request: PutArtifact): Promise<StoredArtifact> {
    const tenantId = checkTenantId(request.tenantId);
    const kind = checkArtifactKind(request.kind);
    const subjectRef = await this.subjects.subjectRef(tenantId, checkSubjectId(request.subjectId));
    const id = randomId('art');
    const blobKey = `${tenantId}/${kind}/${id}`;
    const aad = artifactAad(tenantId, id, kind);
    let subjectKey = await this.subjects.current(tenantId, subjectRef);
    const dataKey = randomBytes(32);
    try {
      const counted = countBytes(request.body);
      const { size } = await this.deps.blobs.put(blobKey, encryptArtifact(dataKey, aad, counted.body, this.encryptOptions));
      const record: ArtifactRecord = {
        id,
        tenantId,
        subjectRef,
        kind,
        blobKey,
        wrappedDataKey: wrapDataKey(subjectKey.key, dataKey, aad, subjectKey.generation),
        plaintextSize: counted.size(),
        ciphertextSize: size,
        createdAt: this.now().toISOString(),
        deletedAt: undefined,
      };
      try {
        // The subject may be erased while the blob is written (a caller erased mid-call): the
        // erasure keeps its destroyed key, and this artifact goes under the next generation.
        for (let attempt = 0; !(await this.deps.store.artifacts.createUnderLiveKey(record, subjectKey.generation)); attempt++) {
          if (attempt >= 2) throw new SottoError('STORE_CONFLICT', 'the subject was erased again while the artifact was stored');
          subjectKey.key.fill(0);
          subjectKey = await this.subjects.current(tenantId, subjectRef);
          record.wrappedDataKey = wrapDataKey(subjectKey.key, dataKey, aad, subjectKey.generation);
        }
      } catch (err) {
        await this.deps.blobs.delete(blobKey).catch(() => undefined);
        throw err;
      }
      return { id, tenantId, kind, plaintextSize: record.plaintextSize, ciphertextSize: size };
    } finally {
      dataKey.fill(0);
      subjectKey.key.fill(0);
    }
  }

  /** Crypto-shred one data subject: every artifact of theirs becomes undecryptable. */
  async shredSubject(tenantId: string, subjectId: string): Promise<{ subjectRef: string }> {
    const subjectRef = await this.subjects.subjectRef(checkTenantId(tenantId), subjectId);
    await this.subjects.destroy(tenantId, subjectRef);
    return { subjectRef };
  }

  /** New KEK version; subject keys and the pseudonym key re-wrapped; no blob is touched. */
  async rotateTenantKey(tenantId: string): Promise<{ key: KeyDescription; rewrapped: number }> {
    await this.subjects.ensureTenant(checkTenantId(tenantId));
    const key = await this.deps.keys.rotate(tenantKekId(tenantId));
    const rewrapped = await this.subjects.rewrapAll(tenantId, key.primaryVersion);
    await this.subjects.rewrapPseudonymKey(tenantId);
    return { key, rewrapped };
  }

  /** Retire a KEK version once nothing is wrapped under it any more. */
  async retireTenantKeyVersion(tenantId: string, version: number): Promise<KeyDescription> {
    const counts = await this.deps.store.subjectKeys.countByKekVersion(checkTenantId(tenantId));
    const tenant = await this.deps.store.tenants.get(tenantId);
    if ((counts.get(version) ?? 0) > 0 || tenant?.pseudonymKey.version === version) {
      throw new SottoError('KEY_IN_USE', `version ${version} still wraps keys; run keys rotate first`);
    }
    return this.deps.keys.retire(tenantKekId(tenantId), version);
  }

  async keyStatus(tenantId: string): Promise<{ key: KeyDescription | undefined; subjectKeysByVersion: Record<string, number> }> {
    const key = await this.deps.keys.describe(tenantKekId(checkTenantId(tenantId)));
    const counts = await this.deps.store.subjectKeys.countByKekVersion(tenantId);
    return { key, subjectKeysByVersion: Object.fromEntries([...counts].map(([v, n]) => [String(v), n])) };
  }

  close(): void {
    this.subjects.wipe();
  }
}

function countBytes(source: AsyncIterable<Uint8Array>): { body: AsyncIterable<Uint8Array>; size: () => number } {
  let size = 0;
  async function* body(): AsyncGenerator<Uint8Array> {
    for await (const chunk of source) {
      size += chunk.length;
      yield chunk;
    }
  }
  return { body: body(), size: () => size };
}
