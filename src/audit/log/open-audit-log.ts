import { SottoError } from '../../errors/index.js';
import { isValidKeyName } from '../checkpoint/index.js';
import type { KeyProvider } from '../../vault/keys/index.js';
import { openAuditStore, type AuditStoreLocation } from '../store/index.js';
import { storeBatchWriter, type BatchWriter } from './batch-writer.js';
import { loadAuditLogKeys } from './log-keys.js';
import { MerkleAuditLog } from './merkle-audit-log.js';
import { adaptiveSqliteBatchWriter, startWorkerBatchWriter } from './worker-batch-writer.js';

export type AuditLogLocation = AuditStoreLocation;

export interface AuditLogOptions {
  /** Wraps the log's MAC key and checkpoint-signing key (key id 'audit'). */
  keys: KeyProvider;
  /** Checkpoint origin and signing key name; fixed for the life of a log. */
  origin?: string;
  /** A checkpoint follows committed entries within this time (default 10 s). */
  checkpointIntervalMs?: number;
  /** Background checkpoint failures (default: ignored; the next one retries). */
  onError?: (err: unknown) => void;
  /** Apply pending metadata-store migrations (default true). */
  migrate?: boolean;
  /** Worker threads for verify (default: cores, at most 4; 0 = this thread). */
  verifyWorkers?: number;
  /** Entries per parallel verify range, a power of two (default 65,536). */
  verifyChunkSize?: number;
  /**
   * SQLite: where batches commit. 'auto' (default): on this thread until appends queue up
   * (a batch of 256+), then on a worker thread. PostgreSQL always commits on this thread.
   */
  appendWorker?: 'auto' | 'always' | 'never';
}

export const DEFAULT_AUDIT_ORIGIN = 'sotto.local/audit';
const DEFAULT_CHECKPOINT_INTERVAL_MS = 10_000;
const WORKER_BATCH_THRESHOLD = 256;

/** Open (creating on first use) the audit log stored in a metadata store. */
export async function openAuditLog(location: AuditLogLocation, options: AuditLogOptions): Promise<MerkleAuditLog> {
  const origin = options.origin ?? DEFAULT_AUDIT_ORIGIN;
  if (!isValidKeyName(origin)) throw new SottoError('CONFIG_INVALID', 'the audit origin must be non-empty, without spaces or "+"');
  const interval = options.checkpointIntervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS;
  if (!Number.isSafeInteger(interval) || interval < 1) throw new SottoError('CONFIG_INVALID', 'checkpointIntervalMs must be a positive integer');
  const chunk = options.verifyChunkSize;
  if (chunk !== undefined && (!Number.isSafeInteger(chunk) || chunk < 1 || (chunk & (chunk - 1)) !== 0)) {
    throw new SottoError('CONFIG_INVALID', 'verifyChunkSize must be a power of two');
  }
  const store = await openAuditStore(location, { migrate: options.migrate !== false });
  try {
    const keys = await loadAuditLogKeys(store, options.keys, origin);
    const inThread = storeBatchWriter(store, keys.macKey);
    const mode = options.appendWorker ?? 'auto';
    let writer: BatchWriter = inThread;
    if (location.store === 'sqlite' && mode === 'always') writer = await startWorkerBatchWriter(location.path, keys.macKey);
    if (location.store === 'sqlite' && mode === 'auto') writer = adaptiveSqliteBatchWriter(inThread, location.path, keys.macKey, WORKER_BATCH_THRESHOLD);
    return new MerkleAuditLog(store, keys, writer, {
      checkpointIntervalMs: interval,
      onError: options.onError ?? (() => undefined),
      ...(options.verifyWorkers === undefined ? {} : { verifyWorkers: options.verifyWorkers }),
      ...(chunk === undefined ? {} : { verifyChunkSize: chunk }),
    });
  } catch (err) {
    await store.close();
    throw err;
  }
}
