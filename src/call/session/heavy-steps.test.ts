import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { heavyStep } from './heavy-steps.js';

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
});
