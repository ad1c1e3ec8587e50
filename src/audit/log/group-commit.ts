import { SottoError } from '../../errors/index.js';
import type { BatchWriter, EncodedEntry } from './batch-writer.js';

/** Entries per transaction at most (Tessera: 256). Bounds a commit's latency; a bigger backlog
 *  takes several, and queues up (already encoded) while the previous batch commits. */
export const MAX_BATCH_ENTRIES = 1024;

interface Waiter extends EncodedEntry {
  resolve(index: number): void;
  reject(err: unknown): void;
}

/**
 * Group commit: appends queue up while the previous batch commits, and the next batch takes
 * everything queued (up to MAX_BATCH_ENTRIES) in ONE transaction. Nothing waits on a timer: an
 * append to an idle log is committed on the next turn of the event loop. A promise resolves
 * with its index only after COMMIT returned; if the commit fails, every append of the batch
 * rejects with AUDIT_WRITE_FAILED (and the caller refuses whatever it was about to serve).
 */
export class GroupCommitAppender {
  private queue: Waiter[] = [];
  private flushing: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly writer: BatchWriter,
    private readonly onCommitted: (size: number, batchSize: number) => void,
  ) {}

  append(pending: EncodedEntry): Promise<number> {
    if (this.closed) return Promise.reject(new SottoError('AUDIT_WRITE_FAILED', 'the audit log is closed'));
    return new Promise<number>((resolve, reject) => {
      this.queue.push({ entry: pending.entry, resolve, reject });
      // setImmediate, not a microtask: appends made in the same turn join this batch.
      this.flushing ??= new Promise<void>((done) => setImmediate(() => void this.flush().finally(done)));
    });
  }

  /** Stop taking appends, wait until everything queued is committed or rejected, close the writer. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.flushing !== undefined) await this.flushing;
    await this.writer.close();
  }

  private async flush(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.length <= MAX_BATCH_ENTRIES ? this.queue : this.queue.slice(0, MAX_BATCH_ENTRIES);
        this.queue = batch === this.queue ? [] : this.queue.slice(MAX_BATCH_ENTRIES);
        let first: number;
        try {
          first = await this.writer.write(batch);
        } catch (cause) {
          const err = new SottoError('AUDIT_WRITE_FAILED', 'the audit log could not commit a batch of entries', { cause });
          for (const waiter of batch) waiter.reject(err);
          continue;
        }
        for (let i = 0; i < batch.length; i++) (batch[i] as Waiter).resolve(first + i);
        this.onCommitted(first + batch.length, batch.length);
      }
    } finally {
      this.flushing = undefined;
    }
  }
}
