// Keys for C2SP signed-note (https://c2sp.org/signed-note) with Ed25519, in the text formats of
// the Go reference implementation (golang.org/x/mod/sumdb/note):
//   verifier key  <name>+<key ID, 8 hex>+<base64(0x01 ‖ 32-byte public key)>
//   signer key    PRIVATE+KEY+<name>+<key ID, 8 hex>+<base64(0x01 ‖ 32-byte seed)>
// key ID = SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4].
import {
  ED25519_PUBLIC_KEY_BYTES,
  ED25519_SEED_BYTES,
  constantTimeEqual,
  ed25519PrivateKeyFromSeed,
  ed25519PublicKeyOf,
  ed25519SeedOf,
  ed25519Sign,
  generateEd25519KeyPair,
  sha256,
} from '../../crypto/index.js';
import { SottoError } from '../../errors/index.js';
import { decodeBase64Strict } from './base64.js';

/** The signed-note signature type byte for Ed25519. */
export const ED25519_NOTE_ALGORITHM = 0x01;
const KEY_ID_BYTES = 4;
const MAX_KEY_STRING_LENGTH = 1024;
const SIGNER_PREFIX = 'PRIVATE+KEY+';

/** Signs note text; `sign` returns the bare algorithm signature (the key ID is added by signNote). */
export interface NoteSigner {
  readonly name: string;
  readonly keyId: Buffer;
  sign(message: Buffer): Buffer;
}

export interface ParsedVerifierKey {
  readonly name: string;
  readonly keyId: Buffer;
  /** Raw 32-byte Ed25519 public key. */
  readonly publicKey: Buffer;
}

/** Key names must be non-empty, without Unicode spaces or '+'; also no control characters. */
export function isValidKeyName(name: unknown): name is string {
  // \p{Cs}: a lone surrogate, which has no UTF-8 encoding.
  return typeof name === 'string' && name.length > 0 && !/[\s+\p{Cc}\p{Cs}]/u.test(name);
}

export function ed25519NoteKeyId(name: string, publicKey: Uint8Array): Buffer {
  return sha256(Buffer.from(name, 'utf8'), Buffer.from([0x0a, ED25519_NOTE_ALGORITHM]), publicKey).subarray(0, KEY_ID_BYTES);
}

export function verifierKeyString(name: string, publicKey: Uint8Array): string {
  if (!isValidKeyName(name)) throw new SottoError('AUDIT_KEY_INVALID', 'key name is empty or contains spaces or "+"');
  if (publicKey.length !== ED25519_PUBLIC_KEY_BYTES) throw new SottoError('AUDIT_KEY_INVALID', 'an Ed25519 public key is 32 bytes');
  const encoded = Buffer.concat([Buffer.from([ED25519_NOTE_ALGORITHM]), publicKey]).toString('base64');
  return `${name}+${ed25519NoteKeyId(name, publicKey).toString('hex')}+${encoded}`;
}

/** Parse a verifier key string; it usually comes from configuration or the command line. */
export function parseVerifierKey(text: string): ParsedVerifierKey {
  const [name, keyIdHex, keyBytes] = splitKeyString(text, 'verifier');
  if (keyBytes.length !== 1 + ED25519_PUBLIC_KEY_BYTES) throw new SottoError('AUDIT_KEY_INVALID', 'verifier key has the wrong length for Ed25519');
  const publicKey = Buffer.from(keyBytes.subarray(1));
  const keyId = ed25519NoteKeyId(name, publicKey);
  if (keyId.toString('hex') !== keyIdHex) throw new SottoError('AUDIT_KEY_INVALID', 'verifier key ID does not match its name and public key');
  return { name, keyId, publicKey };
}

/** A signer over a PKCS #8 Ed25519 private key; refuses a public key that does not belong to it. */
export function createEd25519NoteSigner(name: string, privateKeyPkcs8: Uint8Array, publicKey: Uint8Array): NoteSigner {
  if (!isValidKeyName(name)) throw new SottoError('AUDIT_KEY_INVALID', 'key name is empty or contains spaces or "+"');
  const key = Buffer.from(privateKeyPkcs8);
  let derived: Buffer;
  try {
    derived = ed25519PublicKeyOf(key);
  } catch (cause) {
    throw new SottoError('AUDIT_KEY_INVALID', 'not an Ed25519 private key', { cause });
  }
  // A mismatched pair would sign checkpoints nobody can verify: refuse it up front.
  if (!constantTimeEqual(derived, publicKey)) throw new SottoError('AUDIT_KEY_INVALID', 'public key does not belong to the private key');
  return { name, keyId: ed25519NoteKeyId(name, derived), sign: (message) => ed25519Sign(key, message) };
}

