import { SottoError } from '../../errors/index.js';
import { rootOfLeafHashes } from './hash.js';
import type { SubtreeHasher } from './proofs.js';

/**
 * A SubtreeHasher over leaf hashes held in memory: for tests, the offline verifier and small
 * logs. Each call hashes its whole range (O(end - start)); the storage layer serves big logs.
 */
export function memorySubtreeHasher(leafHashes: readonly Uint8Array[]): SubtreeHasher {
  return (start, end) => {
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end <= start || end > leafHashes.length) {
      return Promise.reject(new SottoError('AUDIT_PROOF_RANGE_INVALID', `leaf range [${start}, ${end}) is outside a tree of ${leafHashes.length} leaves`));
    }
    return Promise.resolve(rootOfLeafHashes(leafHashes.slice(start, end)));
  };
}
