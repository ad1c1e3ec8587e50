// The PKCS#11 key provider: KEKs are AES-256 keys generated inside a token (an HSM, or SoftHSM2
// for development) and never leave it; wrapping is AES-GCM computed by the token.
//
// SoftHSM's C_WrapKey has no AES-GCM mode, and a wrap must bind its context as associated
// data, so wrap is C_Encrypt with CKM_AES_GCM over the key bytes (PKCS#11 v2.40 §2.10.4).
// pkcs11js calls are synchronous: each method below runs without awaiting in between, so
// calls on the one session never interleave within this process. Across processes the token
// is the single source of truth; two processes creating the same key or version at the same
// instant can produce two objects for one version — unwrap then tries each of them.
import pkcs11js from 'pkcs11js';
import { GCM_NONCE_BYTES, GCM_TAG_BYTES, randomBytes } from '../../crypto/index.js';
import { SottoError } from '../../errors/index.js';
import { assertKeyId, assertWrapPlaintext, assertWrappedFor, wrapAad } from './key-binding.js';
import { createTombstone, destroyObject, findKeks, findTombstones, generateKek, listKeyIds, type KekObject } from './pkcs11-objects.js';
import { Pkcs11Session, call, ckrName } from './pkcs11-session.js';
import type { KeyDescription, KeyProvider, KeyVersionState, WrapContext, WrappedKey } from './provider.js';

export const DEFAULT_PKCS11_MODULE = '/usr/lib/softhsm/libsofthsm2.so';

export interface Pkcs11KeyProviderOptions {
  /** Path of the PKCS#11 library; defaults to Debian's SoftHSM2. */
  modulePath?: string;
  /** Select the token by label, or … */
  tokenLabel?: string;
  /** … by slot id. Exactly one of the two. */
  slot?: number;
  /** User PIN. */
  pin: string;
}

/** Return values from C_Decrypt that mean "these bytes do not authenticate". SoftHSM2 reports
 * a GCM tag mismatch as CKR_GENERAL_ERROR rather than CKR_ENCRYPTED_DATA_INVALID. */
const AUTH_FAILURES = new Set([
  pkcs11js.CKR_ENCRYPTED_DATA_INVALID,
  pkcs11js.CKR_ENCRYPTED_DATA_LEN_RANGE,
  pkcs11js.CKR_GENERAL_ERROR,
]);

interface VersionOnToken {
  version: number;
  createdAt: string;
  state: KeyVersionState;
  keys: KekObject[];
}

export class Pkcs11KeyProvider implements KeyProvider {
  readonly name = 'pkcs11';
  readonly #session: Pkcs11Session;

  private constructor(session: Pkcs11Session) {
    this.#session = session;
  }

  static async open(options: Pkcs11KeyProviderOptions): Promise<Pkcs11KeyProvider> {
    const session = Pkcs11Session.open({ ...options, modulePath: options.modulePath ?? DEFAULT_PKCS11_MODULE });
    return new Pkcs11KeyProvider(session);
  }

