import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SignatureReplayCache } from './signature-replay-cache.js';

describe('SignatureReplayCache', () => {
  it('when a signature is claimed twice within the window, refuses the second', () => {
    const cache = new SignatureReplayCache({ windowMs: 1000, now: () => 0 });
    assert.equal(cache.claim('sig-a'), true);
    assert.equal(cache.claim('sig-a'), false);
    assert.equal(cache.claim('sig-b'), true);
  });

  it('when the window has passed, forgets the signature (and its memory)', () => {
    let now = 0;
    const cache = new SignatureReplayCache({ windowMs: 1000, now: () => now });
    cache.claim('sig-a');
    now = 999;
    assert.equal(cache.claim('sig-a'), false);
    now = 1000;
    assert.equal(cache.claim('sig-b'), true);
    assert.equal(cache.size, 1, 'sig-a expired and was dropped');
    assert.equal(cache.claim('sig-a'), true);
  });

  it('when full, forgets the oldest first and never grows past its bound', () => {
    const cache = new SignatureReplayCache({ windowMs: 60_000, maxEntries: 3, now: () => 0 });
    for (const s of ['1', '2', '3', '4']) assert.equal(cache.claim(s), true);
    assert.equal(cache.size, 3);
    assert.equal(cache.claim('4'), false);
    assert.equal(cache.claim('2'), false);
    assert.equal(cache.claim('1'), true, 'the oldest was forgotten to make room');
  });
});
