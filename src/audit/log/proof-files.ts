import { SottoError } from '../../errors/index.js';
import { MerkleFrontier, consistencyProof, inclusionProof, type SubtreeHasher } from '../merkle/index.js';
import { consistencyProofFile, inclusionProofFile, type ConsistencyProofFile, type InclusionProofFile } from '../proof-file/index.js';
import type { AuditStore, StoredCheckpoint } from '../store/index.js';
import type { EntryReader } from './entry-reader.js';

const LEAF_PAGE = 65_536;

/** MTH(D[start:end]) from stored leaf hashes, a page at a time (RFC 6962 §2.1). */
export function storedSubtreeHasher(store: AuditStore): SubtreeHasher {
  return async (start, end) => {
    const frontier = MerkleFrontier.empty();
    for (let from = start; from < end; from += LEAF_PAGE) {
      const hashes = await store.leafHashes(from, Math.min(from + LEAF_PAGE, end));
      for (let at = 0; at < hashes.length; at += 32) frontier.append(hashes.subarray(at, at + 32));
    }
    return frontier.root();
  };
}

/**
 * An inclusion proof file for entry `index` against the stored checkpoint of size `atSize`,
 * or by default the latest checkpoint (signing a new one if it does not cover the entry yet).
 */
export async function buildInclusionProofFile(
  store: AuditStore,
  reader: EntryReader,
  signNow: () => Promise<void>,
  index: number,
  atSize?: number,
): Promise<InclusionProofFile> {
  let checkpoint: StoredCheckpoint | undefined;
  if (atSize !== undefined) {
    checkpoint = await requireCheckpoint(store, atSize);
  } else {
    checkpoint = await store.latestCheckpoint();
    if (checkpoint === undefined || checkpoint.size <= index) {
      await signNow();
      checkpoint = await store.latestCheckpoint();
    }
  }
  const size = checkpoint?.size ?? 0;
  if (checkpoint === undefined || !Number.isSafeInteger(index) || index < 0 || index >= size) {
    throw new SottoError('AUDIT_PROOF_RANGE_INVALID', `entry ${String(index)} is not in the checkpointed tree of size ${size}`);
  }
  const [row] = await reader.read(index, 1);
  if (row === undefined) throw new SottoError('AUDIT_PROOF_RANGE_INVALID', `entry ${index} is not stored`);
  const proof = await inclusionProof(index, size, storedSubtreeHasher(store));
  return inclusionProofFile({ entry: row.bytes, index, checkpoint: checkpoint.note, proof });
}

/** A consistency proof file between two stored checkpoints. */
export async function buildConsistencyProofFile(store: AuditStore, oldSize: number, newSize: number): Promise<ConsistencyProofFile> {
  const older = await requireCheckpoint(store, oldSize);
  const newer = await requireCheckpoint(store, newSize);
  const proof = await consistencyProof(older.size, newer.size, storedSubtreeHasher(store));
  return consistencyProofFile({ oldCheckpoint: older.note, newCheckpoint: newer.note, proof });
}

async function requireCheckpoint(store: AuditStore, size: number): Promise<StoredCheckpoint> {
  const found = Number.isSafeInteger(size) && size >= 0 ? await store.checkpointAt(size) : undefined;
  if (found === undefined) throw new SottoError('AUDIT_PROOF_RANGE_INVALID', `there is no signed checkpoint at size ${String(size)}`);
  return found;
}