  async ensureKey(keyId: string): Promise<KeyDescription> {
    assertKeyId(keyId);
    const existing = this.#versions(keyId);
    if (existing.length === 0) generateKek(this.#open(), keyId, 1);
    return this.#describeOrThrow(keyId);
  }

  async rotate(keyId: string): Promise<KeyDescription> {
    assertKeyId(keyId);
    const versions = this.#versions(keyId);
    if (versions.length === 0) throw new SottoError('KEY_NOT_FOUND', `no key ${keyId} on the token`);
    generateKek(this.#open(), keyId, Math.max(...versions.map((v) => v.version)) + 1);
    return this.#describeOrThrow(keyId);
  }

  async retire(keyId: string, version: number): Promise<KeyDescription> {
    assertKeyId(keyId);
    const target = this.#versions(keyId).find((v) => v.version === version);
    if (!target) throw new SottoError('KEY_NOT_FOUND', `key ${keyId} has no version ${String(version)}`);
    if (target.state === 'primary') {
      throw new SottoError('KEY_IN_USE', `version ${version} is the primary version of key ${keyId}; rotate before retiring it`);
    }
    const session = this.#open();
    // Tombstone first: if the process dies before the key is destroyed, the version is
    // already refused, and retiring again destroys what is left.
    const [first] = target.keys;
    if (target.state !== 'retired' && first) createTombstone(session, keyId, first);
    for (const kek of target.keys) destroyObject(session, kek.handle);
    return this.#describeOrThrow(keyId);
  }

  async describe(keyId: string): Promise<KeyDescription | undefined> {
    assertKeyId(keyId);
    const versions = this.#versions(keyId);
    if (versions.length === 0) return undefined;
    return {
      keyId,
      provider: this.name,
      // 0 only if every version was destroyed outside Sotto; wrap then refuses.
      primaryVersion: versions.find((v) => v.state === 'primary')?.version ?? 0,
      versions: versions.map(({ version, state, createdAt }) => ({ version, state, createdAt })),
    };
  }

  async listKeys(): Promise<string[]> {
    return listKeyIds(this.#open());
  }

  async wrap(keyId: string, plaintext: Uint8Array, context: WrapContext): Promise<WrappedKey> {
    assertKeyId(keyId);
    assertWrapPlaintext(plaintext);
    const versions = this.#versions(keyId);
    if (versions.length === 0) throw new SottoError('KEY_NOT_FOUND', `no key ${keyId} on the token`);
    const primary = versions.find((v) => v.state === 'primary');
    const kek = primary?.keys[0];
    if (!primary || !kek) throw new SottoError('KEY_NOT_FOUND', `key ${keyId} has no live version`);
    const { p11, handle } = this.#open();
    const iv = randomBytes(GCM_NONCE_BYTES);
    const mechanism = gcm(iv, wrapAad(this.name, keyId, primary.version, context));
    call('C_EncryptInit', () => p11.C_EncryptInit(handle, mechanism, kek.handle));
    const sealed = call('C_Encrypt', () => p11.C_Encrypt(handle, Buffer.from(plaintext), Buffer.alloc(plaintext.length + GCM_TAG_BYTES)));
    return { provider: this.name, keyId, version: primary.version, ciphertext: Buffer.concat([iv, sealed]) };
  }

  async unwrap(wrapped: WrappedKey, context: WrapContext): Promise<Buffer> {
    assertWrappedFor(wrapped, this.name);
    const { keyId, version, ciphertext } = wrapped;
    const target = this.#versions(keyId).find((v) => v.version === version);
    if (!target) throw new SottoError('KEY_NOT_FOUND', `key ${keyId} has no version ${version} on the token`);
    if (target.state === 'retired') throw new SottoError('KEY_RETIRED', `version ${version} of key ${keyId} is retired`);
    if (ciphertext.length < GCM_NONCE_BYTES + GCM_TAG_BYTES) throw new SottoError('KEY_UNWRAP_FAILED', 'the wrapped key is too short');
    const { p11, handle } = this.#open();
    const mechanism = gcm(ciphertext.subarray(0, GCM_NONCE_BYTES), wrapAad(this.name, keyId, version, context));
    const sealed = ciphertext.subarray(GCM_NONCE_BYTES);
    let failure: unknown;
    for (const kek of target.keys) {
      call('C_DecryptInit', () => p11.C_DecryptInit(handle, mechanism, kek.handle));
      try {
        return p11.C_Decrypt(handle, sealed, Buffer.alloc(sealed.length));
      } catch (err) {
        if (!(err instanceof pkcs11js.Pkcs11Error && AUTH_FAILURES.has(err.code))) {
          throw new SottoError('KEY_PROVIDER_UNAVAILABLE', `PKCS#11 C_Decrypt failed: ${ckrName(err)}`, { cause: err });
        }
        failure = err;
      }
    }
    throw new SottoError('KEY_UNWRAP_FAILED', undefined, { cause: failure });
  }

  async close(): Promise<void> {
    this.#session.close();
  }

  /** Every version of a key as the token holds it now, oldest first. */
  #versions(keyId: string): VersionOnToken[] {
    const session = this.#open();
    const byVersion = new Map<number, VersionOnToken>();
    for (const kek of findKeks(session, keyId)) {
      const entry = byVersion.get(kek.version) ?? { version: kek.version, createdAt: kek.createdAt, state: 'active', keys: [] };
      entry.keys.push(kek);
      byVersion.set(kek.version, entry);
    }
    for (const tombstone of findTombstones(session, keyId)) {
      const entry = byVersion.get(tombstone.version) ?? { version: tombstone.version, createdAt: tombstone.createdAt, state: 'retired', keys: [] };
      entry.state = 'retired';
      byVersion.set(tombstone.version, entry);
    }
    const versions = [...byVersion.values()].sort((a, b) => a.version - b.version);
    // Rotation always adds the highest version, and the primary cannot be retired: so the
    // primary is the highest version that is still live.
    const primary = versions.filter((v) => v.state !== 'retired' && v.keys.length > 0).at(-1);
    if (primary) primary.state = 'primary';
    return versions;
  }

  async #describeOrThrow(keyId: string): Promise<KeyDescription> {
    const description = await this.describe(keyId);
    if (!description) throw new SottoError('KEY_NOT_FOUND', `no key ${keyId} on the token`);
    return description;
  }

  #open(): Pkcs11Session {
    if (this.#session.closed) throw new SottoError('KEY_PROVIDER_UNAVAILABLE', 'the PKCS#11 key provider is closed');
    return this.#session;
  }
}

/** AES-GCM with a 96-bit IV and a 128-bit tag (NIST SP 800-38D). */
function gcm(iv: Buffer, aad: Buffer): pkcs11js.Mechanism {
  const parameter: pkcs11js.GcmParams = { type: pkcs11js.CK_PARAMS_GCM, iv, ivBits: iv.length * 8, aad, tagBits: GCM_TAG_BYTES * 8 };
  return { mechanism: pkcs11js.CKM_AES_GCM, parameter };
}
