import { constantTimeEqual } from '../../crypto/index.js';
import { decodeAuditEntry } from '../entry-codec.js';
import type { AuditEntry } from '../entry.js';
import { HASH_BYTES, leafHash } from '../merkle/index.js';
import { forEachEntryRow, type AuditStore } from '../store/index.js';
import { EntryMacKey } from './entry-mac.js';
import { AuditVerifyError } from './verify-error.js';

export interface CheckedEntry {
  index: number;
  /** The canonical bytes, as hashed into the tree. */
  bytes: Buffer;
}

/** Reads entries for display and proofs, checking each one's leaf hash and MAC first. */
export class EntryReader {
  constructor(
    private readonly store: AuditStore,
    private readonly macKey: Uint8Array,
  ) {}

  async read(from: number, limit: number): Promise<CheckedEntry[]> {
    const page = await this.store.readPage(from, from + limit);
    const key = new EntryMacKey(this.macKey);
    try {
      return checkedEntries(page, from, key);
    } finally {
      key.destroy();
    }
  }

  async decoded(from: number, limit: number): Promise<{ index: number; entry: AuditEntry }[]> {
    return (await this.read(from, limit)).map(({ index, bytes }) => ({ index, entry: decodeAuditEntry(bytes) }));
  }
}

function checkedEntries(page: Buffer, from: number, key: EntryMacKey): CheckedEntry[] {
  const out: CheckedEntry[] = [];
  let expected = from;
  forEachEntryRow(page, (idx, leaf, entry, mac) => {
    // Same checks as verify, so nothing served was edited after it was written.
    if (idx !== expected) throw new AuditVerifyError({ kind: 'entry', firstBadIndex: expected, reason: 'the entry is missing' });
    if (leaf.length !== HASH_BYTES || !leafHash(entry).equals(leaf) || !constantTimeEqual(key.mac(idx, leaf), mac)) {
      throw new AuditVerifyError({ kind: 'entry', firstBadIndex: idx, reason: 'the entry does not match its leaf hash and MAC' });
    }
    out.push({ index: idx, bytes: Buffer.from(entry) });
    expected += 1;
  });
  return out;
}
