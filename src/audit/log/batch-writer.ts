import type { AuditStore, PendingEntry } from '../store/index.js';
import { macSealer } from './entry-mac.js';

/** Commits one batch of entries (sealed with the log's MAC key); resolves with its first index. */
export interface BatchWriter {
  write(batch: readonly PendingEntry[]): Promise<number>;
  close(): Promise<void>;
}

/** Commits on this thread, through the store's own connection (PostgreSQL: network-bound). */
export function storeBatchWriter(store: AuditStore, macKey: Uint8Array): BatchWriter {
  const seal = macSealer(macKey);
  return { write: (batch) => store.appendBatch(batch, seal), close: async () => undefined };
}

// A batch crosses to the append worker as ONE transferable buffer (no per-entry cloning):
// u32 count ‖ count × u32 entry length ‖ count × 32-byte leaf hash ‖ the entries.
export function packBatch(batch: readonly PendingEntry[]): ArrayBuffer {
  let entries = 0;
  for (const p of batch) entries += p.entry.length;
  const head = 4 + batch.length * 4;
  const buffer = new ArrayBuffer(head + batch.length * 32 + entries);
  const out = Buffer.from(buffer);
  out.writeUInt32BE(batch.length, 0);
  let leafAt = head;
  let entryAt = head + batch.length * 32;
  batch.forEach((p, i) => {
    out.writeUInt32BE(p.entry.length, 4 + i * 4);
    p.leaf.copy(out, leafAt);
    p.entry.copy(out, entryAt);
    leafAt += 32;
    entryAt += p.entry.length;
  });
  return buffer;
}

export function unpackBatch(buffer: ArrayBuffer): PendingEntry[] {
  const b = Buffer.from(buffer);
  const count = b.readUInt32BE(0);
  const head = 4 + count * 4;
  const batch: PendingEntry[] = [];
  let entryAt = head + count * 32;
  for (let i = 0; i < count; i++) {
    const length = b.readUInt32BE(4 + i * 4);
    batch.push({ leaf: b.subarray(head + i * 32, head + i * 32 + 32), entry: b.subarray(entryAt, entryAt + length) });
    entryAt += length;
  }
  return batch;
}
