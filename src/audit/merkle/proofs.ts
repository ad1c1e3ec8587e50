// RFC 9162 §2.1.3 inclusion proofs and §2.1.4 consistency proofs over the RFC 6962 tree of
// hash.ts. Generation asks a SubtreeHasher for the roots of whole subtrees, so the storage layer
// can answer from stored leaf hashes (or cached interior nodes) without this module knowing how.
import { SottoError } from '../../errors/index.js';
import { HASH_BYTES, emptyRoot, largestPowerOfTwoBelow, nodeHash } from './hash.js';

/** MTH of the leaves [start, end), 0 ≤ start < end ≤ tree size. */
export type SubtreeHasher = (start: number, end: number) => Promise<Buffer>;

/** A half-open leaf range [start, end) whose subtree root is one proof element. */
export type LeafRange = readonly [start: number, end: number];

/**
 * The leaf ranges of PATH(index, D[size]) (RFC 9162 §2.1.3.1), in proof order: the sibling
 * nearest the leaf first. Throws AUDIT_PROOF_RANGE_INVALID unless 0 ≤ index < size.
 */
export function inclusionProofRanges(index: number, size: number): LeafRange[] {
  if (!isTreeSize(size) || !isTreeSize(index) || index >= size) {
    throw new SottoError('AUDIT_PROOF_RANGE_INVALID', `no inclusion proof for index ${String(index)} in a tree of size ${String(size)}`);
  }
  // Walk down from the root: PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n]) or
  // PATH(m - k, D[k:n]) : MTH(D[0:k]); the sibling found at each level is appended after the
  // deeper path, so the list is reversed at the end.
  const ranges: LeafRange[] = [];
  let start = 0;
  let end = size;
  while (end - start > 1) {
    const k = largestPowerOfTwoBelow(end - start);
    if (index < start + k) {
      ranges.push([start + k, end]);
      end = start + k;
    } else {
      ranges.push([start, start + k]);
      start += k;
    }
  }
  return ranges.reverse();
}

/**
 * The leaf ranges of PROOF(oldSize, D[newSize]) (RFC 9162 §2.1.4.1). Empty when oldSize is 0
 * or equals newSize (nothing to prove). Throws AUDIT_PROOF_RANGE_INVALID unless
 * 0 ≤ oldSize ≤ newSize.
 */
export function consistencyProofRanges(oldSize: number, newSize: number): LeafRange[] {
  if (!isTreeSize(oldSize) || !isTreeSize(newSize) || oldSize > newSize) {
    throw new SottoError('AUDIT_PROOF_RANGE_INVALID', `no consistency proof from size ${String(oldSize)} to size ${String(newSize)}`);
  }
  if (oldSize === 0 || oldSize === newSize) return [];
  // SUBPROOF(m, D[n], b): at m = n the subtree's own root is needed unless b (it is the old
  // tree itself, which the verifier already holds).
  const ranges: LeafRange[] = [];
  let m = oldSize;
  let start = 0;
  let end = newSize;
  let whole = true;
  while (m !== end - start) {
    const k = largestPowerOfTwoBelow(end - start);
    if (m <= k) {
      ranges.push([start + k, end]);
      end = start + k;
    } else {
      ranges.push([start, start + k]);
      m -= k;
      start += k;
      whole = false;
    }
  }
  if (!whole) ranges.push([start, end]);
  return ranges.reverse();
}

export async function inclusionProof(index: number, size: number, hasher: SubtreeHasher): Promise<Buffer[]> {
  return subtreeRoots(inclusionProofRanges(index, size), hasher);
}

export async function consistencyProof(oldSize: number, newSize: number, hasher: SubtreeHasher): Promise<Buffer[]> {
  return subtreeRoots(consistencyProofRanges(oldSize, newSize), hasher);
}

async function subtreeRoots(ranges: readonly LeafRange[], hasher: SubtreeHasher): Promise<Buffer[]> {
  const roots = await Promise.all(ranges.map(([start, end]) => hasher(start, end)));
  // The hasher reads storage; a wrong-sized answer means the stored tree is damaged.
  for (const root of roots) {
    if (!Buffer.isBuffer(root) || root.length !== HASH_BYTES) throw new SottoError('AUDIT_STATE_INVALID', 'a stored subtree hash is malformed');
  }
  return roots;
}

