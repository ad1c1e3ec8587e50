export {
  AES_KEY_BYTES,
  ED25519_PUBLIC_KEY_BYTES,
  ED25519_SEED_BYTES,
  ED25519_SIGNATURE_BYTES,
  GCM_NONCE_BYTES,
  GCM_TAG_BYTES,
  constantTimeEqual,
  ed25519PrivateKeyFromSeed,
  ed25519PublicKeyOf,
  ed25519SeedOf,
  ed25519Sign,
  ed25519Verify,
  generateEd25519KeyPair,
  gcmOpen,
  gcmSeal,
  hkdfSha256,
  hmacSha1,
  hmacSha256,
  randomBytes,
  randomId,
  randomToken,
  scrypt,
  sha256,
} from './primitives.js';
export type { ScryptParams } from './primitives.js';
export { createHmacSha256Key, sha256Into, sha256Once } from './one-shot.js';
export type { HmacSha256Key } from './one-shot.js';
export { createGcmSegmentDecryptor, createGcmSegmentEncryptor } from './streaming-gcm.js';
export { incrementalSha256 } from './incremental-hash.js';
export { chacha20Poly1305Seal } from './chacha20-poly1305.js';
export type { IncrementalSha256 } from './incremental-hash.js';
export type { GcmSegmentDecryptor, GcmSegmentEncryptor } from './streaming-gcm.js';
