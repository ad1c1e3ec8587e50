// Byte layout of the vault's segmented AEAD format, version 1. docs/vault-format.md is the
// normative description; this file and that page must agree.
import { SottoError } from '../../errors/index.js';

export const MAGIC = Buffer.from('SOTTOVLT', 'ascii');
export const FORMAT_VERSION = 1;
/** AES-256-GCM segments, HKDF-SHA256 key derivation, HMAC-SHA256 header MAC. */
export const ALGORITHM_AES256GCM_HKDF_SHA256 = 1;
export const SALT_BYTES = 32;
export const NONCE_PREFIX_BYTES = 7;
export const COMMITMENT_BYTES = 32;
export const HEADER_MAC_BYTES = 32;
export const TAG_BYTES = 16;
export const MIN_SEGMENT_SIZE = 4 * 1024;
export const MAX_SEGMENT_SIZE = 16 * 1024 * 1024;
export const DEFAULT_SEGMENT_SIZE = 256 * 1024;
/** The segment index is a 32-bit field of the nonce. */
export const MAX_SEGMENTS = 2 ** 32;

// magic(8) version(1) algorithm(1) reserved(2) segmentSize(4) salt(32) prefix(7) commitment(32) mac(32)
const OFF_VERSION = 8;
const OFF_ALGORITHM = 9;
const OFF_RESERVED = 10;
const OFF_SEGMENT_SIZE = 12;
const OFF_SALT = 16;
const OFF_PREFIX = OFF_SALT + SALT_BYTES;
const OFF_COMMITMENT = OFF_PREFIX + NONCE_PREFIX_BYTES;
export const MAC_INPUT_BYTES = OFF_COMMITMENT + COMMITMENT_BYTES;
export const HEADER_BYTES = MAC_INPUT_BYTES + HEADER_MAC_BYTES;

export interface Header {
  segmentSize: number;
  salt: Buffer;
  noncePrefix: Buffer;
  commitment: Buffer;
  mac: Buffer;
}

/** Header bytes without the MAC: the MAC's input. */
export function encodeHeaderBody(h: Omit<Header, 'mac'>): Buffer {
  const out = Buffer.alloc(MAC_INPUT_BYTES);
  MAGIC.copy(out, 0);
  out.writeUInt8(FORMAT_VERSION, OFF_VERSION);
  out.writeUInt8(ALGORITHM_AES256GCM_HKDF_SHA256, OFF_ALGORITHM);
  out.writeUInt16BE(0, OFF_RESERVED);
  out.writeUInt32BE(h.segmentSize, OFF_SEGMENT_SIZE);
  h.salt.copy(out, OFF_SALT);
  h.noncePrefix.copy(out, OFF_PREFIX);
  h.commitment.copy(out, OFF_COMMITMENT);
  return out;
}

/**
 * Parse a header. The bytes are attacker-controlled (anyone with write access to the blob
 * store), so every field is range-checked before it sizes a buffer or a loop.
 */
export function parseHeader(bytes: Uint8Array): Header {
  if (bytes.length < HEADER_BYTES) throw new SottoError('VAULT_TRUNCATED', 'blob is shorter than a vault header');
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  if (!b.subarray(0, MAGIC.length).equals(MAGIC)) throw new SottoError('VAULT_BAD_HEADER', 'not a Sotto vault blob');
  const version = b.readUInt8(OFF_VERSION);
  if (version !== FORMAT_VERSION) throw new SottoError('VAULT_UNSUPPORTED_VERSION', `format version ${version}`);
  if (b.readUInt8(OFF_ALGORITHM) !== ALGORITHM_AES256GCM_HKDF_SHA256 || b.readUInt16BE(OFF_RESERVED) !== 0) {
    throw new SottoError('VAULT_BAD_HEADER', 'unknown algorithm or reserved bits set');
  }
  const segmentSize = b.readUInt32BE(OFF_SEGMENT_SIZE);
  if (segmentSize < MIN_SEGMENT_SIZE || segmentSize > MAX_SEGMENT_SIZE) {
    throw new SottoError('VAULT_BAD_HEADER', 'segment size out of range');
  }
  return {
    segmentSize,
    salt: Buffer.from(b.subarray(OFF_SALT, OFF_PREFIX)),
    noncePrefix: Buffer.from(b.subarray(OFF_PREFIX, OFF_COMMITMENT)),
    commitment: Buffer.from(b.subarray(OFF_COMMITMENT, MAC_INPUT_BYTES)),
    mac: Buffer.from(b.subarray(MAC_INPUT_BYTES, HEADER_BYTES)),
  };
}

/** nonce = prefix(7) ‖ segment index (u32 BE) ‖ last-segment flag (1 byte), as in Tink. */
export function segmentNonce(prefix: Buffer, index: number, last: boolean): Buffer {
  if (index >= MAX_SEGMENTS) throw new SottoError('VAULT_RANGE_INVALID', 'too many segments');
  const nonce = Buffer.alloc(12);
  prefix.copy(nonce, 0);
  nonce.writeUInt32BE(index, NONCE_PREFIX_BYTES);
  nonce.writeUInt8(last ? 1 : 0, 11);
  return nonce;
}

export interface SegmentGeometry {
  segmentSize: number;
  segmentCount: number;
  plaintextSize: number;
  /** Plaintext bytes in the final segment (0 only for an empty artifact). */
  lastSegmentPlaintext: number;
}

/** Derive segment count and plaintext size from the ciphertext size; reject impossible sizes. */
export function geometryFromCiphertextSize(ciphertextSize: number, segmentSize: number): SegmentGeometry {
  const body = ciphertextSize - HEADER_BYTES;
  if (body < TAG_BYTES) throw new SottoError('VAULT_TRUNCATED', 'blob ends before its first segment');
  const full = segmentSize + TAG_BYTES;
  const segmentCount = Math.ceil(body / full);
  const lastCiphertext = body - (segmentCount - 1) * full;
  if (lastCiphertext < TAG_BYTES) throw new SottoError('VAULT_TRUNCATED', 'final segment shorter than its tag');
  const lastSegmentPlaintext = lastCiphertext - TAG_BYTES;
  return {
    segmentSize,
    segmentCount,
    lastSegmentPlaintext,
    plaintextSize: (segmentCount - 1) * segmentSize + lastSegmentPlaintext,
  };
}

export function ciphertextSizeFor(plaintextSize: number, segmentSize: number): number {
  const segments = Math.max(1, Math.ceil(plaintextSize / segmentSize));
  return HEADER_BYTES + plaintextSize + segments * TAG_BYTES;
}

/** Byte offset of segment `index` in the blob. */
export function segmentOffset(index: number, segmentSize: number): number {
  return HEADER_BYTES + index * (segmentSize + TAG_BYTES);
}
