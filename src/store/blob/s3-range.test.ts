import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';

import { isSottoError } from '../../errors/index.js';
import { readAll } from './blob-store-contract.js';
import { deliverRange } from './s3-range.js';

const BLOB = Buffer.from('0123456789');

/** A body served in small pieces, so trimming crosses chunk edges. */
const served = (bytes: Buffer): Readable => Readable.from([bytes.subarray(0, 3), bytes.subarray(3, 7), bytes.subarray(7)]);

void describe('S3 byte-range delivery', () => {
  void describe('when the server answers with exactly the range asked', () => {
    void it('passes the body through', async () => {
      const body = served(BLOB.subarray(2, 5));
      assert.equal(deliverRange(body, { start: 2, end: 4 }, { ContentRange: 'bytes 2-4/10' }, 'k'), body);
    });
  });

  void describe('when the server serves more than asked (s3rver answers bytes=0-0 with everything)', () => {
    void it('trims to the range', async () => {
      const out = deliverRange(served(BLOB), { start: 0, end: 0 }, { ContentRange: 'bytes 0-9/10' }, 'k');
      assert.equal((await readAll(out)).toString(), '0');
    });
  });

  void describe('when the server ignores Range and sends the whole blob', () => {
    void it('trims to the range', async () => {
      const out = deliverRange(served(BLOB), { start: 2, end: 8 }, { ContentLength: 10 }, 'k');
      assert.equal((await readAll(out)).toString(), '2345678');
    });
  });

  void describe('when the range runs past the end and the server serves what it has', () => {
    void it('throws VAULT_RANGE_INVALID', () => {
      assert.throws(
        () => deliverRange(served(BLOB.subarray(5)), { start: 5, end: 12 }, { ContentRange: 'bytes 5-9/10' }, 'k'),
        (err) => isSottoError(err, 'VAULT_RANGE_INVALID'),
      );
    });
  });

  void describe('when the served body ends before the range does', () => {
    void it('fails the stream with BLOB_STORE_UNAVAILABLE rather than return short', async () => {
      const out = deliverRange(served(BLOB.subarray(0, 4)), { start: 2, end: 8 }, { ContentLength: 10 }, 'k');
      await assert.rejects(readAll(out), (err) => isSottoError(err, 'BLOB_STORE_UNAVAILABLE'));
    });
  });

  void describe('when the server says nothing about what it served', () => {
    void it('throws BLOB_STORE_UNAVAILABLE', () => {
      assert.throws(
        () => deliverRange(served(BLOB), { start: 0, end: 1 }, {}, 'k'),
        (err) => isSottoError(err, 'BLOB_STORE_UNAVAILABLE'),
      );
    });
  });
});
