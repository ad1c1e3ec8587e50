import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sha256 } from '../../crypto/index.js';
import { leafHash, nodeHash } from './hash.js';

// leafHash and nodeHash digest scratch buffers in one call; the reference here is the plain
// streaming digest of the RFC 6962 §2.1 inputs.
const bytes = (n: number, seed: number): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff));

describe('leafHash', () => {
  it('is SHA-256(0x00 ‖ entry) for entries inside and beyond the scratch buffer', () => {
    for (const n of [0, 1, 55, 345, 4095, 4096, 4097, 70_000]) {
      assert.deepEqual(leafHash(bytes(n, n)), sha256(Buffer.from([0]), bytes(n, n)), `length ${n}`);
    }
  });

  it('hashes a short entry correctly right after a long one (no bytes left over from the scratch buffer)', () => {
    leafHash(bytes(3000, 1));
    assert.deepEqual(leafHash(bytes(10, 2)), sha256(Buffer.from([0]), bytes(10, 2)));
  });

  it('returns a digest that later calls do not overwrite', () => {
    const first = leafHash(bytes(20, 3));
    const copy = Buffer.from(first);
    leafHash(bytes(20, 4));
    assert.deepEqual(first, copy);
  });
});

describe('nodeHash', () => {
  it('is SHA-256(0x01 ‖ left ‖ right), and not symmetric', () => {
    const l = bytes(32, 5);
    const r = bytes(32, 6);
    assert.deepEqual(nodeHash(l, r), sha256(Buffer.from([1]), l, r));
    assert.notDeepEqual(nodeHash(l, r), nodeHash(r, l));
  });

  it('hashes inputs that are not 32 bytes the same way (no scratch)', () => {
    assert.deepEqual(nodeHash(bytes(5, 1), bytes(40, 2)), sha256(Buffer.from([1]), bytes(5, 1), bytes(40, 2)));
  });
});
