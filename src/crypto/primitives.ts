// The one module that touches node:crypto (CONVENTIONS.md). Everything above it works with
// these few named operations, so a review of Sotto's cryptography starts and ends here.
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  hkdfSync,
  randomBytes as nodeRandomBytes,
  scrypt as nodeScrypt,
  sign as nodeSign,
  timingSafeEqual,
  verify as nodeVerify,
  type KeyObject,
} from 'node:crypto';
import { SottoError, type ErrorCode } from '../errors/index.js';

export const AES_KEY_BYTES = 32;
export const GCM_NONCE_BYTES = 12;
export const GCM_TAG_BYTES = 16;

export function randomBytes(length: number): Buffer {
  return nodeRandomBytes(length);
}

/** A random identifier with a readable prefix, e.g. `art_2f6…`; 128 bits of entropy. */
export function randomId(prefix: string): string {
  return `${prefix}_${nodeRandomBytes(16).toString('base64url')}`;
}

/** A bearer secret for a client to present (session or API token): `bytes` random bytes, base64url. */
export function randomToken(bytes: number): string {
  return nodeRandomBytes(bytes).toString('base64url');
}

export function sha256(...parts: Uint8Array[]): Buffer {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}

export function hmacSha256(key: Uint8Array, ...parts: Uint8Array[]): Buffer {
  const h = createHmac('sha256', key);
  for (const p of parts) h.update(p);
  return h.digest();
}

/**
 * HMAC-SHA1 (RFC 2104). Only for verifying signatures a third party defines this way (Twilio's
 * X-Twilio-Signature); HMAC-SHA1 is still a sound MAC, but new Sotto formats use HMAC-SHA256.
 */
export function hmacSha1(key: Uint8Array | string, ...parts: (Uint8Array | string)[]): Buffer {
  const h = createHmac('sha1', key);
  for (const p of parts) h.update(p);
  return h.digest();
}

/** HKDF-SHA256 (RFC 5869). */
export function hkdfSha256(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Buffer {
  return Buffer.from(hkdfSync('sha256', ikm, salt, info, length));
}

/** Constant-time equality; unequal lengths are simply unequal. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** AES-256-GCM seal: returns ciphertext ‖ 16-byte tag. */
export function gcmSeal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad?: Uint8Array): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  if (aad) cipher.setAAD(aad);
  const body = cipher.update(plaintext);
  cipher.final();
  return Buffer.concat([body, cipher.getAuthTag()]);
}

/**
 * AES-256-GCM open of ciphertext ‖ tag. The plaintext is returned only after the tag
 * verifies; on failure it throws the caller's error code, so every layer reports its own reason.
 */
export function gcmOpen(
  key: Uint8Array,
  nonce: Uint8Array,
  sealed: Uint8Array,
  aad: Uint8Array | undefined,
  failure: ErrorCode,
): Buffer {
  if (sealed.length < GCM_TAG_BYTES) throw new SottoError(failure, 'ciphertext shorter than its tag');
  const split = sealed.length - GCM_TAG_BYTES;
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAuthTag(sealed.subarray(split));
  if (aad) decipher.setAAD(aad);
  const body = decipher.update(sealed.subarray(0, split));
  try {
    decipher.final();
  } catch (cause) {
    body.fill(0);
    throw new SottoError(failure, undefined, { cause });
  }
  return body;
}

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** scrypt (RFC 7914) for sealing the local keyring with a master secret. */
export function scrypt(secret: Uint8Array, salt: Uint8Array, params: ScryptParams, length = AES_KEY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const maxmem = 128 * params.N * params.r * 2 + 1024 * 1024;
    nodeScrypt(secret, salt, length, { ...params, maxmem }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

// Ed25519 (RFC 8032) for signed checkpoints (C2SP signed-note). Private keys travel as PKCS #8
// DER, public keys as the 32 raw bytes the note formats use; the fixed DER prefixes below are
// the RFC 8410 encodings of exactly those 32 bytes.
export const ED25519_PUBLIC_KEY_BYTES = 32;
export const ED25519_SEED_BYTES = 32;
export const ED25519_SIGNATURE_BYTES = 64;
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export function generateEd25519KeyPair(): { privateKeyPkcs8: Buffer; publicKey: Buffer } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKeyPkcs8: privateKey.export({ format: 'der', type: 'pkcs8' }), publicKey: rawEd25519PublicKey(publicKey) };
}

/** PKCS #8 DER for the private key with this 32-byte RFC 8032 seed. */
export function ed25519PrivateKeyFromSeed(seed: Uint8Array): Buffer {
  if (seed.length !== ED25519_SEED_BYTES) throw new SottoError('INTERNAL', 'an Ed25519 seed is 32 bytes');
  return Buffer.concat([ED25519_PKCS8_PREFIX, seed]);
}

/** The 32-byte seed inside an Ed25519 private key (for the signer key string). */
export function ed25519SeedOf(privateKeyPkcs8: Uint8Array): Buffer {
  const jwk = ed25519PrivateKey(privateKeyPkcs8).export({ format: 'jwk' });
  return Buffer.from(jwk.d ?? '', 'base64url');
}

/** The raw 32-byte public key that belongs to an Ed25519 private key. */
export function ed25519PublicKeyOf(privateKeyPkcs8: Uint8Array): Buffer {
  return rawEd25519PublicKey(createPublicKey(ed25519PrivateKey(privateKeyPkcs8)));
}

export function ed25519Sign(privateKeyPkcs8: Uint8Array, message: Uint8Array): Buffer {
  return nodeSign(null, message, ed25519PrivateKey(privateKeyPkcs8));
}

/**
 * RFC 8032 verification. Returns a boolean at this level only; every caller turns `false` into
 * its own coded error. Malformed keys or signatures are simply `false`, never an exception.
 */
export function ed25519Verify(publicKeyRaw: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (publicKeyRaw.length !== ED25519_PUBLIC_KEY_BYTES || signature.length !== ED25519_SIGNATURE_BYTES) return false;
  try {
    const key = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, publicKeyRaw]), format: 'der', type: 'spki' });
    return nodeVerify(null, message, key, signature);
  } catch {
    return false;
  }
}

function ed25519PrivateKey(privateKeyPkcs8: Uint8Array): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: Buffer.from(privateKeyPkcs8), format: 'der', type: 'pkcs8' });
  } catch (cause) {
    throw new SottoError('INTERNAL', 'not a PKCS #8 private key', { cause });
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new SottoError('INTERNAL', 'not an Ed25519 private key');
  return key;
}

function rawEd25519PublicKey(key: KeyObject): Buffer {
  const spki = key.export({ format: 'der', type: 'spki' });
  if (spki.length !== ED25519_SPKI_PREFIX.length + ED25519_PUBLIC_KEY_BYTES || !spki.subarray(0, ED25519_SPKI_PREFIX.length).equals(ED25519_SPKI_PREFIX)) {
    throw new SottoError('INTERNAL', 'unexpected Ed25519 public key encoding');
  }
  return Buffer.from(spki.subarray(ED25519_SPKI_PREFIX.length));
}
