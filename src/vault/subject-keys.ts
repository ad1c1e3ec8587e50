import { gcmOpen, gcmSeal, hmacSha256, randomBytes, GCM_NONCE_BYTES } from '../crypto/index.js';
import { isSottoError, SottoError, type ErrorCode } from '../errors/index.js';
import type { MetadataStore, SubjectKeyRecord } from '../store/meta/metadata-store.js';
import type { KeyProvider, WrapContext } from './keys/provider.js';
import { checkSubjectId, checkTenantId, tenantKekId } from './names.js';

/** Refusals to use a key here, not signs of a bad key: callers see the reason (docs/residency.md). */
const PASSED_THROUGH: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['KEY_PROVIDER_UNAVAILABLE', 'KEY_RETIRED', 'REGION_UNAVAILABLE', 'RESIDENCY_VIOLATION']);

/**
 * The middle level of the envelope: tenant KEK (in the key provider) → subject key (one per
 * data subject, wrapped, in the metadata store) → data key (one per artifact). Destroying a
 * subject key makes every artifact of that subject unreadable, backups of blobs included.
 * Subject identifiers are stored only as keyed hashes (HMAC-SHA256 under a per-tenant
 * pseudonym key), so the metadata store never holds a caller's number or customer id.
 */
export class SubjectKeys {
  private readonly pseudonymKeys = new Map<string, Buffer>();

