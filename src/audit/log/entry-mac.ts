// Per-entry MAC: HMAC-SHA256(mac key, u64 idx ‖ leaf hash). The Merkle tree alone cannot say
// WHICH entry an attacker with database access changed if they also recompute the leaf hashes;
// without the MAC key they cannot produce a MAC that binds an entry to its index, so an edited,
// moved or inserted entry fails at exactly its index.
import { hmacSha256 } from '../../crypto/index.js';
import type { BatchSealer } from '../store/index.js';

export const MAC_KEY_BYTES = 32;

// Reused: the HMAC consumes it before returning (verify calls this a million times).
const index = Buffer.alloc(8);

export function entryMac(key: Uint8Array, idx: number, leaf: Uint8Array): Buffer {
  // Indexes reach 2^53, past the 32 bits JavaScript's shift operators keep.
  index.writeUInt32BE(Math.floor(idx / 0x1_0000_0000), 0);
  index.writeUInt32BE(idx % 0x1_0000_0000, 4);
  return hmacSha256(key, index, leaf);
}

/** Seals a batch against the state the store read under its lock: MACs and the next tree state. */
export function macSealer(key: Uint8Array): BatchSealer {
  return (state, batch) => {
    const next = state.clone();
    const macs = batch.map((pending, i) => {
      next.append(pending.leaf);
      return entryMac(key, state.size + i, pending.leaf);
    });
    return { macs, next };
  };
}
