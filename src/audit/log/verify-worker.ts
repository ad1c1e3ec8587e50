// A verification worker: opens its own read-only connection and checks the ranges it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import { isSottoError } from '../../errors/index.js';
import { openAuditStore, type AuditStoreLocation } from '../store/index.js';
import { verifyRange, type RangeTask } from './verify-range.js';

export type VerifyWorkerMessage = { task: RangeTask } | { close: true };
export type VerifyWorkerReply =
  | { ok: true; result: Awaited<ReturnType<typeof verifyRange>> }
  | { ok: false; code: string | undefined; message: string };

const port = parentPort;
if (port === null) throw new Error('verify-worker runs only as a worker thread');
const { location, macKey } = workerData as { location: AuditStoreLocation; macKey: Uint8Array };

const opened = openAuditStore(location, { readOnly: true, migrate: false });
opened.catch(() => undefined);

port.on('message', (message: VerifyWorkerMessage) => {
  if ('close' in message) {
    void opened.then((s) => s.close()).catch(() => undefined).finally(() => port.close());
    return;
  }
  opened
    .then((store) => verifyRange((from, to) => store.readPage(from, to), macKey, message.task))
    .then(
      (result) => port.postMessage({ ok: true, result } satisfies VerifyWorkerReply),
      (err: unknown) =>
        port.postMessage({
          ok: false,
          code: isSottoError(err) ? err.code : undefined,
          message: err instanceof Error ? err.message : String(err),
        } satisfies VerifyWorkerReply),
    );
});
