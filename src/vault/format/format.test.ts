import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { randomBytes } from '../../crypto/index.js';
import { isSottoError, type ErrorCode } from '../../errors/index.js';
import { artifactAad, decryptArtifact, decryptRange, encryptArtifact, HEADER_BYTES, TAG_BYTES, ciphertextSizeFor } from './index.js';

const SEG = 4096;
const KEY = randomBytes(32);
const AAD = artifactAad('tenant-a', 'art_1', 'recording');

async function* chunked(data: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

async function collect(it: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const p of it) parts.push(p);
  return Buffer.concat(parts);
}

async function seal(plain: Buffer, chunk = 1000, key = KEY, aad = AAD): Promise<Buffer> {
  return collect(encryptArtifact(key, aad, chunked(plain, chunk), { segmentSize: SEG }));
}

async function open(blob: Buffer, key = KEY, aad = AAD, chunk = 777): Promise<Buffer> {
  return collect(decryptArtifact(key, aad, chunked(blob, chunk)));
}

async function rejectsWith(p: Promise<unknown>, ...codes: ErrorCode[]): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(isSottoError(err), `expected a SottoError, got ${String(err)}`);
    assert.ok(codes.includes(err.code), `expected ${codes.join('|')}, got ${err.code}`);
    return true;
  });
}

const segmentAt = (i: number): number => HEADER_BYTES + i * (SEG + TAG_BYTES);

