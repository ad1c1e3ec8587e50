export { HASH_BYTES, emptyRoot, largestPowerOfTwoBelow, leafHash, nodeHash, rootOfLeafHashes } from './hash.js';
export { MerkleFrontier } from './frontier.js';
export {
  consistencyProof,
  consistencyProofRanges,
  inclusionProof,
  inclusionProofRanges,
  verifyConsistency,
  verifyInclusion,
} from './proofs.js';
export type { LeafRange, SubtreeHasher } from './proofs.js';
export { memorySubtreeHasher } from './memory-subtree-hasher.js';
