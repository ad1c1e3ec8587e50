export {
  AES_KEY_BYTES,
  GCM_NONCE_BYTES,
  GCM_TAG_BYTES,
  constantTimeEqual,
  gcmOpen,
  gcmSeal,
  hkdfSha256,
  hmacSha256,
  randomBytes,
  randomId,
  scrypt,
  sha256,
} from './primitives.js';
export type { ScryptParams } from './primitives.js';
export { createGcmSegmentDecryptor, createGcmSegmentEncryptor } from './streaming-gcm.js';
export type { GcmSegmentDecryptor, GcmSegmentEncryptor } from './streaming-gcm.js';
