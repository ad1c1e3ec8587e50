// Per-entry MAC: HMAC-SHA256(mac key, u64 idx ‖ leaf hash). The Merkle tree alone cannot say
// WHICH entry an attacker with database access changed if they also recompute the leaf hashes;
// without the MAC key they cannot produce a MAC that binds an entry to its index, so an edited,
// moved or inserted entry fails at exactly its index.
import { createHmacSha256Key, hmacSha256, type HmacSha256Key } from '../../crypto/index.js';
import { HASH_BYTES } from '../merkle/index.js';
import type { BatchSealer } from '../store/index.js';

export const MAC_KEY_BYTES = 32;

// Reused: the HMAC consumes it before returning.
const index = Buffer.alloc(8);

/** Indexes reach 2^53, past the 32 bits JavaScript's shift operators keep. */
function writeIndex(out: Buffer, idx: number): void {
  out.writeUInt32BE(Math.floor(idx / 0x1_0000_0000), 0);
  out.writeUInt32BE(idx % 0x1_0000_0000, 4);
}

/** One MAC, keyed from scratch (tests, tools). Appends and verification use EntryMacKey. */
export function entryMac(key: Uint8Array, idx: number, leaf: Uint8Array): Buffer {
  writeIndex(index, idx);
  return hmacSha256(key, index, leaf);
}

/**
 * The log's MAC key, keyed once for many entries (a batch, a verify range): the same MACs as
 * entryMac at a fraction of the cost. `destroy` zeroes the key material it derived.
 */
export class EntryMacKey {
  private readonly hmac: HmacSha256Key;
  private readonly input = Buffer.alloc(8 + HASH_BYTES);

  constructor(key: Uint8Array) {
    this.hmac = createHmacSha256Key(key);
  }

  mac(idx: number, leaf: Uint8Array): Buffer {
    writeIndex(this.input, idx);
    if (leaf.length !== HASH_BYTES) return this.hmac.mac(Buffer.concat([this.input.subarray(0, 8), leaf]));
    this.input.set(leaf, 8);
    return this.hmac.mac(this.input);
  }

  destroy(): void {
    this.hmac.destroy();
  }
}

/** Seals a batch against the state the store read under its lock: MACs and the next tree state. */
export function macSealer(key: EntryMacKey): BatchSealer {
  return (state, batch) => {
    const next = state.clone();
    const macs = new Array<Buffer>(batch.length);
    for (let i = 0; i < batch.length; i++) {
      const { leaf } = batch[i] as (typeof batch)[number];
      next.append(leaf);
      macs[i] = key.mac(state.size + i, leaf);
    }
    return { macs, next };
  };
}