  constructor(
    private readonly store: MetadataStore,
    private readonly keys: KeyProvider,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Create the tenant's KEK and pseudonym key if missing. Idempotent and race-safe. */
  async ensureTenant(tenantId: string): Promise<void> {
    await this.pseudonymKey(checkTenantId(tenantId));
  }

  /** The keyed hash that stands for a subject identifier everywhere Sotto stores one. */
  async subjectRef(tenantId: string, subjectId: string): Promise<string> {
    const key = await this.pseudonymKey(checkTenantId(tenantId));
    return hmacSha256(key, Buffer.from(checkSubjectId(subjectId), 'utf8')).toString('hex');
  }

  /**
   * The subject's current key and its generation, created on first use. A subject whose key
   * was destroyed (erased) and who is seen again — a returning caller — gets a fresh key, the
   * next generation: the destroyed one stays destroyed, so nothing erased becomes readable.
   * Caller must wipe `key` after use, and write artifacts with `createUnderLiveKey`.
   */
  async current(tenantId: string, subjectRef: string): Promise<LiveSubjectKey> {
    for (let attempt = 0; attempt < 4; attempt++) {
      const existing = await this.store.subjectKeys.get(tenantId, subjectRef);
      if (existing?.wrapped) return { key: await this.unwrap(existing), generation: existing.generation };
      const generation = existing === undefined ? 0 : existing.generation + 1;
      const key = randomBytes(32);
      try {
        const wrapped = await this.keys.wrap(tenantKekId(tenantId), key, subjectContext(tenantId, subjectRef, generation));
        const at = this.now().toISOString();
        if (existing === undefined) {
          await this.store.subjectKeys.create({ tenantId, subjectRef, wrapped, generation, createdAt: at, destroyedAt: undefined });
          return { key, generation };
        }
        if (await this.store.subjectKeys.renew(tenantId, subjectRef, existing.generation, wrapped, at)) return { key, generation };
      } catch (err) {
        // Another writer created it first: use theirs, so all artifacts share one subject key.
        if (!isSottoError(err, 'STORE_CONFLICT')) {
          key.fill(0);
          throw err;
        }
      }
      // Lost a race to another writer (or to an erasure): read the row again.
      key.fill(0);
    }
    throw new SottoError('STORE_CONFLICT', 'the subject key kept changing while it was being created');
  }

  /**
   * The current key alone, for writers that wrap data keys in the generation-0 layout (test and
   * bench fixtures). A subject past an erasure is refused: its data keys must name the generation.
   */
  async getOrCreate(tenantId: string, subjectRef: string): Promise<Buffer> {
    const { key, generation } = await this.current(tenantId, subjectRef);
    if (generation === 0) return key;
    key.fill(0);
    throw new SottoError('USAGE', 'this subject key is of a later generation: use current() and wrap data keys with its generation');
  }

  async get(tenantId: string, subjectRef: string): Promise<Buffer> {
    const record = await this.store.subjectKeys.get(tenantId, subjectRef);
    if (!record) throw new SottoError('SUBJECT_KEY_UNWRAP_FAILED', 'no subject key for this artifact');
    return this.unwrap(record);
  }

  /**
   * An artifact's data key, unwrapped with the subject key of the generation that wrapped it.
   * A generation older than the subject's current one was destroyed: ARTIFACT_SHREDDED.
   */
  async openDataKey(artifact: { tenantId: string; subjectRef: string; wrappedDataKey: Buffer }, aad: Buffer): Promise<Buffer> {
    const { generation } = parseWrappedDataKey(artifact.wrappedDataKey);
    const record = await this.store.subjectKeys.get(artifact.tenantId, artifact.subjectRef);
    if (!record) throw new SottoError('SUBJECT_KEY_UNWRAP_FAILED', 'no subject key for this artifact');
    if (generation < record.generation) throw new SottoError('ARTIFACT_SHREDDED', 'the subject key was destroyed');
    // A generation that never existed is a forged or corrupted record, not an erased one.
    if (generation > record.generation) throw new SottoError('DATA_KEY_UNWRAP_FAILED', 'the artifact names an unknown subject key generation');
    const subjectKey = await this.unwrap(record);
    try {
      return unwrapDataKey(subjectKey, artifact.wrappedDataKey, aad);
    } finally {
      subjectKey.fill(0);
    }
  }

  /** Crypto-shredding: erase the wrapped subject key, keeping a tombstone. Idempotent. */
  async destroy(tenantId: string, subjectRef: string): Promise<void> {
    await this.store.subjectKeys.destroy(tenantId, subjectRef, this.now().toISOString());
  }

  /** After a KEK rotation: re-wrap every live subject key under the primary version. */
  async rewrapAll(tenantId: string, primaryVersion: number): Promise<number> {
    let count = 0;
    for (;;) {
      const batch = await this.store.subjectKeys.listWrappedNotUnder(tenantId, primaryVersion, 500);
      if (batch.length === 0) return count;
      for (const record of batch) {
        if (!record.wrapped) continue;
        const key = await this.unwrap(record);
        const wrapped = await this.keys.wrap(tenantKekId(tenantId), key, subjectContext(tenantId, record.subjectRef, record.generation));
        key.fill(0);
        if (await this.store.subjectKeys.rewrap(tenantId, record.subjectRef, record.wrapped.version, wrapped, record.generation)) count++;
      }
    }
  }

  private async unwrap(record: SubjectKeyRecord): Promise<Buffer> {
    if (!record.wrapped) throw new SottoError('ARTIFACT_SHREDDED', 'the subject key was destroyed');
    try {
      return await this.keys.unwrap(record.wrapped, subjectContext(record.tenantId, record.subjectRef, record.generation));
    } catch (cause) {
      if (isSottoError(cause) && PASSED_THROUGH.has(cause.code)) throw cause;
      throw new SottoError('SUBJECT_KEY_UNWRAP_FAILED', undefined, { cause });
    }
  }

  private async pseudonymKey(tenantId: string): Promise<Buffer> {
    const cached = this.pseudonymKeys.get(tenantId);
    if (cached) return cached;
    const kekId = tenantKekId(tenantId);
    let tenant = await this.store.tenants.get(tenantId);
    if (!tenant) {
      await this.keys.ensureKey(kekId);
      const fresh = randomBytes(32);
      const record = {
        id: tenantId,
        createdAt: this.now().toISOString(),
        pseudonymKey: await this.keys.wrap(kekId, fresh, pseudonymContext(tenantId)),
      };
      fresh.fill(0);
      try {
        await this.store.tenants.create(record);
      } catch (err) {
        if (!isSottoError(err, 'STORE_CONFLICT')) throw err;
      }
      tenant = await this.store.tenants.get(tenantId);
      if (!tenant) throw new SottoError('STORE_UNAVAILABLE', 'tenant vanished after creation');
    }
    const key = await this.keys.unwrap(tenant.pseudonymKey, pseudonymContext(tenantId));
    this.pseudonymKeys.set(tenantId, key);
    return key;
  }

  /** Re-wrap the tenant's pseudonym key under the KEK's primary version. */
  async rewrapPseudonymKey(tenantId: string): Promise<void> {
    const tenant = await this.store.tenants.get(tenantId);
    if (!tenant) return;
    const key = await this.keys.unwrap(tenant.pseudonymKey, pseudonymContext(tenantId));
    const wrapped = await this.keys.wrap(tenantKekId(tenantId), key, pseudonymContext(tenantId));
    key.fill(0);
    if (wrapped.version !== tenant.pseudonymKey.version) {
      await this.store.tenants.rewrapPseudonymKey(tenantId, tenant.pseudonymKey.version, wrapped);
    }
  }

  /** Forget cached pseudonym keys (on close). */
  wipe(): void {
    for (const key of this.pseudonymKeys.values()) key.fill(0);
    this.pseudonymKeys.clear();
  }
}

/** A subject's current key: wrap data keys with `wrapDataKey(key, …, generation)`. */
export interface LiveSubjectKey {
  key: Buffer;
  generation: number;
}

function subjectContext(tenantId: string, subjectRef: string, generation: number): WrapContext {
  // Generation 0 keeps the context keys were first wrapped with; later ones are bound to their
  // generation, so an old generation's wrapped key cannot be put back as a new one.
  const base = { purpose: 'subject-key', tenant: tenantId, subject: subjectRef };
  return generation === 0 ? base : { ...base, generation: String(generation) };
}

function pseudonymContext(tenantId: string): WrapContext {
  return { purpose: 'pseudonym-key', tenant: tenantId };
}

// Wrapped data key: generation 0 is `nonce ‖ ciphertext ‖ tag` (60 bytes, the first format);
// a later generation is `0x01 ‖ u32 generation ‖ nonce ‖ ciphertext ‖ tag` with the prefix in
// the associated data, so the reader knows which subject key wrapped it (docs/vault-format.md).
const WRAPPED_DATA_KEY_BYTES = GCM_NONCE_BYTES + 32 + 16;
const GENERATION_MARK = 0x01;
const GENERATION_PREFIX_BYTES = 5;

/** Data keys are wrapped by the subject key with AES-256-GCM, bound to the artifact and the key's generation. */
export function wrapDataKey(subjectKey: Buffer, dataKey: Buffer, aad: Buffer, generation = 0): Buffer {
  const nonce = randomBytes(GCM_NONCE_BYTES);
  if (generation === 0) return Buffer.concat([nonce, gcmSeal(subjectKey, nonce, dataKey, aad)]);
  const prefix = Buffer.alloc(GENERATION_PREFIX_BYTES);
  prefix.writeUInt8(GENERATION_MARK, 0);
  prefix.writeUInt32BE(generation, 1);
  return Buffer.concat([prefix, nonce, gcmSeal(subjectKey, nonce, dataKey, Buffer.concat([aad, prefix]))]);
}

export function unwrapDataKey(subjectKey: Buffer, wrapped: Buffer, aad: Buffer): Buffer {
  const { prefix, sealed } = parseWrappedDataKey(wrapped);
  return gcmOpen(subjectKey, sealed.subarray(0, GCM_NONCE_BYTES), sealed.subarray(GCM_NONCE_BYTES), Buffer.concat([aad, prefix]), 'DATA_KEY_UNWRAP_FAILED');
}

function parseWrappedDataKey(wrapped: Buffer): { generation: number; prefix: Buffer; sealed: Buffer } {
  if (wrapped.length === WRAPPED_DATA_KEY_BYTES) return { generation: 0, prefix: Buffer.alloc(0), sealed: wrapped };
  if (wrapped.length === GENERATION_PREFIX_BYTES + WRAPPED_DATA_KEY_BYTES && wrapped[0] === GENERATION_MARK) {
    const generation = wrapped.readUInt32BE(1);
    if (generation > 0) return { generation, prefix: wrapped.subarray(0, GENERATION_PREFIX_BYTES), sealed: wrapped.subarray(GENERATION_PREFIX_BYTES) };
  }
  throw new SottoError('DATA_KEY_UNWRAP_FAILED', 'the wrapped data key has an unknown layout');
}
