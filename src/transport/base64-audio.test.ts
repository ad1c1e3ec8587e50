import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSottoError } from '../errors/index.js';
import { decodeMediaPayload, isPaddedBase64, MAX_MEDIA_PAYLOAD_BYTES } from './base64-audio.js';

// The grammar the hand-written check replaces (RFC 4648 §4, padded), as the reference.
const REFERENCE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

void describe('media payload base64', () => {
  void it('agrees with the RFC 4648 grammar on 50,000 generated near-base64 strings', () => {
    // Mostly valid alphabet with padding, '=' in odd places, URL-safe and non-ASCII characters
    // mixed in, so both answers are common.
    const pool = 'ABCxyz019+/'.split('').concat(['=', '=', '-', '_', ' ', '\n', 'é', '\u0000', '\uff21']);
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    let valid = 0;
    for (let i = 0; i < 50_000; i++) {
      const length = random(14);
      let text = '';
      for (let j = 0; j < length; j++) text += random(4) === 0 ? (pool[random(pool.length)] as string) : 'QkNE'[random(4)];
      if (random(3) === 0) text += ['=', '==', 'A=', 'AB==', 'ABC='][random(5)];
      const expected = REFERENCE.test(text);
      if (expected) valid++;
      assert.equal(isPaddedBase64(text), expected, JSON.stringify(text));
    }
    assert.ok(valid > 5_000 && valid < 45_000, `both outcomes exercised (${valid} valid)`);
  });

  void it('decodes a frame and refuses what is not exactly padded base64, without echoing it', () => {
    const frame = Buffer.alloc(160, 0xff);
    assert.deepEqual(decodeMediaPayload(frame.toString('base64')), frame);
    for (const bad of ['', 'AAA', 'AA=A', 'A===', 'AAAA\n', 'AA-_', '====']) {
      assert.throws(() => decodeMediaPayload(bad), (err) => isSottoError(err) && err.code === 'TRANSPORT_MALFORMED_FRAME' && !err.message.includes(bad || '\u0001'));
    }
    assert.throws(
      () => decodeMediaPayload(Buffer.alloc(MAX_MEDIA_PAYLOAD_BYTES + 3).toString('base64')),
      (err) => isSottoError(err) && err.code === 'TRANSPORT_FRAME_TOO_LARGE',
    );
  });
});
