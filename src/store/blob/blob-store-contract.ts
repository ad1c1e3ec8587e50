// The behaviour every BlobStore backend owes the vault, as one suite that each backend's test
// file runs against its own store. Not a test file itself: it only registers tests.
// `void describe/it`: node:test returns promises that its runner awaits, which the
// floating-promise lint rule cannot know.
import assert from 'node:assert/strict';
import type { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';

import { randomBytes, randomId } from '../../crypto/index.js';
import { SottoError, isSottoError, type ErrorCode } from '../../errors/index.js';
import type { BlobStore, ByteRange } from './blob-store.js';

export interface BlobStoreUnderTest {
  store: BlobStore;
  /** Temporary files the backend left behind, for backends that write them. */
  leftovers?: () => Promise<string[]>;
  cleanup(): Promise<void>;
}

/** Large enough to need several S3 multipart parts (5 MiB each), odd so ranges hit part edges. */
const LARGE_BLOB_BYTES = 11 * 1024 * 1024 + 5;
const CHUNK_BYTES = 64 * 1024;

export async function* chunksOf(bytes: Uint8Array, chunkBytes = CHUNK_BYTES): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.byteLength; offset += chunkBytes) {
    yield bytes.subarray(offset, Math.min(offset + chunkBytes, bytes.byteLength));
  }
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

export async function rejectsWithCode(work: Promise<unknown>, code: ErrorCode): Promise<void> {
  await assert.rejects(work, (err: unknown) => {
    assert.ok(isSottoError(err), `expected a SottoError ${code}, got ${String(err)}`);
    assert.equal(err.code, code);
    return true;
  });
}

const newKey = (): string => `calls/${randomId('blob')}`;

