// SHA-256 and HMAC-SHA256 for many short inputs (the audit log takes about four digests per
// entry). On short inputs the cost of node:crypto is not the hashing but the objects around it: a
// Hash/Hmac object per digest, and a Buffer per result (an ArrayBuffer with its own backing store).
// crypto.hash (Node ≥ 20.12) digests one contiguous input in one call, and asked for latin1 it
// returns the 32 digest bytes as a 32-character heap string (one char per byte, exactly), which
// is then written where the bytes are needed. On the 2-core dev VM, a 65–104-byte digest took
// about 1.2 µs through a Hash object, 0.9 µs with crypto.hash returning a Buffer, 0.35 µs this way.
import * as nodeCrypto from 'node:crypto';
import { SottoError } from '../errors/index.js';

const SHA256_BLOCK_BYTES = 64;
const SHA256_BYTES = 32;

type OneShot = (algorithm: string, data: Uint8Array, outputEncoding: 'binary') => string;
// Node 20 before 20.12 has no crypto.hash: the same digest through a Hash object.
const oneShot: OneShot | undefined = (nodeCrypto as unknown as { hash?: OneShot }).hash;

/** The digest as a string of 32 chars, one per byte ('binary' is Node's name for latin1). */
function digestLatin1(data: Uint8Array): string {
  return oneShot === undefined ? nodeCrypto.createHash('sha256').update(data).digest('binary') : oneShot('sha256', data, 'binary');
}

/** SHA-256 of one contiguous input. */
export function sha256Once(data: Uint8Array): Buffer {
  return Buffer.from(digestLatin1(data), 'latin1');
}

/** SHA-256 of one contiguous input, written to out[offset, offset + 32). */
export function sha256Into(data: Uint8Array, out: Buffer, offset: number): void {
  if (offset < 0 || offset + SHA256_BYTES > out.length) throw new SottoError('INTERNAL', 'no room for a SHA-256 digest at this offset');
  out.write(digestLatin1(data), offset, SHA256_BYTES, 'latin1');
}

/** HMAC-SHA256 under one key, for many messages; `destroy` zeroes the key material it holds, after which `mac` throws. */
export interface HmacSha256Key {
  mac(message: Uint8Array): Buffer;
  destroy(): void;
}

/**
 * HMAC-SHA256 exactly as RFC 2104 §2 defines it, H(K⊕opad ‖ H(K⊕ipad ‖ m)), with the padded key
 * blocks built once: each MAC is then two one-shot SHA-256 calls over scratch buffers that
 * already hold them, instead of an Hmac object per message. Tests check it against createHmac.
 */
export function createHmacSha256Key(key: Uint8Array): HmacSha256Key {
  // RFC 2104 §2: a key longer than the block is hashed first (into a Buffer we can zero, not a
  // string); a shorter one is zero-padded.
  const k = key.length > SHA256_BLOCK_BYTES ? nodeCrypto.createHash('sha256').update(key).digest() : key;
  let inner = Buffer.alloc(SHA256_BLOCK_BYTES + 64);
  const outer = Buffer.alloc(SHA256_BLOCK_BYTES + SHA256_BYTES);
  for (let i = 0; i < SHA256_BLOCK_BYTES; i++) {
    const byte = k[i] ?? 0;
    inner[i] = byte ^ 0x36;
    outer[i] = byte ^ 0x5c;
  }
  if (k !== key) k.fill(0);
  let destroyed = false;
  return {
    mac(message: Uint8Array): Buffer {
      // Fail closed: a MAC under zeroed pads would look valid to nobody and mean nothing.
      if (destroyed) throw new SottoError('INTERNAL', 'this HMAC key was destroyed');
      if (SHA256_BLOCK_BYTES + message.length > inner.length) {
        const grown = Buffer.alloc(SHA256_BLOCK_BYTES + message.length);
        inner.copy(grown, 0, 0, SHA256_BLOCK_BYTES);
        inner.fill(0);
        inner = grown;
      }
      inner.set(message, SHA256_BLOCK_BYTES);
      sha256Into(inner.subarray(0, SHA256_BLOCK_BYTES + message.length), outer, SHA256_BLOCK_BYTES);
      return sha256Once(outer);
    },
    destroy(): void {
      destroyed = true;
      inner.fill(0);
      outer.fill(0);
    },
  };
}
