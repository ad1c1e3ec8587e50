import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { NO_RESPAWN_ENV, SERVER_HEAP_FLAG, shouldRespawnForHeap } from './server-heap.js';

describe('the V8 heap flag of sotto serve', () => {
  it('is asked for unless the process already has it or is told to serve in process', () => {
    assert.equal(shouldRespawnForHeap([], {}), true);
    assert.equal(shouldRespawnForHeap(['--expose-gc'], {}), true);
    assert.equal(shouldRespawnForHeap([SERVER_HEAP_FLAG], {}), false);
    assert.equal(shouldRespawnForHeap(['--initial-old-space-size=1024'], {}), false, 'an operator’s own size wins');
    assert.equal(shouldRespawnForHeap(['--initial-old-space-size', '512'], {}), false);
    assert.equal(shouldRespawnForHeap([], { [NO_RESPAWN_ENV]: '1' }), false);
  });

  it('is the one the benches run with, so they measure the server as deployed', () => {
    const bench = readFileSync(new URL('../../scripts/run-bench.mjs', import.meta.url), 'utf8');
    assert.ok(bench.includes(`'${SERVER_HEAP_FLAG}'`));
  });
});
