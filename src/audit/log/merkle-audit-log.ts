import { availableParallelism } from 'node:os';
import { encodeAuditEntry } from '../entry-codec.js';
import type { AuditEntry, AuditLog } from '../entry.js';
import type { ConsistencyProofFile, InclusionProofFile } from '../proof-file/index.js';
import type { AuditStore } from '../store/index.js';
import type { BatchWriter } from './batch-writer.js';
import { Checkpointer } from './checkpointer.js';
import { EntryReader } from './entry-reader.js';
import { GroupCommitAppender } from './group-commit.js';
import type { AuditLogKeys } from './log-keys.js';
import { buildConsistencyProofFile, buildInclusionProofFile } from './proof-files.js';
import { verifyAuditLog } from './verify.js';
import type { VerifyReport } from './verify-error.js';

/** Most entries one `entries` call returns. */
export const MAX_ENTRIES_PAGE = 10_000;

export interface MerkleAuditLogSettings {
  readonly checkpointIntervalMs: number;
  /** Receives failures of background checkpoints (the next append or checkpoint retries). */
  readonly onError: (err: unknown) => void;
  /** Worker threads for `verify` (0: this thread) and entries per parallel range (a power of two). */
  readonly verifyWorkers?: number;
  readonly verifyChunkSize?: number;
}

/**
 * The tamper-evident audit log: an RFC 6962 Merkle tree over canonical entries, appended with
 * group commit, each entry MACed with its index, signed checkpoints (C2SP), proofs, and a
 * verifier that recomputes everything. See docs/audit-log.md.
 */
export class MerkleAuditLog implements AuditLog {
  private readonly appender: GroupCommitAppender;
  private readonly checkpointer: Checkpointer;
  private readonly reader: EntryReader;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly store: AuditStore,
    private readonly keys: AuditLogKeys,
    writer: BatchWriter,
    private readonly settings: MerkleAuditLogSettings,
  ) {
    this.checkpointer = new Checkpointer(store, keys.signer, settings.checkpointIntervalMs, settings.onError);
    this.appender = new GroupCommitAppender(writer, () => this.checkpointer.entriesCommitted());
    this.reader = new EntryReader(store, keys.macKey);
  }

  /** Resolves with the entry's index once it is committed (durable); rejects with AUDIT_WRITE_FAILED otherwise. */
  append(entry: AuditEntry): Promise<number> {
    let bytes: Buffer;
    try {
      bytes = encodeAuditEntry(entry);
    } catch (err) {
      return Promise.reject(err);
    }
    return this.appender.append({ entry: bytes });
  }

  /** Committed entries (by any process). */
  async size(): Promise<number> {
    return (await this.store.latestState()).size;
  }

  /** Sign and store a checkpoint of the current tree head; resolves with the signed note. */
  checkpoint(): Promise<string> {
    return this.checkpointer.checkpoint();
  }

  async latestCheckpoint(): Promise<string | undefined> {
    return (await this.store.latestCheckpoint())?.note;
  }

  /** Entries from an index, each checked against its leaf hash and MAC before it is decoded. */
  async entries(query: { from: number; limit: number }): Promise<{ index: number; entry: AuditEntry }[]> {
    const from = Math.max(0, Math.floor(query.from));
    const limit = Math.min(MAX_ENTRIES_PAGE, Math.max(0, Math.floor(query.limit)));
    return this.reader.decoded(from, limit);
  }

  async inclusionProofFile(index: number, atSize?: number): Promise<InclusionProofFile> {
    return buildInclusionProofFile(this.store, this.reader, async () => void (await this.checkpoint()), index, atSize);
  }

  async consistencyProofFile(oldSize: number, newSize: number): Promise<ConsistencyProofFile> {
    return buildConsistencyProofFile(this.store, oldSize, newSize);
  }

  /** The C2SP verifier key that checks this log's checkpoints. */
  async verifierKey(): Promise<string> {
    return this.keys.verifierKey;
  }

  /** Recompute and check the whole log; throws AuditVerifyError (AUDIT_VERIFY_FAILED) at the first problem. */
  async verify(): Promise<VerifyReport> {
    return verifyAuditLog({
      store: this.store,
      macKey: this.keys.macKey,
      verifierKey: this.keys.verifierKey,
      workers: this.settings.verifyWorkers ?? Math.min(4, availableParallelism()),
      chunkSize: this.settings.verifyChunkSize ?? 65_536,
    });
  }

  /** Commit what is queued, sign a last checkpoint if entries arrived since the last one, close. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      try {
        await this.appender.close();
        await this.checkpointer.close();
      } finally {
        this.keys.macKey.fill(0);
        await this.store.close();
      }
    })();
    return this.closing;
  }
}
