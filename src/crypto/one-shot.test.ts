import { createHash, createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSottoError } from '../errors/index.js';
import { createHmacSha256Key, sha256Into, sha256Once } from './one-shot.js';

// Lengths around the SHA-256 block (64 bytes) and its padding boundary (55/56 bytes).
const LENGTHS = [0, 1, 31, 32, 40, 55, 56, 63, 64, 65, 119, 120, 128, 200, 1000];
const bytes = (n: number, seed: number): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => (i * 131 + seed * 17 + 7) & 0xff));

describe('sha256Once', () => {
  it('equals createHash("sha256") for inputs around the block boundaries', () => {
    for (const n of LENGTHS) assert.deepEqual(sha256Once(bytes(n, n)), createHash('sha256').update(bytes(n, n)).digest(), `length ${n}`);
  });

  it('hashes only the view it is given, not the rest of the underlying buffer', () => {
    const whole = bytes(100, 1);
    assert.deepEqual(sha256Once(whole.subarray(10, 50)), createHash('sha256').update(whole.subarray(10, 50)).digest());
  });
});

describe('sha256Into', () => {
  it('writes exactly the 32 digest bytes at the offset, leaving the rest of the buffer alone', () => {
    for (const n of LENGTHS) {
      const out = Buffer.alloc(80, 0xee);
      sha256Into(bytes(n, n), out, 7);
      assert.deepEqual(out.subarray(7, 39), createHash('sha256').update(bytes(n, n)).digest(), `length ${n}`);
      assert.ok(out.subarray(0, 7).every((b) => b === 0xee) && out.subarray(39).every((b) => b === 0xee));
    }
  });

  it('refuses an offset without room for the digest', () => {
    assert.throws(() => sha256Into(bytes(3, 1), Buffer.alloc(40), 9), (e: unknown) => isSottoError(e, 'INTERNAL'));
    assert.throws(() => sha256Into(bytes(3, 1), Buffer.alloc(40), -1), (e: unknown) => isSottoError(e, 'INTERNAL'));
  });
});

describe('createHmacSha256Key', () => {
  it('equals createHmac("sha256") for keys shorter than, equal to and longer than the block', () => {
    for (const keyLength of [0, 1, 32, 63, 64, 65, 100, 300]) {
      const key = bytes(keyLength, 3);
      const hmac = createHmacSha256Key(key);
      for (const n of LENGTHS) {
        assert.deepEqual(hmac.mac(bytes(n, n + 1)), createHmac('sha256', key).update(bytes(n, n + 1)).digest(), `key ${keyLength}, message ${n}`);
      }
    }
  });

  it('matches RFC 4231 test case 2 ("Jefe")', () => {
    const mac = createHmacSha256Key(Buffer.from('Jefe')).mac(Buffer.from('what do ya want for nothing?'));
    assert.equal(mac.toString('hex'), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });

  it('gives the same MAC for a message after a longer one (the scratch buffer does not leak bytes)', () => {
    const key = bytes(32, 9);
    const hmac = createHmacSha256Key(key);
    hmac.mac(bytes(500, 2));
    assert.deepEqual(hmac.mac(bytes(40, 4)), createHmac('sha256', key).update(bytes(40, 4)).digest());
  });

  it('does not follow later changes to the caller key buffer (the pads are computed once)', () => {
    const key = bytes(32, 5);
    const expected = createHmac('sha256', key).update('m').digest();
    const hmac = createHmacSha256Key(key);
    key.fill(0);
    assert.deepEqual(hmac.mac(Buffer.from('m')), expected);
  });

  it('after destroy, refuses to compute a MAC', () => {
    const hmac = createHmacSha256Key(bytes(32, 6));
    hmac.mac(Buffer.from('m'));
    hmac.destroy();
    assert.throws(() => hmac.mac(Buffer.from('m')), (e: unknown) => isSottoError(e, 'INTERNAL'));
  });
});
