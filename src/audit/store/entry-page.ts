import { SottoError } from '../../errors/index.js';

// A page of entries travels as ONE buffer the database builds itself (SQLite group_concat,
// PostgreSQL string_agg): per row, u64 idx ‖ u32 len(leaf_hash) ‖ u32 len(entry) ‖ u32 len(mac)
// followed by the three values. One buffer per page instead of three per row: allocating a
// Buffer per column value is what made row-at-a-time reads the bottleneck of `verify`.
export const ENTRY_FRAME_HEADER_BYTES = 20;

export interface EntryRow {
  readonly idx: number;
  readonly leaf: Buffer;
  readonly entry: Buffer;
  readonly mac: Buffer;
}

/**
 * Call `visit` for each row of a page (views into `page`, not copies) until it returns false.
 * The page is built by our own query, so bad framing means a broken store: AUDIT_STATE_INVALID.
 */
export function forEachEntryRow(
  page: Buffer,
  visit: (idx: number, leaf: Buffer, entry: Buffer, mac: Buffer) => boolean | void,
): void {
  let at = 0;
  while (at < page.length) {
    if (page.length - at < ENTRY_FRAME_HEADER_BYTES) malformed();
    const idx = page.readUInt32BE(at) * 0x1_0000_0000 + page.readUInt32BE(at + 4);
    const leafEnd = at + ENTRY_FRAME_HEADER_BYTES + page.readUInt32BE(at + 8);
    const entryEnd = leafEnd + page.readUInt32BE(at + 12);
    const macEnd = entryEnd + page.readUInt32BE(at + 16);
    if (macEnd > page.length || !Number.isSafeInteger(idx)) malformed();
    const go = visit(
      idx,
      page.subarray(at + ENTRY_FRAME_HEADER_BYTES, leafEnd),
      page.subarray(leafEnd, entryEnd),
      page.subarray(entryEnd, macEnd),
    );
    if (go === false) return;
    at = macEnd;
  }
}

function malformed(): never {
  throw new SottoError('AUDIT_STATE_INVALID', 'the store returned a malformed page of audit entries');
}
