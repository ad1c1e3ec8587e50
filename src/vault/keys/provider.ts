/**
 * A key provider holds tenants' key-encryption keys (KEKs) and never releases them: callers
 * hand it a small secret (a subject key) to wrap or unwrap. The shape follows what cloud KMSs
 * offer, so adapters fit without changing callers:
 *   - AWS KMS Encrypt/Decrypt: `context` becomes the EncryptionContext; versions are implicit
 *     in the ciphertext blob, recorded here for rotation bookkeeping.
 *   - HashiCorp Vault Transit: keyId → key name, version → "vault:vN:" prefix, context → AAD
 *     (derived keys) — `min_decryption_version` implements retire.
 *   - Google Cloud KMS: keyId → CryptoKey, version → CryptoKeyVersion, context → AAD.
 *   - Azure Key Vault wrapKey has no AAD: its adapter binds the context by sealing
 *     (context digest ‖ key) before wrapping.
 * Wrapping is AES-256-GCM (or the provider's equivalent) with the canonical encoding of
 * `context` as associated data, so a wrapped key moved to another tenant or subject fails.
 */
export interface KeyProvider {
  /** Stable name recorded with every wrapped key, e.g. 'local' or 'pkcs11'. */
  readonly name: string;
  /** Create version 1 of the key if it does not exist; returns its description either way. */
  ensureKey(keyId: string): Promise<KeyDescription>;
  /** Add a new version and make it primary for future wraps. Older versions still unwrap. */
  rotate(keyId: string): Promise<KeyDescription>;
  /** Destroy a non-primary version: nothing wrapped under it can be unwrapped afterwards. */
  retire(keyId: string, version: number): Promise<KeyDescription>;
  describe(keyId: string): Promise<KeyDescription | undefined>;
  listKeys(): Promise<string[]>;
  /** Wrap with the primary version. */
  wrap(keyId: string, plaintext: Uint8Array, context: WrapContext): Promise<WrappedKey>;
  /** Unwrap with the version recorded in `wrapped`; throws a coded error on any mismatch. */
  unwrap(wrapped: WrappedKey, context: WrapContext): Promise<Buffer>;
  close(): Promise<void>;
}

/** Non-secret strings bound to a wrapped key (tenant, subject reference, purpose). */
export type WrapContext = Readonly<Record<string, string>>;

export interface WrappedKey {
  provider: string;
  keyId: string;
  version: number;
  /** Provider-specific ciphertext (for local and PKCS#11: nonce ‖ ciphertext ‖ tag). */
  ciphertext: Buffer;
}

export type KeyVersionState = 'primary' | 'active' | 'retired';

export interface KeyDescription {
  keyId: string;
  provider: string;
  primaryVersion: number;
  versions: { version: number; state: KeyVersionState; createdAt: string }[];
}

/**
 * Canonical, unambiguous byte encoding of a wrap context: keys sorted, each key and value
 * length-prefixed, so {a:'b|c'} and {'a|b':'c'} can never collide.
 */
export function encodeWrapContext(context: WrapContext): Buffer {
  const parts: Buffer[] = [Buffer.from('sotto-wrap-context-v1')];
  for (const key of Object.keys(context).sort()) {
    for (const s of [key, context[key] ?? '']) {
      const b = Buffer.from(s, 'utf8');
      const len = Buffer.alloc(4);
      len.writeUInt32BE(b.length);
      parts.push(len, b);
    }
  }
  return Buffer.concat(parts);
}
