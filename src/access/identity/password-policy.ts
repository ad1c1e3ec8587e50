import { randomToken } from '../../crypto/index.js';
import { SottoError } from '../../errors/index.js';

// Kept apart from the hashing (a native module), so the CLI can check input before loading it.

export const MIN_PASSWORD_LENGTH = 12;
// Bounded so a megabyte "password" cannot be used to make every login expensive.
export const MAX_PASSWORD_BYTES = 1024;

/** Length in characters (code points), as NIST SP 800-63B §5.1.1.2 counts it; no composition rules. */
export function checkPasswordStrength(password: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH || Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) {
    throw new SottoError('PASSWORD_WEAK');
  }
}

/** A password for the operator to hand over once: 144 random bits in 24 base64url characters. */
export function generatePassword(): string {
  return randomToken(18);
}
