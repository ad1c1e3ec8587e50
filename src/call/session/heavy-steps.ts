// End-of-call work (the transcript's final detection pass, copying out the tracks, audio
// redaction and the WAV) is a few milliseconds of synchronous CPU per call. Calls that end
// together — a campaign, a burst after an outage, the benchmark's clustered script — used to run
// theirs back to back in one turn of the event loop (each continuation a microtask), and every
// other call's audio frames waited behind all of them: stalls of 150 ms and more at 200 calls.
// Here each such step waits its turn in one process-wide queue and runs alone in its own turn
// of the event loop (setImmediate), so socket reads and timers run between any two steps.

type Step = () => void;

const waiting: Step[] = [];
let scheduled = false;

function runNext(): void {
  waiting.shift()?.();
  // Scheduled after the step: what it queued (and the I/O that arrived meanwhile) runs first.
  if (waiting.length > 0) setImmediate(runNext);
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
      setImmediate(runNext);
    }
  });
}
