const EMAIL = /^[^\s@]+@[^\s@]+$/;

/**
 * Emails compare case-insensitively (stored lower-cased, NFC). Only the shape is checked:
 * the address is personal data and never appears in an error message.
 */
export function normalizeEmail(email: string): string | undefined {
  const normalized = email.trim().normalize('NFC').toLowerCase();
  return normalized.length <= 254 && EMAIL.test(normalized) ? normalized : undefined;
}
