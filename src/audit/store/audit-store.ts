import type { MerkleFrontier } from '../merkle/index.js';

/** Where an audit log lives. Plain data, so verification workers can open their own connection. */
export type AuditStoreLocation =
  | { readonly store: 'sqlite'; readonly path: string }
  | { readonly store: 'postgres'; readonly url: string; readonly schema?: string };

/** An entry ready to commit: its canonical bytes and RFC 6962 leaf hash. */
export interface PendingEntry {
  readonly entry: Buffer;
  readonly leaf: Buffer;
}

/** What a batch adds, computed inside the store's transaction from the latest tree state. */
export interface SealedBatch {
  /** One MAC per entry, in order. */
  readonly macs: readonly Buffer[];
  /** The tree state after the batch. */
  readonly next: MerkleFrontier;
}

/** Seals a batch against the tree state read under the store's append lock. */
export type BatchSealer = (state: MerkleFrontier, batch: readonly PendingEntry[]) => SealedBatch;

export interface StoredCheckpoint {
  readonly size: number;
  /** The signed note (C2SP tlog-checkpoint in a signed-note). */
  readonly note: string;
}

/** A key the log keeps wrapped by the KeyProvider (MAC key, checkpoint signing key). */
export interface StoredAuditKey {
  readonly purpose: string;
  readonly provider: string;
  readonly keyId: string;
  readonly keyVersion: number;
  readonly ciphertext: Buffer;
  readonly publicKey: Buffer | null;
}

/**
 * Persistence for the audit log. Every table is insert-only; nothing here updates or deletes.
 * Reads return what is stored, unchecked: verification is the log's job, not the store's.
 */
export interface AuditStore {
  readonly location: AuditStoreLocation;
  /**
   * In one transaction under the store's append lock (so several processes build one tree):
   * read the latest tree state, seal the batch against it, insert the entries at the next
   * indexes and the new tree state, commit. Resolves with the first index once durable.
   */
  appendBatch(batch: readonly PendingEntry[], seal: BatchSealer): Promise<number>;
  /** The tree state with the largest size (empty when nothing was appended). */
  latestState(): Promise<MerkleFrontier>;
  /** The largest stored entry index, or -1. */
  maxIndex(): Promise<number>;
  /** Entries with from ≤ idx < to, in index order, framed as in entry-page.ts. */
  readPage(from: number, to: number): Promise<Buffer>;
  /** Stored leaf hashes of [start, end), concatenated; throws unless all are present and 32 bytes. */
  leafHashes(start: number, end: number): Promise<Buffer>;
  /** Store a checkpoint; a second one for the same size is ignored. */
  insertCheckpoint(checkpoint: StoredCheckpoint): Promise<void>;
  /** Every stored checkpoint, by size. */
  checkpoints(): Promise<StoredCheckpoint[]>;
  latestCheckpoint(): Promise<StoredCheckpoint | undefined>;
  checkpointAt(size: number): Promise<StoredCheckpoint | undefined>;
  key(purpose: string): Promise<StoredAuditKey | undefined>;
  /** Store a key unless one exists for the purpose (the first writer wins; read it back). */
  insertKey(key: StoredAuditKey): Promise<void>;
  close(): Promise<void>;
}

export interface OpenAuditStoreOptions {
  /** Apply pending metadata-store migrations first (default true). */
  migrate?: boolean;
  /** Open for reading only (verification workers). */
  readOnly?: boolean;
}
