import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUSY_TURN_MS, heavyStep, MAX_WAIT_MS } from './heavy-steps.js';

describe('heavy end-of-call steps', () => {
  it('run in order, one per turn of the event loop, with what each turn queued running between them', async () => {
    const order: string[] = [];
    // An immediate queued from inside a step runs in the next turn, as a socket read would.
    const steps = [1, 2, 3].map((n) =>
      heavyStep(() => {
        order.push(`step ${n}`);
        setImmediate(() => order.push(`after ${n}`));
        return n * 10;
      }),
    );
    assert.deepEqual(await Promise.all(steps), [10, 20, 30]);
    await new Promise((resolve) => setImmediate(resolve));
    // Not back to back: what step 1 left for the next turn ran before step 2.
    assert.deepEqual(order, ['step 1', 'after 1', 'step 2', 'after 2', 'step 3', 'after 3']);
  });

  it('rejects with the step’s error and goes on with the next step', async () => {
    const failed = heavyStep(() => {
      throw new RangeError('bad span');
    });
    const next = heavyStep(() => 'next');
    await assert.rejects(failed, RangeError);
    assert.equal(await next, 'next');
  });

  it('wait while every turn of the event loop is long (live audio first), but never longer than MAX_WAIT_MS', async () => {
    // Stands in for a loaded server: work in every turn of the loop, well past BUSY_TURN_MS.
    let loaded = true;
    const load = (): void => {
      if (!loaded) return;
      const until = performance.now() + BUSY_TURN_MS * 2;
      while (performance.now() < until);
      setImmediate(load);
    };
    setImmediate(load);
    try {
      const started = performance.now();
      const ranAt = await heavyStep(() => performance.now());
      // Every turn was busy, so the step ran only once it had waited its longest.
      assert.ok(ranAt - started >= MAX_WAIT_MS - 5, `ran after ${(ranAt - started).toFixed(0)} ms of busy turns`);
    } finally {
      loaded = false;
    }
    const quietStart = performance.now();
    const quietRanAt = await heavyStep(() => performance.now());
    assert.ok(quietRanAt - quietStart < MAX_WAIT_MS * 4, 'on a quiet loop a step runs without waiting for the cap');
  });
});
