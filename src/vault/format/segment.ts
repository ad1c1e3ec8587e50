import { constantTimeEqual, gcmOpen } from '../../crypto/index.js';
import { isSottoError, SottoError } from '../../errors/index.js';
import { deriveFileKeys, headerMac, type FileKeys } from './keys.js';
import { encodeHeaderBody, parseHeader, segmentNonce, TAG_BYTES, type Header } from './layout.js';

export interface OpenedHeader {
  header: Header;
  keys: FileKeys;
}

/**
 * Check a header against the data key and associated data. The commitment is checked first
 * so that a wrong key is named as such; then the MAC, which covers every header field and,
 * through the derived MAC key, the associated data.
 */
export function openHeader(headerBytes: Uint8Array, dataKey: Uint8Array, aad: Uint8Array): OpenedHeader {
  const header = parseHeader(headerBytes);
  const keys = deriveFileKeys(dataKey, header.salt, aad);
  if (!constantTimeEqual(keys.commitment, header.commitment)) {
    throw new SottoError('VAULT_KEY_MISMATCH', 'the data key does not match this blob (wrong key or altered header)');
  }
  const expected = headerMac(keys.macKey, encodeHeaderBody(header));
  if (!constantTimeEqual(expected, header.mac)) {
    throw new SottoError('VAULT_HEADER_AUTH_FAILED', 'header or associated data (tenant, artifact, kind) do not authenticate');
  }
  return { header, keys };
}

/** Decrypt one whole sealed segment (ciphertext ‖ tag); plaintext only if the tag verifies. */
export function openSegment(opened: OpenedHeader, index: number, last: boolean, sealed: Buffer): Buffer {
  const nonce = segmentNonce(opened.header.noncePrefix, index, last);
  return gcmOpen(opened.keys.segmentKey, nonce, sealed, undefined, 'VAULT_SEGMENT_AUTH_FAILED');
}

/**
 * Open the final segment of a blob. If it fails as final but verifies as an inner segment, the
 * blob was cut at a segment boundary (truncation), which is reported as such.
 */
export function openFinalSegment(opened: OpenedHeader, index: number, sealed: Buffer): Buffer {
  if (sealed.length < TAG_BYTES) throw new SottoError('VAULT_TRUNCATED', 'final segment shorter than its tag');
  try {
    return openSegment(opened, index, true, sealed);
  } catch (err) {
    if (sealed.length === opened.header.segmentSize + TAG_BYTES && verifies(opened, index, false, sealed)) {
      throw new SottoError('VAULT_TRUNCATED', `blob ends after segment ${index}, which is not its final segment`);
    }
    throw err;
  }
}

/** Used only to name an error precisely; the plaintext is discarded. */
export function verifies(opened: OpenedHeader, index: number, last: boolean, sealed: Buffer): boolean {
  try {
    openSegment(opened, index, last, sealed).fill(0);
    return true;
  } catch (err) {
    if (isSottoError(err, 'VAULT_SEGMENT_AUTH_FAILED')) return false;
    throw err;
  }
}
