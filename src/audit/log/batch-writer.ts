import { leafHash } from '../merkle/index.js';
import type { AuditStore, PendingEntry } from '../store/index.js';
import { EntryMacKey, macSealer } from './entry-mac.js';

/** An entry in its canonical bytes, as the appender queues it; leaf hashes are the writer's job. */
export interface EncodedEntry {
  entry: Buffer;
}

/** Commits one batch of entries (sealed with the log's MAC key); resolves with its first index. */
export interface BatchWriter {
  write(batch: readonly EncodedEntry[]): Promise<number>;
  close(): Promise<void>;
}

/** RFC 6962 leaf hashes for a batch, computed where the batch is committed. */
export function withLeaves(batch: readonly EncodedEntry[]): PendingEntry[] {
  return batch.map(({ entry }) => ({ entry, leaf: leafHash(entry) }));
}

/** Commits on this thread, through the store's own connection (PostgreSQL: network-bound). */
export function storeBatchWriter(store: AuditStore, macKey: Uint8Array): BatchWriter {
  const key = new EntryMacKey(macKey);
  const seal = macSealer(key);
  return { write: (batch) => store.appendBatch(withLeaves(batch), seal), close: async () => key.destroy() };
}

// A batch crosses to the append worker as ONE transferable buffer (no per-entry cloning):
// u32 count ‖ count × u32 entry length ‖ the entries. The worker hashes the leaves, so the
// thread serving requests only encodes.
export function packBatch(batch: readonly EncodedEntry[]): ArrayBuffer {
  let entries = 0;
  for (const p of batch) entries += p.entry.length;
  const head = 4 + batch.length * 4;
  const buffer = new ArrayBuffer(head + entries);
  const out = Buffer.from(buffer);
  out.writeUInt32BE(batch.length, 0);
  let entryAt = head;
  batch.forEach((p, i) => {
    out.writeUInt32BE(p.entry.length, 4 + i * 4);
    p.entry.copy(out, entryAt);
    entryAt += p.entry.length;
  });
  return buffer;
}

/** The entries of a packed batch (views into it) with their leaf hashes. */
export function unpackBatch(buffer: ArrayBuffer): PendingEntry[] {
  const b = Buffer.from(buffer);
  const count = b.readUInt32BE(0);
  const batch = new Array<PendingEntry>(count);
  let entryAt = 4 + count * 4;
  for (let i = 0; i < count; i++) {
    const entry = b.subarray(entryAt, entryAt + b.readUInt32BE(4 + i * 4));
    batch[i] = { entry, leaf: leafHash(entry) };
    entryAt += entry.length;
  }
  return batch;
}
