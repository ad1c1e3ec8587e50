import { createCipheriv } from 'node:crypto';

/** ChaCha20-Poly1305 (RFC 8439) seal: ciphertext ‖ 16-byte tag. For age's key wrapping (C2SP age). */
export function chacha20Poly1305Seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Buffer {
  const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
  return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}
