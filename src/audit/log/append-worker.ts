// The SQLite append worker: commits batches on its own connection, so hashing the tree, MACs,
// inserts and fsync run beside the thread that encodes entries and serves requests.
import { parentPort, workerData } from 'node:worker_threads';
import { isSottoError } from '../../errors/index.js';
import { openAuditStore } from '../store/index.js';
import { unpackBatch } from './batch-writer.js';
import { EntryMacKey, macSealer } from './entry-mac.js';

export type AppendWorkerMessage = { batch: ArrayBuffer } | { close: true };
export type AppendWorkerReply = { ok: true; first?: number } | { ok: false; code: string | undefined; message: string };

const port = parentPort;
if (port === null) throw new Error('append-worker runs only as a worker thread');
const { path, macKey } = workerData as { path: string; macKey: Uint8Array };
const key = new EntryMacKey(macKey);
macKey.fill(0);
const seal = macSealer(key);

const failure = (err: unknown): AppendWorkerReply => ({
  ok: false,
  code: isSottoError(err) ? err.code : undefined,
  message: err instanceof Error ? err.message : String(err),
});

try {
  const store = await openAuditStore({ store: 'sqlite', path }, { migrate: false });
  port.on('message', (message: AppendWorkerMessage) => {
    if ('close' in message) {
      key.destroy();
      void store.close().finally(() => port.close());
      return;
    }
    // One batch at a time: the group-commit appender never sends the next before this reply.
    store.appendBatch(unpackBatch(message.batch), seal).then(
      (first) => port.postMessage({ ok: true, first } satisfies AppendWorkerReply),
      (err: unknown) => port.postMessage(failure(err)),
    );
  });
  port.postMessage({ ok: true } satisfies AppendWorkerReply);
} catch (err) {
  port.postMessage(failure(err));
  port.close();
}