describe('vault segmented format', () => {
  describe('when a blob is encrypted and decrypted with the same key and associated data', () => {
    for (const size of [0, 1, SEG - 1, SEG, SEG + 1, 3 * SEG, 3 * SEG + 5]) {
      it(`returns the same ${size} bytes whatever the chunking`, async () => {
        const plain = randomBytes(size);
        for (const [inChunk, outChunk] of [[1, 1], [1000, 777], [SEG, SEG + TAG_BYTES], [100_000, 3]] as const) {
          if (size > SEG && inChunk === 1) continue;
          const blob = await seal(plain, inChunk);
          assert.equal(blob.length, ciphertextSizeFor(size, SEG));
          assert.deepEqual(await open(blob, KEY, AAD, outChunk), plain);
        }
      });
    }

    it('never writes the plaintext into the blob', async () => {
      const plain = Buffer.from('my card number is 4111 1111 1111 1111 '.repeat(300));
      const blob = await seal(plain);
      assert.equal(blob.includes(Buffer.from('4111 1111')), false);
    });
  });

  describe('when the key is wrong', () => {
    it('throws VAULT_KEY_MISMATCH before any segment is read', async () => {
      await rejectsWith(open(await seal(randomBytes(9000)), randomBytes(32)), 'VAULT_KEY_MISMATCH');
    });
  });

  describe('when the associated data differs', () => {
    for (const [what, aad] of [
      ['tenant', artifactAad('tenant-b', 'art_1', 'recording')],
      ['artifact id', artifactAad('tenant-a', 'art_2', 'recording')],
      ['kind', artifactAad('tenant-a', 'art_1', 'transcript')],
    ] as const) {
      it(`with another ${what} it throws VAULT_HEADER_AUTH_FAILED`, async () => {
        await rejectsWith(open(await seal(randomBytes(9000)), KEY, aad), 'VAULT_HEADER_AUTH_FAILED');
      });
    }
  });

  describe('when the blob is truncated', () => {
    it('at a segment boundary it throws VAULT_TRUNCATED', async () => {
      const blob = await seal(randomBytes(3 * SEG + 10));
      await rejectsWith(open(blob.subarray(0, segmentAt(2))), 'VAULT_TRUNCATED');
      await rejectsWith(open(blob.subarray(0, segmentAt(1))), 'VAULT_TRUNCATED');
    });
    it('after the header it throws VAULT_TRUNCATED', async () => {
      const blob = await seal(randomBytes(100));
      await rejectsWith(open(blob.subarray(0, HEADER_BYTES)), 'VAULT_TRUNCATED');
      await rejectsWith(open(blob.subarray(0, HEADER_BYTES - 1)), 'VAULT_TRUNCATED');
      await rejectsWith(open(Buffer.alloc(0)), 'VAULT_TRUNCATED');
    });
    it('inside a segment it fails', async () => {
      const blob = await seal(randomBytes(3 * SEG + 10));
      await rejectsWith(open(blob.subarray(0, segmentAt(2) + 100)), 'VAULT_SEGMENT_AUTH_FAILED', 'VAULT_TRUNCATED');
      await rejectsWith(open(blob.subarray(0, blob.length - 1)), 'VAULT_SEGMENT_AUTH_FAILED', 'VAULT_TRUNCATED');
    });
  });

  describe('when data follows the final segment', () => {
    it('throws VAULT_TRAILING_DATA', async () => {
      const blob = await seal(randomBytes(2 * SEG));
      await rejectsWith(open(Buffer.concat([blob, Buffer.from('x')])), 'VAULT_TRAILING_DATA');
    });
  });

  describe('when segments are reordered or duplicated', () => {
    const seg = (blob: Buffer, i: number): Buffer => blob.subarray(segmentAt(i), segmentAt(i + 1));
    it('a swap of two segments throws VAULT_SEGMENT_AUTH_FAILED', async () => {
      const blob = await seal(randomBytes(3 * SEG + 1));
      const swapped = Buffer.concat([blob.subarray(0, HEADER_BYTES), seg(blob, 1), seg(blob, 0), blob.subarray(segmentAt(2))]);
      await rejectsWith(open(swapped), 'VAULT_SEGMENT_AUTH_FAILED');
    });
    it('a duplicated segment throws VAULT_SEGMENT_AUTH_FAILED', async () => {
      const blob = await seal(randomBytes(3 * SEG + 1));
      const dup = Buffer.concat([blob.subarray(0, segmentAt(1)), seg(blob, 0), blob.subarray(segmentAt(1))]);
      await rejectsWith(open(dup), 'VAULT_SEGMENT_AUTH_FAILED');
    });
  });

  describe('when any single bit is flipped', () => {
    it('every position fails with a vault error and yields nothing from the damaged segment', async () => {
      const plain = randomBytes(2 * SEG + 300);
      const blob = await seal(plain);
      for (let pos = 0; pos < blob.length; pos += pos < HEADER_BYTES + 64 ? 1 : 97) {
        const bad = Buffer.from(blob);
        bad[pos] = (bad[pos] as number) ^ (1 << pos % 8);
        const released: Buffer[] = [];
        await assert.rejects(
          (async () => {
            for await (const p of decryptArtifact(KEY, AAD, chunked(bad, 1000))) released.push(p);
          })(),
          (err: unknown) => isSottoError(err) && err.code.startsWith('VAULT_'),
          `flip at ${pos} was not detected`,
        );
        const damagedSegment = pos < HEADER_BYTES ? 0 : Math.floor((pos - HEADER_BYTES) / (SEG + TAG_BYTES));
        assert.ok(Buffer.concat(released).length <= damagedSegment * SEG, `plaintext released past a bad tag at ${pos}`);
      }
    });
  });

  describe('when a header is moved onto another blob', () => {
    it('throws VAULT_SEGMENT_AUTH_FAILED', async () => {
      const a = await seal(randomBytes(SEG * 2));
      const b = await seal(randomBytes(SEG * 2));
      await rejectsWith(open(Buffer.concat([a.subarray(0, HEADER_BYTES), b.subarray(HEADER_BYTES)])), 'VAULT_SEGMENT_AUTH_FAILED');
    });
  });

  describe('when the header is malformed', () => {
    it('bad magic → VAULT_BAD_HEADER; unknown version → VAULT_UNSUPPORTED_VERSION', async () => {
      const blob = await seal(randomBytes(10));
      const magic = Buffer.from(blob);
      magic[0] = 0x41;
      await rejectsWith(open(magic), 'VAULT_BAD_HEADER');
      const version = Buffer.from(blob);
      version[8] = 2;
      await rejectsWith(open(version), 'VAULT_UNSUPPORTED_VERSION');
    });
  });

  describe('when a byte range is read', () => {
    const plain = randomBytes(5 * SEG + 123);
    const reader = (blob: Buffer, log: [number, number][]) => async (s: number, e: number) => {
      log.push([s, e]);
      return blob.subarray(s, e + 1);
    };

    it('returns exactly the requested bytes for ranges across segment edges', async () => {
      const blob = await seal(plain);
      for (const [s, e] of [[0, 0], [0, plain.length - 1], [SEG - 1, SEG], [2 * SEG + 5, 4 * SEG + 7], [plain.length - 1, plain.length - 1]] as const) {
        assert.deepEqual(await collect(decryptRange(KEY, AAD, blob.length, reader(blob, []), s, e)), plain.subarray(s, e + 1));
      }
    });

    it('reads only the header and the segments the range touches', async () => {
      const blob = await seal(plain);
      const log: [number, number][] = [];
      await collect(decryptRange(KEY, AAD, blob.length, reader(blob, log), 2 * SEG + 1, 2 * SEG + 10));
      assert.deepEqual(log, [[0, HEADER_BYTES - 1], [segmentAt(2), segmentAt(3) - 1]]);
    });

    it('outside the plaintext throws VAULT_RANGE_INVALID', async () => {
      const blob = await seal(plain);
      await rejectsWith(collect(decryptRange(KEY, AAD, blob.length, reader(blob, []), 0, plain.length)), 'VAULT_RANGE_INVALID');
      await rejectsWith(collect(decryptRange(KEY, AAD, blob.length, reader(blob, []), 5, 4)), 'VAULT_RANGE_INVALID');
    });

    it('of a blob cut at a segment boundary, reading the end throws VAULT_TRUNCATED', async () => {
      const blob = (await seal(plain)).subarray(0, segmentAt(3));
      await rejectsWith(collect(decryptRange(KEY, AAD, blob.length, reader(blob, []), 3 * SEG - 1, 3 * SEG - 1)), 'VAULT_TRUNCATED');
    });

    it('with a flipped bit in a touched segment throws VAULT_SEGMENT_AUTH_FAILED', async () => {
      const blob = Buffer.from(await seal(plain));
      blob[segmentAt(1) + 5] = (blob[segmentAt(1) + 5] as number) ^ 1;
      await rejectsWith(collect(decryptRange(KEY, AAD, blob.length, reader(blob, []), SEG, SEG + 1)), 'VAULT_SEGMENT_AUTH_FAILED');
    });
  });
});
