// The one module that touches node:crypto (CONVENTIONS.md). Everything above it works with
// these few named operations, so a review of Sotto's cryptography starts and ends here.
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes as nodeRandomBytes,
  scrypt as nodeScrypt,
  timingSafeEqual,
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
