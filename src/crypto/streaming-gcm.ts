// Incremental AES-256-GCM, for the vault's segmented format: a segment is fed chunk by chunk
// so large artifacts are never copied into one buffer.
import { createCipheriv, createDecipheriv, type CipherGCM, type DecipherGCM } from 'node:crypto';
import { SottoError, type ErrorCode } from '../errors/index.js';

export interface GcmSegmentEncryptor {
  update(chunk: Uint8Array): Buffer;
  /** Finish and return the 16-byte tag. */
  finish(): Buffer;
}

export interface GcmSegmentDecryptor {
  /** Output must be held by the caller until `verify` succeeds: it is unauthenticated. */
  update(chunk: Uint8Array): Buffer;
  /** Throw the caller's error code unless the tag verifies. */
  verify(tag: Uint8Array, failure: ErrorCode): void;
}

export function createGcmSegmentEncryptor(key: Uint8Array, nonce: Uint8Array): GcmSegmentEncryptor {
  const cipher: CipherGCM = createCipheriv('aes-256-gcm', key, nonce);
  return {
    update: (chunk) => cipher.update(chunk),
    finish: () => {
      cipher.final();
      return cipher.getAuthTag();
    },
  };
}

export function createGcmSegmentDecryptor(key: Uint8Array, nonce: Uint8Array): GcmSegmentDecryptor {
  const decipher: DecipherGCM = createDecipheriv('aes-256-gcm', key, nonce);
  return {
    update: (chunk) => decipher.update(chunk),
    verify: (tag, failure) => {
      try {
        decipher.setAuthTag(tag);
        decipher.final();
      } catch (cause) {
        throw new SottoError(failure, undefined, { cause });
      }
    },
  };
}
