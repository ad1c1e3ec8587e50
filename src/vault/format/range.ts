import { SottoError } from '../../errors/index.js';
import { HEADER_BYTES, TAG_BYTES, geometryFromCiphertextSize, segmentOffset } from './layout.js';
import { openFinalSegment, openHeader, openSegment } from './segment.js';

/** Random access to a blob's bytes, e.g. an HTTP or S3 range read. `end` is inclusive. */
export type ReadBlobRange = (start: number, end: number) => Promise<Buffer>;

/** Read at most this much ciphertext per backend request when decrypting a range. */
const MAX_READ_BYTES = 4 * 1024 * 1024;

/**
 * Decrypt plaintext bytes [start, end] (inclusive) by reading and verifying only the header and
 * the segments they touch — playback seeking without decrypting the whole recording.
 */
export async function* decryptRange(
  dataKey: Uint8Array,
  aad: Uint8Array,
  ciphertextSize: number,
  read: ReadBlobRange,
  start: number,
  end: number,
): AsyncGenerator<Buffer> {
  if (ciphertextSize < HEADER_BYTES) throw new SottoError('VAULT_TRUNCATED', 'blob is shorter than a vault header');
  const opened = openHeader(await read(0, HEADER_BYTES - 1), dataKey, aad);
  const { segmentSize } = opened.header;
  const geometry = geometryFromCiphertextSize(ciphertextSize, segmentSize);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start || end >= geometry.plaintextSize) {
    throw new SottoError('VAULT_RANGE_INVALID', `range ${start}-${end} is outside 0-${geometry.plaintextSize - 1}`);
  }
  const first = Math.floor(start / segmentSize);
  const last = Math.floor(end / segmentSize);
  const perRead = Math.max(1, Math.floor(MAX_READ_BYTES / (segmentSize + TAG_BYTES)));
  for (let batch = first; batch <= last; batch += perRead) {
    const batchLast = Math.min(last, batch + perRead - 1);
    const from = segmentOffset(batch, segmentSize);
    const to = Math.min(ciphertextSize, segmentOffset(batchLast + 1, segmentSize)) - 1;
    const bytes = await read(from, to);
    if (bytes.length !== to - from + 1) throw new SottoError('VAULT_TRUNCATED', 'blob shorter than its recorded size');
    for (let index = batch; index <= batchLast; index++) {
      const at = segmentOffset(index, segmentSize) - from;
      const sealed = bytes.subarray(at, Math.min(bytes.length, at + segmentSize + TAG_BYTES));
      const plain =
        index === geometry.segmentCount - 1
          ? openFinalSegment(opened, index, sealed)
          : openSegment(opened, index, false, sealed);
      const base = index * segmentSize;
      yield plain.subarray(Math.max(0, start - base), Math.min(plain.length, end - base + 1));
    }
  }
}

