import { randomBytes } from '../../crypto/index.js';

// Letters only, without I and O (read as 1 and 0): a reference never contains digits, so it can
// neither be mistaken for nor collide with a caller's number when results are re-tokenized.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

/** A random reference a caller can write down, e.g. "KXRTMBQA" (8 letters ≈ 36 bits). */
export function referenceCode(length = 8): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // Rejection sampling keeps every letter equally likely (240 = 10 × 24).
      if (byte < 240 && out.length < length) out += ALPHABET[byte % ALPHABET.length];
    }
  }
  return out;
}
