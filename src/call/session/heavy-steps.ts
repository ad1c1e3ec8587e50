// End-of-call work (the transcript's final detection pass, copying out the tracks, audio
// redaction and the WAV) is a few milliseconds of synchronous CPU per call. Calls that end
// together — a campaign, a burst after an outage, the benchmark's clustered script — used to run
// theirs back to back in one turn of the event loop (each continuation a microtask), and every
// other call's audio frames waited behind all of them: stalls of 150 ms and more at 200 calls.
// Here each such step waits its turn in one process-wide queue and runs alone in its own turn
// of the event loop (setImmediate), so socket reads and timers run between any two steps.
//
// It is background work, and live audio is not: while the event loop is behind (a turn took
// more than BUSY_TURN_MS of socket reads and timers), the next step waits for a quieter turn,
// up to MAX_WAIT_MS. Archiving then finishes later; the calls still running keep their frames
// on time. Nothing is lost by waiting: the tracks stay in memory, as they would mid-call.

type Step = () => void;

/** A turn longer than this means frames are queueing: background work waits. */
export const BUSY_TURN_MS = 10;
/** The longest a due step waits for a quiet turn; then it runs anyway, so archiving never starves. */
export const MAX_WAIT_MS = 250;

const waiting: Step[] = [];
let scheduled = false;
/** When the pending setImmediate was queued, and since when the step at the head has been due. */
let queuedAt = 0;
let dueSince = 0;

function schedule(): void {
  queuedAt = performance.now();
  setImmediate(runNext);
}

function runNext(): void {
  const now = performance.now();
  // The immediate ran one turn after it was queued: how long that turn took is how busy we are.
  if (now - queuedAt > BUSY_TURN_MS && now - dueSince < MAX_WAIT_MS) {
    schedule();
    return;
  }
  waiting.shift()?.();
  dueSince = performance.now();
  // Scheduled after the step: what it queued (and the I/O that arrived meanwhile) runs first.
  if (waiting.length > 0) schedule();
  else scheduled = false;
}

/** Runs `work` in a later turn of the event loop, one queued step per turn, in order. */
export function heavyStep<T>(work: () => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    waiting.push(() => {
      try {
        resolve(work());
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
    if (!scheduled) {
      scheduled = true;
      dueSince = performance.now();
      schedule();
    }
  });
}
