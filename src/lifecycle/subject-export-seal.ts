import { Encrypter, Stanza, type Recipient } from 'age-encryption';
import { chacha20Poly1305Seal, randomBytes, scrypt } from '../crypto/index.js';
import { SottoError } from '../errors/index.js';

/**
 * Who can open a subject export: a passphrase (age scrypt recipient) or an age X25519 public
 * key (`age1…`). The requester provides it; Sotto keeps neither (the passphrase lives only in
 * memory for the request). Format: age v1, https://age-encryption.org/v1 (C2SP age).
 */
export type ExportRecipient = { passphrase: string } | { recipient: string };

/** A passphrase guards a copy of personal data in transit: long enough to resist guessing offline. */
export const MIN_PASSPHRASE_CHARS = 12;
const MAX_PASSPHRASE_CHARS = 1024;
// Bech32 "age1" + 58 data characters for X25519; other recipient types (post-quantum) are longer.
const AGE_RECIPIENT = /^age1[02-9ac-hj-np-z]{58,2000}$/;

/** Check the recipient and make the encrypter, before anything of the subject is read. */
export function exportEncrypter(recipient: ExportRecipient): Encrypter {
  const encrypter = new Encrypter();
  if ('passphrase' in recipient) {
    const { passphrase } = recipient;
    if (typeof passphrase !== 'string' || passphrase.length < MIN_PASSPHRASE_CHARS || passphrase.length > MAX_PASSPHRASE_CHARS) {
      throw new SottoError('EXPORT_RECIPIENT_INVALID', `the passphrase must be ${MIN_PASSPHRASE_CHARS}-${MAX_PASSPHRASE_CHARS} characters`);
    }
    encrypter.addRecipient(new ThreadPoolScryptRecipient(passphrase));
    return encrypter;
  }
  const value = typeof recipient.recipient === 'string' ? recipient.recipient.trim() : '';
  // Someone pasting their secret key instead of the public one is told so (and it is not echoed).
  if (value.toUpperCase().startsWith('AGE-SECRET-KEY-')) {
    throw new SottoError('EXPORT_RECIPIENT_INVALID', 'that is an age secret key; give its public recipient (age1…) and keep the secret key to yourself');
  }
  if (!AGE_RECIPIENT.test(value)) throw new SottoError('EXPORT_RECIPIENT_INVALID', 'the recipient must be an age public key (age1…)');
  try {
    encrypter.addRecipient(value);
  } catch (cause) {
    throw new SottoError('EXPORT_RECIPIENT_INVALID', 'the recipient is not a valid age public key', { cause });
  }
  return encrypter;
}

/** The bundle's bytes, encrypted as they are produced (age STREAM: 64 KiB authenticated chunks). */
export async function sealBundle(encrypter: Encrypter, bundle: AsyncIterable<Uint8Array>): Promise<AsyncIterable<Uint8Array>> {
  const source = ReadableStream.from(bundle) as ReadableStream<Uint8Array>;
  return (await encrypter.encrypt(source)) as unknown as AsyncIterable<Uint8Array>;
}

// age's scrypt recipient (C2SP age, "scrypt recipient stanza"), with the key derived by Node's
// scrypt on the libuv thread pool: the library's own runs synchronously in JavaScript and would
// stall the server's event loop for seconds. The library still opens these files (tests do).
const SCRYPT_LABEL = 'age-encryption.org/v1/scrypt';
const SCRYPT_LOG_N = 18; // age's default work factor
const SCRYPT_SALT_BYTES = 16;

class ThreadPoolScryptRecipient implements Recipient {
  constructor(private readonly passphrase: string) {}

  async wrapFileKey(fileKey: Uint8Array): Promise<Stanza[]> {
    const salt = randomBytes(SCRYPT_SALT_BYTES);
    const key = await scrypt(Buffer.from(this.passphrase, 'utf8'), Buffer.concat([Buffer.from(SCRYPT_LABEL), salt]), { N: 2 ** SCRYPT_LOG_N, r: 8, p: 1 }, 32);
    try {
      const body = chacha20Poly1305Seal(key, new Uint8Array(12), fileKey);
      return [new Stanza(['scrypt', salt.toString('base64').replace(/=+$/, ''), String(SCRYPT_LOG_N)], body)];
    } finally {
      key.fill(0);
    }
  }
}
