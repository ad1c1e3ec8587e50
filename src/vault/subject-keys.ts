import { gcmOpen, gcmSeal, hmacSha256, randomBytes, GCM_NONCE_BYTES } from '../crypto/index.js';
import { isSottoError, SottoError } from '../errors/index.js';
import type { MetadataStore, SubjectKeyRecord } from '../store/meta/metadata-store.js';
import type { KeyProvider, WrapContext } from './keys/provider.js';
import { checkSubjectId, checkTenantId, tenantKekId } from './names.js';

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

  /** The subject's key, created on first use. Caller must wipe it after use. */
  async getOrCreate(tenantId: string, subjectRef: string): Promise<Buffer> {
    const existing = await this.store.subjectKeys.get(tenantId, subjectRef);
    if (existing) return this.unwrap(existing);
    const subjectKey = randomBytes(32);
    const wrapped = await this.keys.wrap(tenantKekId(tenantId), subjectKey, subjectContext(tenantId, subjectRef));
    try {
      await this.store.subjectKeys.create({
        tenantId,
        subjectRef,
        wrapped,
        createdAt: this.now().toISOString(),
        destroyedAt: undefined,
      });
      return subjectKey;
    } catch (err) {
      // Another writer created it first: use theirs, so all artifacts share one subject key.
      if (!isSottoError(err, 'STORE_CONFLICT')) throw err;
      subjectKey.fill(0);
      const winner = await this.store.subjectKeys.get(tenantId, subjectRef);
      if (!winner) throw err;
      return this.unwrap(winner);
    }
  }

  async get(tenantId: string, subjectRef: string): Promise<Buffer> {
    const record = await this.store.subjectKeys.get(tenantId, subjectRef);
    if (!record) throw new SottoError('SUBJECT_KEY_UNWRAP_FAILED', 'no subject key for this artifact');
    return this.unwrap(record);
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
        const wrapped = await this.keys.wrap(tenantKekId(tenantId), key, subjectContext(tenantId, record.subjectRef));
        key.fill(0);
        if (await this.store.subjectKeys.rewrap(tenantId, record.subjectRef, record.wrapped.version, wrapped)) count++;
      }
    }
  }

  private async unwrap(record: SubjectKeyRecord): Promise<Buffer> {
    if (!record.wrapped) throw new SottoError('ARTIFACT_SHREDDED', 'the subject key was destroyed');
    try {
      return await this.keys.unwrap(record.wrapped, subjectContext(record.tenantId, record.subjectRef));
    } catch (cause) {
      if (isSottoError(cause, 'KEY_PROVIDER_UNAVAILABLE') || isSottoError(cause, 'KEY_RETIRED')) throw cause;
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

function subjectContext(tenantId: string, subjectRef: string): WrapContext {
  return { purpose: 'subject-key', tenant: tenantId, subject: subjectRef };
}

function pseudonymContext(tenantId: string): WrapContext {
  return { purpose: 'pseudonym-key', tenant: tenantId };
}

/** Data keys are wrapped by the subject key with AES-256-GCM, bound to the artifact. */
export function wrapDataKey(subjectKey: Buffer, dataKey: Buffer, aad: Buffer): Buffer {
  const nonce = randomBytes(GCM_NONCE_BYTES);
  return Buffer.concat([nonce, gcmSeal(subjectKey, nonce, dataKey, aad)]);
}

export function unwrapDataKey(subjectKey: Buffer, wrapped: Buffer, aad: Buffer): Buffer {
  return gcmOpen(subjectKey, wrapped.subarray(0, GCM_NONCE_BYTES), wrapped.subarray(GCM_NONCE_BYTES), aad, 'DATA_KEY_UNWRAP_FAILED');
}
