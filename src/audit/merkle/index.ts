export { HASH_BYTES, emptyRoot, largestPowerOfTwoBelow, leafHash, nodeHash, rootOfLeafHashes } from './hash.js';
export { MerkleFrontier } from './frontier.js';
