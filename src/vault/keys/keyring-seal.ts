// The sealed keyring file: a plain header recording how the sealing key is derived, then the
// keyring body under AES-256-GCM with the whole header as associated data.
//
//   magic "SOTTO-KR" (8) ‖ format 1 (1) ‖ kdf 1 = scrypt (1) ‖ log2 N (1) ‖ r (1) ‖ p (1)
//   ‖ salt length (1) ‖ salt ‖ check (16) ‖ nonce (12) ‖ ciphertext ‖ tag (16)
//
// `check` is derived from the same scrypt output as the sealing key, so a failed open can say
// which it was: a check mismatch means the secret is wrong; a matching check with a failing tag
// means the body was altered. It gives an attacker nothing the GCM tag does not already offer.
import {
  GCM_NONCE_BYTES,
  GCM_TAG_BYTES,
  constantTimeEqual,
  gcmOpen,
  gcmSeal,
  hkdfSha256,
  randomBytes,
  scrypt,
} from '../../crypto/index.js';
import { SottoError } from '../../errors/index.js';
import { decodeKeyringBody, encodeKeyringBody, type Keyring } from './keyring-body.js';

const MAGIC = Buffer.from('SOTTO-KR', 'ascii');
const FORMAT_VERSION = 1;
const KDF_SCRYPT = 1;
const CHECK_BYTES = 16;
const SALT_BYTES = 32;

export interface KeyringKdfParams {
  log2N: number;
  r: number;
  p: number;
}

/** What new seals use. Raising it upgrades a keyring on its next write (see isWeakerThanDefault). */
export const DEFAULT_KDF: KeyringKdfParams = { log2N: 15, r: 8, p: 1 };
/** scrypt at N=2^15, r=8, p=1 (~32 MiB) is the floor: a header asking for less is refused. */
const MIN_KDF: KeyringKdfParams = { log2N: 15, r: 8, p: 1 };
// The header is read before anything authenticates it, so its cost parameters are capped:
// an altered file must not make us allocate gigabytes. 128·N·r ≤ 1 GiB.
const MAX_KDF_MEMORY_BYTES = 1024 * 1024 * 1024;

export interface KeyringSealingKey {
  kdf: KeyringKdfParams;
  salt: Buffer;
  encryptionKey: Buffer;
  check: Buffer;
}

interface ParsedKeyringFile {
  kdf: KeyringKdfParams;
  salt: Buffer;
  check: Buffer;
  header: Buffer;
  nonce: Buffer;
  sealed: Buffer;
}

export async function deriveSealingKey(
  secret: Uint8Array,
  kdf: KeyringKdfParams = DEFAULT_KDF,
  salt: Buffer = randomBytes(SALT_BYTES),
): Promise<KeyringSealingKey> {
  const root = await scrypt(secret, salt, { N: 2 ** kdf.log2N, r: kdf.r, p: kdf.p });
  try {
    return {
      kdf,
      salt,
      encryptionKey: hkdfSha256(root, salt, Buffer.from('sotto-keyring-seal-v1'), 32),
      check: hkdfSha256(root, salt, Buffer.from('sotto-keyring-check-v1'), CHECK_BYTES),
    };
  } finally {
    root.fill(0);
  }
}

export function sealKeyring(keyring: Keyring, key: KeyringSealingKey): Buffer {
  const nonce = randomBytes(GCM_NONCE_BYTES);
  const header = Buffer.concat([
    MAGIC,
    Buffer.from([FORMAT_VERSION, KDF_SCRYPT, key.kdf.log2N, key.kdf.r, key.kdf.p, key.salt.length]),
    key.salt,
    key.check,
    nonce,
  ]);
  const body = encodeKeyringBody(keyring);
  try {
    return Buffer.concat([header, gcmSeal(key.encryptionKey, nonce, body, header)]);
  } finally {
    body.fill(0);
  }
}

/**
 * Opens a sealed keyring. `keyFor` derives (or returns a cached) sealing key for the header's
 * salt and parameters; the caller keeps it so later writes need no second scrypt run.
 */
export async function openKeyring(
  file: Buffer,
  keyFor: (kdf: KeyringKdfParams, salt: Buffer) => Promise<KeyringSealingKey>,
): Promise<{ keyring: Keyring; key: KeyringSealingKey }> {
  const parsed = parseKeyringFile(file);
  const key = await keyFor(parsed.kdf, parsed.salt);
  if (!constantTimeEqual(key.check, parsed.check)) {
    throw new SottoError(
      'KEYRING_SECRET_WRONG',
      'the master secret does not open the keyring (or the keyring header was altered)',
    );
  }
  const body = gcmOpen(key.encryptionKey, parsed.nonce, parsed.sealed, parsed.header, 'KEYRING_CORRUPT');
  try {
    return { keyring: decodeKeyringBody(body), key };
  } finally {
    body.fill(0);
  }
}

/** The file is read from disk, so every field is checked before it is used. */
function parseKeyringFile(file: Buffer): ParsedKeyringFile {
  const corrupt = (why: string) => new SottoError('KEYRING_CORRUPT', `the keyring file is malformed: ${why}`);
  const fixed = MAGIC.length + 6;
  if (file.length < fixed) throw corrupt('shorter than its header');
  if (!file.subarray(0, MAGIC.length).equals(MAGIC)) throw corrupt('not a Sotto keyring');
  const [format, kdfId, log2N, r, p, saltLength] = file.subarray(MAGIC.length, fixed);
  if (format !== FORMAT_VERSION) throw corrupt(`unknown format version ${String(format)}`);
  if (kdfId !== KDF_SCRYPT) throw corrupt(`unknown key derivation ${String(kdfId)}`);
  if (log2N === undefined || r === undefined || p === undefined || saltLength === undefined) throw corrupt('short header');
  const kdf = { log2N, r, p };
  if (log2N < MIN_KDF.log2N || r < MIN_KDF.r || p < MIN_KDF.p) throw corrupt('key derivation weaker than allowed');
  if (log2N > 30 || 128 * 2 ** log2N * r > MAX_KDF_MEMORY_BYTES || p > 16) throw corrupt('key derivation cost out of range');
  if (saltLength < 16) throw corrupt('salt too short');

  const headerLength = fixed + saltLength + CHECK_BYTES + GCM_NONCE_BYTES;
  if (file.length < headerLength + GCM_TAG_BYTES) throw corrupt('truncated');
  let at = fixed;
  const take = (n: number) => file.subarray(at, (at += n));
  const salt = Buffer.from(take(saltLength));
  const check = take(CHECK_BYTES);
  const nonce = take(GCM_NONCE_BYTES);
  return { kdf, salt, check, nonce, header: file.subarray(0, headerLength), sealed: file.subarray(headerLength) };
}

export function isWeakerThanDefault(kdf: KeyringKdfParams): boolean {
  return kdf.log2N < DEFAULT_KDF.log2N || kdf.r < DEFAULT_KDF.r || kdf.p < DEFAULT_KDF.p;
}

export function wipeSealingKey(key: KeyringSealingKey): void {
  key.encryptionKey.fill(0);
  key.check.fill(0);
}