export function describeBlobStoreContract(backend: string, open: () => Promise<BlobStoreUnderTest>): void {
  void describe(`${backend} blob store contract`, () => {
    let subject: BlobStoreUnderTest;
    let store: BlobStore;
    before(async () => {
      subject = await open();
      store = subject.store;
    });
    after(async () => {
      await subject.cleanup();
    });

    void describe('when a multi-MiB body is streamed in chunks', () => {
      const bytes = randomBytes(LARGE_BLOB_BYTES);
      const key = newKey();
      before(async () => {
        assert.deepEqual(await store.put(key, chunksOf(bytes)), { size: bytes.byteLength });
      });

      void it('reads back the same bytes', async () => {
        assert.ok((await readAll(await store.get(key))).equals(bytes));
      });

      void it('reports its size', async () => {
        assert.deepEqual(await store.stat(key), { size: bytes.byteLength });
      });

      const last = LARGE_BLOB_BYTES - 1;
      const ranges: Array<[string, ByteRange]> = [
        ['the first byte', { start: 0, end: 0 }],
        ['the last byte', { start: last, end: last }],
        ['a middle span across a 5 MiB part edge', { start: 5 * 1024 * 1024 - 10, end: 5 * 1024 * 1024 + 10 }],
        ['the whole blob', { start: 0, end: last }],
      ];
      for (const [name, range] of ranges) {
        void it(`returns exactly ${name} when asked for it`, async () => {
          const got = await readAll(await store.get(key, range));
          assert.ok(got.equals(bytes.subarray(range.start, range.end + 1)), `${name}: ${got.byteLength} bytes`);
        });
      }

      const invalid: Array<[string, ByteRange]> = [
        ['starts at the size', { start: LARGE_BLOB_BYTES, end: LARGE_BLOB_BYTES }],
        ['ends one past the last byte', { start: 0, end: LARGE_BLOB_BYTES }],
        ['ends before it starts', { start: 10, end: 9 }],
        ['starts below zero', { start: -1, end: 3 }],
        ['is not whole bytes', { start: 1.5, end: 3 }],
      ];
      for (const [name, range] of invalid) {
        void it(`throws VAULT_RANGE_INVALID when the range ${name}`, async () => {
          await rejectsWithCode(store.get(key, range), 'VAULT_RANGE_INVALID');
        });
      }
    });

    void describe('when the blob is empty', () => {
      void it('stores it, reads it back empty, and refuses any range', async () => {
        const key = newKey();
        assert.deepEqual(await store.put(key, chunksOf(new Uint8Array(0))), { size: 0 });
        assert.deepEqual(await store.stat(key), { size: 0 });
        assert.equal((await readAll(await store.get(key))).byteLength, 0);
        await rejectsWithCode(store.get(key, { start: 0, end: 0 }), 'VAULT_RANGE_INVALID');
      });
    });

    void describe('when a blob is deleted', () => {
      void it('is absent afterwards, and deleting it again is not an error', async () => {
        const key = newKey();
        await store.put(key, chunksOf(randomBytes(1000)));
        await store.delete(key);
        assert.equal(await store.stat(key), undefined);
        await rejectsWithCode(store.get(key), 'BLOB_NOT_FOUND');
        await store.delete(key);
      });
    });

    void describe('when no blob is stored under the key', () => {
      void it('stat returns undefined and get throws BLOB_NOT_FOUND', async () => {
        const key = newKey();
        assert.equal(await store.stat(key), undefined);
        await rejectsWithCode(store.get(key), 'BLOB_NOT_FOUND');
        await rejectsWithCode(store.get(key, { start: 0, end: 0 }), 'BLOB_NOT_FOUND');
      });
    });

    void describe('when a blob already exists under the key', () => {
      void it('throws STORE_CONFLICT and leaves the original intact', async () => {
        const key = newKey();
        const original = randomBytes(300_000);
        await store.put(key, chunksOf(original));
        await rejectsWithCode(store.put(key, chunksOf(randomBytes(1000))), 'STORE_CONFLICT');
        assert.ok((await readAll(await store.get(key))).equals(original));
        assert.deepEqual(subject.leftovers ? await subject.leftovers() : [], []);
      });
    });

    void describe('when the key is not a valid blob key', () => {
      for (const key of ['../x', '/abs', 'a//b', '', 'a/../b', './a', 'a/', 'a\\b', 'a b', `${'k'.repeat(513)}`]) {
        void it(`throws BLOB_KEY_INVALID for ${JSON.stringify(key.slice(0, 20))} from every operation`, async () => {
          await rejectsWithCode(store.put(key, chunksOf(randomBytes(10))), 'BLOB_KEY_INVALID');
          await rejectsWithCode(store.get(key), 'BLOB_KEY_INVALID');
          await rejectsWithCode(store.stat(key), 'BLOB_KEY_INVALID');
          await rejectsWithCode(store.delete(key), 'BLOB_KEY_INVALID');
        });
      }
    });

    void describe('when the body throws mid-stream', () => {
      // Past one S3 part, so a multipart upload has begun and must be aborted.
      async function* failingBody(error: Error): AsyncGenerator<Uint8Array> {
        yield* chunksOf(randomBytes(6 * 1024 * 1024));
        throw error;
      }

      void it('throws the body’s own coded error and stores nothing', async () => {
        const key = newKey();
        const failure = new SottoError('KEY_PROVIDER_UNAVAILABLE', 'encryption stopped');
        await assert.rejects(store.put(key, failingBody(failure)), (err) => err === failure);
        assert.equal(await store.stat(key), undefined);
        await rejectsWithCode(store.get(key), 'BLOB_NOT_FOUND');
        assert.deepEqual(subject.leftovers ? await subject.leftovers() : [], []);
      });

      void it('throws BLOB_WRITE_FAILED for an uncoded error, stores nothing, and the key stays usable', async () => {
        const key = newKey();
        await rejectsWithCode(store.put(key, failingBody(new Error('socket closed'))), 'BLOB_WRITE_FAILED');
        assert.equal(await store.stat(key), undefined);
        assert.deepEqual(subject.leftovers ? await subject.leftovers() : [], []);
        assert.deepEqual(await store.put(key, chunksOf(randomBytes(10))), { size: 10 });
      });
    });
  });
}
