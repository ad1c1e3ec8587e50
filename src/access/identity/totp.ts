import { Secret, TOTP } from 'otpauth';
import { randomBytes } from '../../crypto/index.js';

// RFC 6238 with the parameters every authenticator app supports: HMAC-SHA-1, 6 digits, 30 s.
const ALGORITHM = 'SHA1';
const DIGITS = 6;
const PERIOD_S = 30;
/** Accept the previous and next step too (RFC 6238 §5.2 allows for clock drift). */
const WINDOW_STEPS = 1;
/** RFC 4226 §4 R6 recommends a 160-bit shared secret. */
export const TOTP_SECRET_BYTES = 20;

export function newTotpSecret(): Buffer {
  return randomBytes(TOTP_SECRET_BYTES);
}

function secretOf(bytes: Uint8Array): Secret {
  // A copy: otpauth keeps the buffer, and a pooled Buffer's ArrayBuffer holds other bytes.
  return new Secret({ buffer: Uint8Array.from(bytes).buffer });
}

/** The otpauth:// URI an authenticator app scans; it holds the secret, so it is shown once. */
export function totpEnrolmentUri(secret: Uint8Array, account: { issuer: string; label: string }): string {
  return new TOTP({
    issuer: account.issuer,
    label: account.label,
    secret: secretOf(secret),
    algorithm: ALGORITHM,
    digits: DIGITS,
    period: PERIOD_S,
  }).toString();
}

/** The code an authenticator shows at `at` (tests and enrolment checks). */
export function totpCode(secret: Uint8Array, at: Date): string {
  return TOTP.generate({ secret: secretOf(secret), algorithm: ALGORITHM, digits: DIGITS, period: PERIOD_S, timestamp: at.getTime() });
}

/**
 * The time step (RFC 6238 counter T) a code is valid for at `at`, or undefined if it is not
 * valid within ±1 step. Callers refuse a step at or below the last one they accepted, so a
 * code seen once (shoulder-surfed, phished, replayed) cannot be used again (§5.2).
 */
export function totpStep(secret: Uint8Array, code: string, at: Date): number | undefined {
  // Attacker-controlled: only exactly six ASCII digits reach the HMAC comparison.
  if (!/^\d{6}$/.test(code)) return undefined;
  const timestamp = at.getTime();
  const delta = TOTP.validate({
    token: code,
    secret: secretOf(secret),
    algorithm: ALGORITHM,
    digits: DIGITS,
    period: PERIOD_S,
    timestamp,
    window: WINDOW_STEPS,
  });
  if (delta === null) return undefined;
  return TOTP.counter({ period: PERIOD_S, timestamp }) + delta;
}