/**
 * RFC 9162 §2.1.3.2: checks that `leafHash` is leaf `index` of the tree of `size` leaves whose
 * root is `root`. Every argument may come from an attacker (a proof file, an API answer); any
 * mismatch throws AUDIT_PROOF_INVALID. `size` and `root` are only meaningful as a pair: take
 * both from one verified checkpoint (the RFC algorithm can accept, say, leaf 0's proof in a tree
 * of 5 against size 6 with the root of 5).
 */
export function verifyInclusion(leafHash: Uint8Array, index: number, size: number, proof: readonly Uint8Array[], root: Uint8Array): void {
  requireHashes(leafHash, root, proof);
  if (!isTreeSize(size) || !isTreeSize(index)) invalid('leaf index or tree size is not a non-negative safe integer');
  if (index >= size) invalid(`leaf index ${index} is not below the tree size ${size}`);
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = leafHash;
  for (const p of proof) {
    if (sn === 0) invalid('inclusion proof is longer than the path to the root');
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) invalid('inclusion proof is shorter than the path to the root');
  if (!sameHash(r, root)) invalid('inclusion proof does not lead to the root hash');
}

/**
 * RFC 9162 §2.1.4.2: checks that the tree of `oldSize` leaves with root `oldRoot` is a prefix of
 * the tree of `newSize` leaves with root `newRoot`. Edge cases outside the RFC's 0 < m < n:
 * equal sizes need an empty proof and equal roots; old size 0 needs an empty proof and the
 * empty-tree root; old size above new size always fails.
 */
export function verifyConsistency(oldSize: number, newSize: number, oldRoot: Uint8Array, newRoot: Uint8Array, proof: readonly Uint8Array[]): void {
  requireHashes(oldRoot, newRoot, proof);
  if (!isTreeSize(oldSize) || !isTreeSize(newSize)) invalid('tree size is not a non-negative safe integer');
  if (oldSize > newSize) invalid(`old tree size ${oldSize} is larger than new tree size ${newSize}`);
  if (oldSize === 0) {
    if (proof.length !== 0) invalid('a consistency proof from the empty tree must be empty');
    if (!sameHash(oldRoot, emptyRoot())) invalid('the old root is not the empty-tree root');
    if (newSize === 0 && !sameHash(newRoot, oldRoot)) invalid('the new root is not the empty-tree root');
    return;
  }
  if (oldSize === newSize) {
    if (proof.length !== 0) invalid('a consistency proof between equal sizes must be empty');
    if (!sameHash(oldRoot, newRoot)) invalid('equal tree sizes with different root hashes');
    return;
  }
  if (proof.length === 0) invalid('consistency proof is empty');
  // Step 2 prepends oldRoot when oldSize is a power of two; read it from `first` instead of
  // copying the array.
  const prepend = isPowerOfTwo(oldSize);
  const first = prepend ? oldRoot : (proof[0] as Uint8Array);
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (fn % 2 === 1) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr: Uint8Array = first;
  let sr: Uint8Array = first;
  for (let i = prepend ? 0 : 1; i < proof.length; i++) {
    const c = proof[i] as Uint8Array;
    if (sn === 0) invalid('consistency proof is longer than the trees need');
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) invalid('consistency proof is shorter than the trees need');
  if (!sameHash(fr, oldRoot)) invalid('consistency proof does not lead to the old root hash');
  if (!sameHash(sr, newRoot)) invalid('consistency proof does not lead to the new root hash');
}

/** Sizes and indices are counts of leaves: integers in [0, 2^53). */
function isTreeSize(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

// Tree sizes reach 2^53 - 1, past the 32 bits that JavaScript's shift operators keep.
function half(n: number): number {
  return Math.floor(n / 2);
}

function isPowerOfTwo(n: number): boolean {
  let v = n;
  while (v > 1 && v % 2 === 0) v /= 2;
  return v === 1;
}

function requireHashes(a: Uint8Array, b: Uint8Array, proof: readonly Uint8Array[]): void {
  if (!(a instanceof Uint8Array) || a.length !== HASH_BYTES || !(b instanceof Uint8Array) || b.length !== HASH_BYTES) {
    invalid('a hash is not 32 bytes');
  }
  if (!Array.isArray(proof)) invalid('proof is not a list of hashes');
  for (const h of proof) {
    if (!(h instanceof Uint8Array) || h.length !== HASH_BYTES) invalid('a proof hash is not 32 bytes');
  }
}

function sameHash(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(a, b) === 0;
}

function invalid(message: string): never {
  throw new SottoError('AUDIT_PROOF_INVALID', message);
}
