import { constantTimeEqual } from '../../crypto/index.js';
import { HASH_BYTES, MerkleFrontier, leafHash } from '../merkle/index.js';
import { forEachEntryRow } from '../store/index.js';
import { EntryMacKey } from './entry-mac.js';

/** Verify entries [start, end); `marks` are sizes strictly inside that range, ascending. */
export interface RangeTask {
  readonly start: number;
  readonly end: number;
  readonly marks: readonly number[];
  /** Check MACs of entries from this index on (see verify.ts for which ones need it). */
  readonly macFrom: number;
}

export interface RangeResult {
  /** Frontier (bytes) of the range's own leaves at each mark reached before any failure. */
  readonly marks: { size: number; frontier: Uint8Array }[];
  /** Frontier (bytes) of the range's own leaves at `end`, when every entry verified. */
  readonly end?: Uint8Array;
  readonly failure?: { index: number; reason: string };
}

export type PageReader = (from: number, to: number) => Promise<Buffer>;

const PAGE_ROWS = 8192;

/**
 * Check every entry of a range: present at its index, leaf hash = SHA-256(0x00 ‖ entry), MAC
 * over (index, leaf hash) from `macFrom` on; and build the Merkle frontier of the range's leaves alone, which the
 * caller joins onto the frontier before the range. Runs in a worker or inline; stops at the
 * first bad entry.
 */
export async function verifyRange(read: PageReader, macKey: Uint8Array, task: RangeTask): Promise<RangeResult> {
  const key = new EntryMacKey(macKey);
  try {
    return await verifyRangeWith(read, key, task);
  } finally {
    key.destroy();
  }
}

async function verifyRangeWith(read: PageReader, key: EntryMacKey, task: RangeTask): Promise<RangeResult> {
  const local = MerkleFrontier.empty();
  const marks: { size: number; frontier: Uint8Array }[] = [];
  let expected = task.start;
  let nextMark = 0;
  for (let from = task.start; from < task.end; from += PAGE_ROWS) {
    const to = Math.min(from + PAGE_ROWS, task.end);
    let failure: { index: number; reason: string } | undefined;
    forEachEntryRow(await read(from, to), (idx, leaf, entry, mac) => {
      if (idx !== expected) {
        failure = { index: expected, reason: 'the entry is missing' };
        return false;
      }
      if (leaf.length !== HASH_BYTES || !leafHash(entry).equals(leaf)) {
        failure = { index: idx, reason: 'the stored leaf hash does not match the entry (edited entry)' };
        return false;
      }
      if (idx >= task.macFrom && !constantTimeEqual(key.mac(idx, leaf), mac)) {
        failure = { index: idx, reason: 'the entry MAC does not verify (edited, moved or inserted entry)' };
        return false;
      }
      local.append(leaf);
      expected += 1;
      while (nextMark < task.marks.length && task.marks[nextMark] === expected) {
        marks.push({ size: expected, frontier: local.toBytes() });
        nextMark += 1;
      }
      return true;
    });
    if (failure !== undefined) return { marks, failure };
    if (expected !== to) return { marks, failure: { index: expected, reason: 'the entry is missing' } };
  }
  return { marks, end: local.toBytes() };
}
