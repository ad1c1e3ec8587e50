import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSottoError } from '../../errors/index.js';
import { MerkleFrontier, leafHash } from '../merkle/index.js';
import { EntryMacKey, entryMac, macSealer } from './entry-mac.js';

const key = Buffer.alloc(32, 0x5a);
const leaves = Array.from({ length: 70 }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));

describe('EntryMacKey (keyed once)', () => {
  it('gives the same MAC as entryMac, including indexes past 2^32 and up to 2^53 - 1', () => {
    const keyed = new EntryMacKey(key);
    for (const idx of [0, 1, 255, 2 ** 32 - 1, 2 ** 32, 2 ** 40 + 3, Number.MAX_SAFE_INTEGER]) {
      assert.deepEqual(keyed.mac(idx, leaves[1] as Buffer), entryMac(key, idx, leaves[1] as Buffer), `index ${idx}`);
    }
  });

  it('binds the index: the same leaf at another index gets another MAC', () => {
    const keyed = new EntryMacKey(key);
    assert.notDeepEqual(keyed.mac(7, leaves[0] as Buffer), keyed.mac(8, leaves[0] as Buffer));
  });

  it('MACs a stored leaf hash of the wrong length as entryMac does (verify compares, never trusts the length)', () => {
    const short = Buffer.alloc(31, 1);
    assert.deepEqual(new EntryMacKey(key).mac(3, short), entryMac(key, 3, short));
  });

  it('refuses to MAC once destroyed', () => {
    const keyed = new EntryMacKey(key);
    keyed.destroy();
    assert.throws(() => keyed.mac(0, leaves[0] as Buffer), (e: unknown) => isSottoError(e, 'INTERNAL'));
  });
});

describe('macSealer', () => {
  it('MACs each entry at its index and extends the tree state, leaving the state it was given unchanged', () => {
    const state = MerkleFrontier.empty();
    for (const leaf of leaves.slice(0, 5)) state.append(leaf);
    const before = state.toBytes();
    const batch = leaves.slice(5).map((leaf) => ({ entry: Buffer.alloc(0), leaf }));
    const sealed = macSealer(new EntryMacKey(key))(state, batch);
    assert.deepEqual(
      sealed.macs,
      batch.map((p, i) => entryMac(key, 5 + i, p.leaf)),
    );
    const expected = MerkleFrontier.empty();
    for (const leaf of leaves) expected.append(leaf);
    assert.deepEqual(sealed.next.toBytes(), expected.toBytes());
    assert.deepEqual(state.toBytes(), before);
  });
});
