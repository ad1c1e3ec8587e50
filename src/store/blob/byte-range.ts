import { SottoError } from '../../errors/index.js';
import type { ByteRange } from './blob-store.js';

/**
 * Ranges come from API callers (HTTP Range on recordings), so they are checked before any
 * backend sees them: a negative, fractional or inverted range is VAULT_RANGE_INVALID.
 */
export function assertWellFormedRange(range: ByteRange): void {
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new SottoError('VAULT_RANGE_INVALID', `Byte range ${String(start)}-${String(end)} is not well formed.`);
  }
}

/** A well-formed range must also lie inside the blob: [start, end] ⊆ [0, size - 1]. */
export function assertRangeInside(range: ByteRange, size: number): void {
  assertWellFormedRange(range);
  if (range.end >= size) {
    throw new SottoError(
      'VAULT_RANGE_INVALID',
      `Byte range ${range.start}-${range.end} is outside a blob of ${size} bytes.`,
    );
  }
}
