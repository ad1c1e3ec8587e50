import type { Worker } from 'node:worker_threads';
import { ERROR_CODES, SottoError, type ErrorCode } from '../../errors/index.js';
import type { AuditStoreLocation } from '../store/index.js';
import type { RangeResult, RangeTask } from './verify-range.js';
import type { VerifyWorkerMessage, VerifyWorkerReply } from './verify-worker.js';
import { siblingModule, startModuleWorker } from './worker-thread.js';

/**
 * Run range tasks on `workers` threads, each with its own database connection, and yield the
 * results in task order. Hashing dominates verification (three SHA-256 per entry), so this is
 * what scales it with cores; it also keeps a long verify off the server's event loop.
 * Returning early (a failure was found) stops the workers.
 */
export async function* runRangeTasks(
  location: AuditStoreLocation,
  macKey: Uint8Array,
  tasks: readonly RangeTask[],
  workers: number,
): AsyncGenerator<RangeResult> {
  const results = tasks.map(() => deferred<RangeResult>());
  const threads: { worker: Worker; exited: Promise<void> }[] = [];
  let next = 0;
  let stopped = false;
  const drive = async (worker: Worker): Promise<void> => {
    while (!stopped && next < tasks.length) {
      const k = next++;
      try {
        results[k]?.resolve(await runOne(worker, tasks[k] as RangeTask));
      } catch (err) {
        results[k]?.reject(err);
        return;
      }
    }
  };
  try {
    for (let i = 0; i < Math.min(workers, tasks.length); i++) {
      const worker = startModuleWorker(siblingModule(import.meta.url, 'verify-worker'), { location, macKey });
      threads.push({ worker, exited: new Promise((resolve) => worker.once('exit', () => resolve())) });
      worker.on('error', () => undefined);
      void drive(worker);
    }
    for (const result of results) yield await result.promise;
  } finally {
    stopped = true;
    for (const r of results) r.promise.catch(() => undefined);
    await Promise.all(threads.map((t) => stopWorker(t.worker, t.exited)));
  }
}

function runOne(worker: Worker, task: RangeTask): Promise<RangeResult> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: VerifyWorkerReply): void => {
      cleanup();
      if (reply.ok) resolve(reply.result);
      else reject(new SottoError(isErrorCode(reply.code) ? reply.code : 'INTERNAL', reply.message));
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(new SottoError('INTERNAL', 'an audit verification worker failed', { cause: err }));
    };
    const onExit = (): void => {
      cleanup();
      reject(new SottoError('INTERNAL', 'an audit verification worker exited early'));
    };
    const cleanup = (): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage({ task } satisfies VerifyWorkerMessage);
  });
}

/** Ask the worker to close its connection and exit; terminate it if it does not within 2 s. */
async function stopWorker(worker: Worker, exited: Promise<void>): Promise<void> {
  worker.postMessage({ close: true } satisfies VerifyWorkerMessage);
  const timer = setTimeout(() => void worker.terminate(), 2000);
  await exited;
  clearTimeout(timer);
}

function isErrorCode(code: string | undefined): code is ErrorCode {
  return code !== undefined && Object.hasOwn(ERROR_CODES, code);
}

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
