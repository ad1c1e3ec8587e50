// Checks shared by both stores on values they read back: the database may have been edited,
// so a malformed value is a coded error, never a crash or a silently wrong tree.
import { SottoError } from '../../errors/index.js';
import { HASH_BYTES, MerkleFrontier } from '../merkle/index.js';

/** The latest tree state row (or none) as a frontier whose size matches the row's key. */
export function stateFromRow(row: { size: number | string; frontier: Buffer } | undefined): MerkleFrontier {
  if (row === undefined) return MerkleFrontier.empty();
  const frontier = MerkleFrontier.fromBytes(row.frontier);
  if (frontier.size !== Number(row.size)) {
    throw new SottoError('AUDIT_STATE_INVALID', `the tree state stored as size ${String(row.size)} is for size ${frontier.size}`);
  }
  return frontier;
}

export function checkLeafHashes(hashes: Buffer | null, count: number | string, bad: number | string, start: number, end: number): Buffer {
  const bytes = hashes ?? Buffer.alloc(0);
  if (Number(count) !== end - start || Number(bad) !== 0 || bytes.length !== (end - start) * HASH_BYTES) {
    throw new SottoError('AUDIT_STATE_INVALID', `stored leaf hashes for [${start}, ${end}) are missing or malformed`);
  }
  return bytes;
}

/** A bigint column as a number; sizes past 2^53 cannot occur in a log this code wrote. */
export function safeNumber(value: number | string | null): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new SottoError('AUDIT_STATE_INVALID', 'a stored audit index is out of range');
  return n;
}
