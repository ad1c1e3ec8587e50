// The wrapped data key names the subject key generation that wrapped it (issue 6, returning
// callers; docs/vault-format.md). Generation 0 keeps the first layout, so stored data still reads.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { randomBytes } from '../crypto/index.js';
import { isSottoError } from '../errors/index.js';
import { unwrapDataKey, wrapDataKey } from './subject-keys.js';

const subjectKey = randomBytes(32);
const dataKey = randomBytes(32);
const aad = Buffer.from('tenant|artifact|recording');
const failsUnwrap = (err: unknown) => isSottoError(err, 'DATA_KEY_UNWRAP_FAILED');

describe('a wrapped data key', () => {
  it('of generation 0 has the first layout (60 bytes) and unwraps', () => {
    const wrapped = wrapDataKey(subjectKey, dataKey, aad);
    assert.equal(wrapped.length, 60);
    assert.deepEqual(unwrapDataKey(subjectKey, wrapped, aad), dataKey);
  });

  it('of a later generation carries it in a 5-byte prefix and unwraps', () => {
    const wrapped = wrapDataKey(subjectKey, dataKey, aad, 7);
    assert.equal(wrapped.length, 65);
    assert.deepEqual([wrapped[0], wrapped.readUInt32BE(1)], [1, 7]);
    assert.deepEqual(unwrapDataKey(subjectKey, wrapped, aad), dataKey);
  });

  it('with its generation changed does not unwrap (the prefix is authenticated)', () => {
    const wrapped = wrapDataKey(subjectKey, dataKey, aad, 7);
    wrapped.writeUInt32BE(8, 1);
    assert.throws(() => unwrapDataKey(subjectKey, wrapped, aad), failsUnwrap);
    const stripped = wrapDataKey(subjectKey, dataKey, aad, 7).subarray(5);
    assert.throws(() => unwrapDataKey(subjectKey, stripped, aad), failsUnwrap);
  });

  it('of an unknown layout is DATA_KEY_UNWRAP_FAILED', () => {
    for (const bad of [Buffer.alloc(0), Buffer.alloc(61), Buffer.concat([Buffer.from([2, 0, 0, 0, 1]), Buffer.alloc(60)]), Buffer.concat([Buffer.from([1, 0, 0, 0, 0]), Buffer.alloc(60)])]) {
      assert.throws(() => unwrapDataKey(subjectKey, bad, aad), failsUnwrap);
    }
  });
});