export function signerKeyString(name: string, privateKeyPkcs8: Uint8Array): string {
  if (!isValidKeyName(name)) throw new SottoError('AUDIT_KEY_INVALID', 'key name is empty or contains spaces or "+"');
  const keyId = ed25519NoteKeyId(name, ed25519PublicKeyOf(privateKeyPkcs8));
  const seed = Buffer.concat([Buffer.from([ED25519_NOTE_ALGORITHM]), ed25519SeedOf(privateKeyPkcs8)]);
  const text = `${SIGNER_PREFIX}${name}+${keyId.toString('hex')}+${seed.toString('base64')}`;
  seed.fill(0);
  return text;
}

/** Parse a signer key string (a secret: keep it out of logs). The key ID is checked after deriving the public key. */
export function parseSignerKey(text: string): NoteSigner {
  if (typeof text !== 'string' || !text.startsWith(SIGNER_PREFIX)) throw new SottoError('AUDIT_KEY_INVALID', 'signer key does not start with PRIVATE+KEY+');
  const [name, keyIdHex, keyBytes] = splitKeyString(text.slice(SIGNER_PREFIX.length), 'signer');
  if (keyBytes.length !== 1 + ED25519_SEED_BYTES) throw new SottoError('AUDIT_KEY_INVALID', 'signer key has the wrong length for Ed25519');
  const privateKey = ed25519PrivateKeyFromSeed(keyBytes.subarray(1));
  keyBytes.fill(0);
  const signer = createEd25519NoteSigner(name, privateKey, ed25519PublicKeyOf(privateKey));
  if (signer.keyId.toString('hex') !== keyIdHex) throw new SottoError('AUDIT_KEY_INVALID', 'signer key ID does not match its name and key');
  return signer;
}

/** A fresh Ed25519 key pair for a log, as signer and verifier key strings. */
export function generateNoteKeys(name: string): { signerKey: string; verifierKey: string } {
  const { privateKeyPkcs8, publicKey } = generateEd25519KeyPair();
  return { signerKey: signerKeyString(name, privateKeyPkcs8), verifierKey: verifierKeyString(name, publicKey) };
}

/** <name>+<8 lowercase hex>+<canonical base64 starting with the Ed25519 type byte> */
function splitKeyString(text: unknown, what: string): [name: string, keyIdHex: string, keyBytes: Buffer] {
  if (typeof text !== 'string' || text.length > MAX_KEY_STRING_LENGTH) throw new SottoError('AUDIT_KEY_INVALID', `${what} key is not a key string`);
  // Split at the first two '+' only: base64 itself may contain '+'.
  const first = text.indexOf('+');
  const second = text.indexOf('+', first + 1);
  if (first < 0 || second < 0) throw new SottoError('AUDIT_KEY_INVALID', `${what} key is not <name>+<key ID>+<key>`);
  const name = text.slice(0, first);
  const keyIdHex = text.slice(first + 1, second);
  const keyBytes = decodeBase64Strict(text.slice(second + 1));
  if (!isValidKeyName(name)) throw new SottoError('AUDIT_KEY_INVALID', `${what} key name is empty or contains spaces or "+"`);
  if (!/^[0-9a-f]{8}$/.test(keyIdHex)) throw new SottoError('AUDIT_KEY_INVALID', `${what} key ID is not 8 lowercase hex digits`);
  if (!keyBytes || keyBytes.length === 0) throw new SottoError('AUDIT_KEY_INVALID', `${what} key material is not base64`);
  if (keyBytes[0] !== ED25519_NOTE_ALGORITHM) throw new SottoError('AUDIT_KEY_INVALID', `${what} key is not an Ed25519 key (type 0x01)`);
  return [name, keyIdHex, keyBytes];
}
