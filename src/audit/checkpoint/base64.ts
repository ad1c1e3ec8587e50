const BASE64_ALPHABET = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Standard padded base64 (RFC 4648 §4) in its one canonical spelling, or undefined. Node's
 * Buffer.from(text, 'base64') skips characters outside the alphabet and tolerates missing
 * padding and stray low bits, so attacker-supplied text could "decode" to bytes that some
 * other spelling also decodes to; re-encoding and comparing rules that out.
 */
export function decodeBase64Strict(text: unknown): Buffer | undefined {
  if (typeof text !== 'string' || text.length % 4 !== 0 || !BASE64_ALPHABET.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}
