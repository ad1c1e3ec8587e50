import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSottoError } from '../../errors/index.js';
import { MerkleFrontier } from './frontier.js';
import { emptyRoot, leafHash, rootOfLeafHashes } from './hash.js';

const leaves = Array.from({ length: 70 }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));

describe('MerkleFrontier', () => {
  it('gives the RFC 6962 root of every prefix size, and survives a round trip through bytes', () => {
    const frontier = MerkleFrontier.empty();
    assert.deepEqual(frontier.root(), emptyRoot());
    for (let n = 1; n <= leaves.length; n++) {
      frontier.append(leaves[n - 1] as Buffer);
      assert.deepEqual(frontier.root(), rootOfLeafHashes(leaves.slice(0, n)), `size ${n}`);
      assert.deepEqual(MerkleFrontier.fromBytes(frontier.toBytes()).root(), frontier.root());
    }
  });

  it('matches the known RFC 6962 empty-tree hash', () => {
    assert.equal(emptyRoot().toString('hex'), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  describe('when stored bytes are malformed', () => {
    it('throws AUDIT_STATE_INVALID for a wrong hash count or a ragged length', () => {
      const f = MerkleFrontier.empty();
      for (const l of leaves.slice(0, 5)) f.append(l);
      const bytes = f.toBytes();
      for (const bad of [bytes.subarray(0, bytes.length - 32), bytes.subarray(0, 10), Buffer.concat([bytes, Buffer.alloc(32)])]) {
        assert.throws(() => MerkleFrontier.fromBytes(bad), (e: unknown) => isSottoError(e, 'AUDIT_STATE_INVALID'));
      }
    });
  });
});
