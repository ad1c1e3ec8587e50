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
 * (present at its index, leaf hash), every checkpoint (signature, origin, size, and the root at
 * that size — consecutive checkpoints that both match the recomputed tree are consistent by
 * construction), the tree state appenders continue from, and entry MACs. Throws
 * AuditVerifyError at the first problem, in index order.
 *
 * MACs are checked where they add something: after the last checkpoint, where no signature
 * covers the entries yet. Below it, a signed root that matches the recomputed tree already
 * authenticates every entry (and both keys are unwrapped from the same KEK, so whoever could
 * re-sign could also re-MAC). When a checkpoint fails, the range since the last good one is
 * rescanned with MACs, which names the first edited, moved or inserted entry exactly. This
 * skips a third of the hashing.
 */
export async function verifyAuditLog(options: VerifyOptions): Promise<VerifyReport> {
  const { store } = options;
  const state = await store.latestState();
  const checkpoints = await store.checkpoints();
  const target = Math.max(state.size, checkpoints.at(-1)?.size ?? 0);
  const signedUpTo = checkpoints.at(-1)?.size ?? 0;

  const due = new Map<number, Expectation[]>();
  const expect = (size: number, e: Expectation): void => void due.set(size, [...(due.get(size) ?? []), e]);
  for (const checkpoint of checkpoints) expect(checkpoint.size, { kind: 'checkpoint', checkpoint });
  expect(state.size, { kind: 'tree-state', frontier: state.toBytes() });

  let lastGood: number | null = null;
  const check = async (frontier: MerkleFrontier): Promise<void> => {
    for (const e of due.get(frontier.size) ?? []) {
      if (e.kind === 'tree-state') {
        if (!frontier.toBytes().equals(e.frontier)) {
          throw new AuditVerifyError({ kind: 'tree-state', reason: `the stored tree state at size ${frontier.size} does not match the entries` });
        }
        continue;
      }
      const failure = checkpointFailure(e.checkpoint, frontier, options.verifierKey, lastGood);
      if (failure !== undefined) {
        await throwFirstBadMac(options, lastGood ?? 0, e.checkpoint.size);
        throw failure;
      }
      lastGood = frontier.size;
    }
  };

  const tasks: RangeTask[] = [];
  const sizes = [...due.keys()].sort((a, b) => a - b);
  for (let start = 0; start < target; start += options.chunkSize) {
    const end = Math.min(start + options.chunkSize, target);
    tasks.push({ start, end, marks: sizes.filter((s) => s > start && s < end), macFrom: Math.max(start, signedUpTo) });
  }

  let tree = MerkleFrontier.empty();
  await check(tree);
  for await (const [task, result] of inOrder(options, tasks)) {
    for (const mark of result.marks) await check(joinFrontiers(tree, mark.frontier));
    if (result.failure !== undefined) {
      throw new AuditVerifyError({ kind: 'entry', firstBadIndex: result.failure.index, reason: result.failure.reason });
    }
    const local = MerkleFrontier.fromBytes(result.end as Uint8Array);
    tree = task.end - task.start === options.chunkSize ? appendSubtree(tree, local.root(), options.chunkSize) : joinFrontiers(tree, result.end as Uint8Array);
    await check(tree);
  }

  // An entry past every recorded tree state was written by no appender. Read the largest index
  // before the state: an appender commits entries and state together, so a state read later
  // covers every entry it committed meanwhile.
  const maxIndex = await store.maxIndex();
  if (maxIndex >= target) {
    const latest = await store.latestState();
    if (maxIndex >= latest.size) {
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

function checkpointFailure(stored: StoredCheckpoint, tree: MerkleFrontier, verifierKey: string, lastGood: number | null): AuditVerifyError | undefined {
  const failure = (reason: string, extra: { cause?: unknown; firstBadIndex?: number } = {}): AuditVerifyError => {
    const { cause, firstBadIndex } = extra;
    return new AuditVerifyError({ kind: 'checkpoint', checkpointSize: stored.size, reason, ...(firstBadIndex === undefined ? {} : { firstBadIndex }) }, { cause });
  };
  let signed;
  try {
    signed = verifyCheckpoint(stored.note, verifierKey);
  } catch (err) {
    if (!isSottoError(err)) throw err;
    return failure(`the checkpoint does not verify: ${err.message}`, { cause: err });
  }
  if (signed.size !== stored.size) return failure(`the checkpoint stored at size ${stored.size} is signed for size ${signed.size}`);
  if (!signed.rootHash.equals(tree.root())) {
    const since = lastGood === null ? 'the start of the log' : `the checkpoint at size ${lastGood}`;
    // The signed tree differs from the stored one after the last matching checkpoint, and no
    // MAC there failed: whoever changed it held the MAC key.
    return failure(`the signed root does not match the entries: an entry between ${since} and size ${stored.size} was changed`, {
      firstBadIndex: lastGood ?? 0,
    });
  }
  return undefined;
}

/** Rescan [from, to) with MACs; throw the first entry that fails. */
async function throwFirstBadMac(options: VerifyOptions, from: number, to: number): Promise<void> {
  const result = await verifyRange((a, b) => options.store.readPage(a, b), options.macKey, { start: from, end: to, marks: [], macFrom: from });
  if (result.failure !== undefined) {
    throw new AuditVerifyError({ kind: 'entry', firstBadIndex: result.failure.index, reason: result.failure.reason });
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
