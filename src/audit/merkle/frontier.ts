import { SottoError } from '../../errors/index.js';
import { HASH_BYTES, emptyRoot, nodeHash } from './hash.js';

/**
 * The right edge of a Merkle tree of `size` leaves: the roots of its perfect subtrees, one per
 * set bit of `size`, largest first. Enough to append in O(log n) and to compute the root, so
 * the appender never rereads old entries (the "compact range" of Trillian and Tessera).
 */
export class MerkleFrontier {
  private constructor(
    private sizeValue: number,
    private readonly subtrees: Buffer[],
  ) {}

  static empty(): MerkleFrontier {
    return new MerkleFrontier(0, []);
  }

  get size(): number {
    return this.sizeValue;
  }

  /** Add one leaf hash; merges equal-sized subtrees like a binary counter's carries. */
  append(leaf: Uint8Array): void {
    let carry: Buffer = Buffer.from(leaf);
    for (let n = this.sizeValue; n & 1; n = Math.floor(n / 2)) {
      carry = nodeHash(this.subtrees.pop() as Buffer, carry);
    }
    this.subtrees.push(carry);
    this.sizeValue += 1;
  }

  /** The RFC 6962 tree head for the current size. */
  root(): Buffer {
    if (this.subtrees.length === 0) return emptyRoot();
    let acc = this.subtrees[this.subtrees.length - 1] as Buffer;
    for (let i = this.subtrees.length - 2; i >= 0; i--) acc = nodeHash(this.subtrees[i] as Buffer, acc);
    return acc;
  }

  clone(): MerkleFrontier {
    return new MerkleFrontier(this.sizeValue, this.subtrees.map((h) => Buffer.from(h)));
  }

  /** size (u64 BE) ‖ subtree hashes, for storing a tree state. */
  toBytes(): Buffer {
    const out = Buffer.alloc(8 + this.subtrees.length * HASH_BYTES);
    out.writeBigUInt64BE(BigInt(this.sizeValue));
    this.subtrees.forEach((h, i) => h.copy(out, 8 + i * HASH_BYTES));
    return out;
  }

  /** Parse stored bytes; the hash count must match the set bits of the size. */
  static fromBytes(bytes: Uint8Array): MerkleFrontier {
    const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (b.length < 8 || (b.length - 8) % HASH_BYTES !== 0) throw new SottoError('AUDIT_STATE_INVALID', 'malformed tree state');
    const size = b.readBigUInt64BE();
    if (size > BigInt(Number.MAX_SAFE_INTEGER)) throw new SottoError('AUDIT_STATE_INVALID', 'tree size out of range');
    const n = Number(size);
    const count = (b.length - 8) / HASH_BYTES;
    if (count !== popcount(n)) throw new SottoError('AUDIT_STATE_INVALID', 'tree state does not match its size');
    const subtrees: Buffer[] = [];
    for (let i = 0; i < count; i++) subtrees.push(Buffer.from(b.subarray(8 + i * HASH_BYTES, 8 + (i + 1) * HASH_BYTES)));
    return new MerkleFrontier(n, subtrees);
  }
}

function popcount(n: number): number {
  let count = 0;
  for (let v = n; v > 0; v = Math.floor(v / 2)) count += v & 1;
  return count;
}
