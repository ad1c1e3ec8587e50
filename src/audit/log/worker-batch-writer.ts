import { ERROR_CODES, SottoError, type ErrorCode } from '../../errors/index.js';
import type { AppendWorkerMessage, AppendWorkerReply } from './append-worker.js';
import { packBatch, type BatchWriter, type EncodedEntry } from './batch-writer.js';
import { siblingModule, startModuleWorker } from './worker-thread.js';

/**
 * A BatchWriter for SQLite that commits on a worker thread. better-sqlite3 is synchronous: on
 * the main thread each commit (MACs, tree hashes, inserts, fsync) would stall the event loop;
 * here the main thread keeps encoding the next batch meanwhile. A worker that dies fails every
 * later write (AUDIT_WRITE_FAILED via the appender): the log must be reopened.
 */
export async function startWorkerBatchWriter(path: string, macKey: Uint8Array): Promise<BatchWriter> {
  const worker = startModuleWorker(siblingModule(import.meta.url, 'append-worker'), { path, macKey });
  let dead: Error | undefined;
  let waiting: ((reply: AppendWorkerReply) => void) | undefined;
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      dead ??= new Error('the audit append worker exited');
      waiting?.({ ok: false, code: undefined, message: dead.message });
      resolve();
    }),
  );
  worker.on('error', (err) => {
    dead = err;
  });
  worker.on('message', (reply: AppendWorkerReply) => {
    const w = waiting;
    waiting = undefined;
    w?.(reply);
  });
  const request = (message: AppendWorkerMessage, transfer: ArrayBuffer[] = []): Promise<AppendWorkerReply> =>
    new Promise((resolve) => {
      if (dead !== undefined) return resolve({ ok: false, code: undefined, message: dead.message });
      waiting = resolve;
      worker.postMessage(message, transfer);
    });

  const ready = await new Promise<AppendWorkerReply>((resolve) => (waiting = resolve));
  if (!ready.ok) {
    await worker.terminate();
    throw replyError(ready);
  }
  return {
    async write(batch: readonly EncodedEntry[]): Promise<number> {
      const buffer = packBatch(batch);
      const reply = await request({ batch: buffer }, [buffer]);
      if (!reply.ok) throw replyError(reply);
      if (reply.first === undefined) throw new SottoError('INTERNAL', 'the audit append worker answered without an index');
      return reply.first;
    },
    async close(): Promise<void> {
      if (dead === undefined) worker.postMessage({ close: true } satisfies AppendWorkerMessage);
      const timer = setTimeout(() => void worker.terminate(), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function replyError(reply: Extract<AppendWorkerReply, { ok: false }>): SottoError {
  const code: ErrorCode = reply.code !== undefined && Object.hasOwn(ERROR_CODES, reply.code) ? (reply.code as ErrorCode) : 'INTERNAL';
  return new SottoError(code, reply.message);
}

/**
 * SQLite's writer as the load asks: commits on this thread until a batch of `threshold` or more
 * entries shows appends queueing up, then starts the append worker in the background and moves
 * to it once it is ready. One-off commands (`sotto vault get`) never pay for starting a thread;
 * a busy server gets commits off its event loop. If the worker cannot start, commits stay here.
 */
export function adaptiveSqliteBatchWriter(inThread: BatchWriter, path: string, macKey: Uint8Array, threshold: number): BatchWriter {
  let worker: BatchWriter | undefined;
  let starting: Promise<BatchWriter | undefined> | undefined;
  return {
    async write(batch: readonly EncodedEntry[]): Promise<number> {
      if (worker !== undefined) return worker.write(batch);
      if (starting === undefined && batch.length >= threshold) {
        starting = startWorkerBatchWriter(path, macKey).then(
          (started) => (worker = started),
          () => undefined,
        );
      }
      // Batches go one at a time, each under the database lock, so switching between this
      // thread and the worker never reorders or overlaps commits.
      return inThread.write(batch);
    },
    async close(): Promise<void> {
      await (await starting)?.close();
      await inThread.close();
    },
  };
}
