// Verification hashes ranges of the log in parallel, each range from an empty frontier. Ranges
// start at multiples of a power of two C, so the frontier before a range holds only subtrees of
// C leaves or more and the range's own frontier only smaller ones: joining is concatenation,
// and a finished range is one perfect subtree merged in like a binary carry (RFC 6962 §2.1).
import { HASH_BYTES, MerkleFrontier, nodeHash } from '../merkle/index.js';

/** The frontier of prefix ‖ suffix leaves, where suffix (bytes) has fewer leaves than prefix's smallest subtree. */
export function joinFrontiers(prefix: MerkleFrontier, suffix: Uint8Array): MerkleFrontier {
  const tail = MerkleFrontier.fromBytes(suffix);
  const size = Buffer.alloc(8);
  writeSize(size, prefix.size + tail.size);
  return MerkleFrontier.fromBytes(Buffer.concat([size, prefix.toBytes().subarray(8), Buffer.from(suffix).subarray(8)]));
}

/** Append a perfect subtree of `leaves` leaves (a power of two dividing prefix.size). */
export function appendSubtree(prefix: MerkleFrontier, root: Buffer, leaves: number): MerkleFrontier {
  const bytes = prefix.toBytes();
  const hashes: Buffer[] = [];
  for (let at = 8; at < bytes.length; at += HASH_BYTES) hashes.push(bytes.subarray(at, at + HASH_BYTES));
  let carry = root;
  for (let n = prefix.size / leaves; n % 2 === 1; n = Math.floor(n / 2)) carry = nodeHash(hashes.pop() as Buffer, carry);
  hashes.push(carry);
  const size = Buffer.alloc(8);
  writeSize(size, prefix.size + leaves);
  return MerkleFrontier.fromBytes(Buffer.concat([size, ...hashes]));
}

function writeSize(out: Buffer, n: number): void {
  out.writeUInt32BE(Math.floor(n / 0x1_0000_0000), 0);
  out.writeUInt32BE(n % 0x1_0000_0000, 4);
}
