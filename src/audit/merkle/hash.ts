// RFC 6962 §2.1 hashing: leaves and interior nodes are domain-separated so that a leaf can
// never be passed off as a node (second-preimage resistance of the tree).
import { sha256, sha256Once } from '../../crypto/index.js';

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

export const HASH_BYTES = 32;

// Hash inputs are assembled in scratch buffers, one per thread, and digested in one call each:
// a Hash object per digest cost more than the hashing (the log hashes a leaf and about one node
// per entry). Reuse is safe: sha256Once consumes its input before it returns.
const SCRATCH_LEAF_BYTES = 4096;
const leafInput = Buffer.alloc(1 + SCRATCH_LEAF_BYTES); // [0] stays 0x00
const nodeInput = Buffer.alloc(1 + 2 * HASH_BYTES);
nodeInput.set(NODE_PREFIX);

/** MTH({d}) = SHA-256(0x00 ‖ d) */
export function leafHash(entry: Uint8Array): Buffer {
  if (entry.length > SCRATCH_LEAF_BYTES) return sha256(LEAF_PREFIX, entry);
  leafInput.set(entry, 1);
  return sha256Once(leafInput.subarray(0, 1 + entry.length));
}

/** SHA-256(0x01 ‖ left ‖ right) */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length !== HASH_BYTES || right.length !== HASH_BYTES) return sha256(NODE_PREFIX, left, right);
  nodeInput.set(left, 1);
  nodeInput.set(right, 1 + HASH_BYTES);
  return sha256Once(nodeInput);
}

/** MTH of the empty tree: SHA-256 of the empty string. */
export function emptyRoot(): Buffer {
  return sha256();
}

/** MTH over a list of leaf hashes (RFC 6962 §2.1, split at the largest power of two < n). */
export function rootOfLeafHashes(leaves: readonly Uint8Array[]): Buffer {
  if (leaves.length === 0) return emptyRoot();
  if (leaves.length === 1) return Buffer.from(leaves[0] as Uint8Array);
  const k = largestPowerOfTwoBelow(leaves.length);
  return nodeHash(rootOfLeafHashes(leaves.slice(0, k)), rootOfLeafHashes(leaves.slice(k)));
}

/** The largest power of two strictly less than n (n ≥ 2). */
export function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
