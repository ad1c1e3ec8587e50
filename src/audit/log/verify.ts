import { isSottoError } from '../../errors/index.js';
import { verifyCheckpoint } from '../checkpoint/index.js';
import { MerkleFrontier } from '../merkle/index.js';
import type { AuditStore, StoredCheckpoint } from '../store/index.js';
import { AuditVerifyError, type VerifyReport } from './verify-error.js';
import { appendSubtree, joinFrontiers } from './frontier-join.js';
import { runRangeTasks } from './verify-pool.js';
import { verifyRange, type RangeResult, type RangeTask } from './verify-range.js';

export interface VerifyOptions {
  readonly store: AuditStore;
  readonly macKey: Uint8Array;
  /** The log's C2SP verifier key; its name is the origin every checkpoint must carry. */
  readonly verifierKey: string;
  /** Worker threads; 0 verifies on this thread. */
  readonly workers: number;
  /** Entries per parallel range: a power of two. */
  readonly chunkSize: number;
}

/** A check due when the recomputed tree reaches `size`. */
type Expectation = { kind: 'checkpoint'; checkpoint: StoredCheckpoint } | { kind: 'tree-state'; frontier: Buffer };

/**
 * Recompute the log from its entries and check everything stored against it: every entry
 * (present, leaf hash, MAC), every checkpoint (signature, origin, size, root at that size —
 * consecutive checkpoints that both match the recomputed tree are consistent by construction)
 * and the tree state appenders continue from. Throws AuditVerifyError at the first problem.
 */
export async function verifyAuditLog(options: VerifyOptions): Promise<VerifyReport> {
  const { store } = options;
  const state = await store.latestState();
  const checkpoints = await store.checkpoints();
  const target = Math.max(state.size, checkpoints.at(-1)?.size ?? 0);

  const due = new Map<number, Expectation[]>();
  const expect = (size: number, e: Expectation): void => void due.set(size, [...(due.get(size) ?? []), e]);
  for (const checkpoint of checkpoints) expect(checkpoint.size, { kind: 'checkpoint', checkpoint });
  expect(state.size, { kind: 'tree-state', frontier: state.toBytes() });

  let lastGood: number | null = null;
  const check = (frontier: MerkleFrontier): void => {
    for (const e of due.get(frontier.size) ?? []) {
      if (e.kind === 'tree-state') {
        if (!frontier.toBytes().equals(e.frontier)) {
          throw new AuditVerifyError({ kind: 'tree-state', reason: `the stored tree state at size ${frontier.size} does not match the entries` });
        }
      } else {
        checkCheckpoint(e.checkpoint, frontier, options.verifierKey, lastGood);
        lastGood = frontier.size;
      }
    }
  };

  const tasks: RangeTask[] = [];
  const sizes = [...due.keys()].sort((a, b) => a - b);
  for (let start = 0; start < target; start += options.chunkSize) {
    const end = Math.min(start + options.chunkSize, target);
    tasks.push({ start, end, marks: sizes.filter((s) => s > start && s < end) });
  }

  let tree = MerkleFrontier.empty();
  check(tree);
  for await (const [task, result] of inOrder(options, tasks)) {
    for (const mark of result.marks) check(joinFrontiers(tree, mark.frontier));
    if (result.failure !== undefined) {
      throw new AuditVerifyError({ kind: 'entry', firstBadIndex: result.failure.index, reason: result.failure.reason });
    }
    const local = MerkleFrontier.fromBytes(result.end as Uint8Array);
    tree = task.end - task.start === options.chunkSize ? appendSubtree(tree, local.root(), options.chunkSize) : joinFrontiers(tree, result.end as Uint8Array);
    check(tree);
  }

  // Entries past every recorded tree state were written by no appender (or by one that has
  // since committed, which the second read tells apart).
  if ((await store.maxIndex()) >= target) {
    const latest = await store.latestState();
    if ((await store.maxIndex()) >= latest.size) {
      throw new AuditVerifyError({ kind: 'entry', firstBadIndex: latest.size, reason: 'an entry exists beyond the recorded tree size (inserted entry)' });
    }
  }
  return {
    ok: true,
    size: tree.size,
    rootHash: tree.root().toString('base64'),
    checkpoints: checkpoints.length,
    latestCheckpointSize: checkpoints.at(-1)?.size ?? null,
  };
}

function checkCheckpoint(stored: StoredCheckpoint, tree: MerkleFrontier, verifierKey: string, lastGood: number | null): void {
  const fail = (reason: string, extra: { cause?: unknown; firstBadIndex?: number } = {}): never => {
    const { cause, firstBadIndex } = extra;
    throw new AuditVerifyError({ kind: 'checkpoint', checkpointSize: stored.size, reason, ...(firstBadIndex === undefined ? {} : { firstBadIndex }) }, { cause });
  };
  let signed;
  try {
    signed = verifyCheckpoint(stored.note, verifierKey);
  } catch (err) {
    if (!isSottoError(err)) throw err;
    return fail(`the checkpoint does not verify: ${err.message}`, { cause: err });
  }
  if (signed.size !== stored.size) fail(`the checkpoint stored at size ${stored.size} is signed for size ${signed.size}`);
  if (!signed.rootHash.equals(tree.root())) {
    const since = lastGood === null ? 'the start of the log' : `the checkpoint at size ${lastGood}`;
    // The signed tree differs from the stored one somewhere after the last matching checkpoint.
    fail(`the signed root does not match the entries: an entry between ${since} and size ${stored.size} was changed`, {
      firstBadIndex: lastGood ?? 0,
    });
  }
}

/** Range results in task order: inline for a single range, else from worker threads. */
async function* inOrder(options: VerifyOptions, tasks: readonly RangeTask[]): AsyncGenerator<[RangeTask, RangeResult]> {
  if (options.workers === 0 || tasks.length <= 1) {
    for (const task of tasks) yield [task, await verifyRange((from, to) => options.store.readPage(from, to), options.macKey, task)];
    return;
  }
  let k = 0;
  for await (const result of runRangeTasks(options.store.location, options.macKey, tasks, options.workers)) {
    yield [tasks[k++] as RangeTask, result];
  }
}
