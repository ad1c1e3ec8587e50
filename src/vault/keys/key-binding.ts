// What every key provider binds into a wrap, and the checks every provider makes on input it
// did not produce. Shared so that local and PKCS#11 wraps mean exactly the same thing.
import { SottoError } from '../../errors/index.js';
import { encodeWrapContext, type WrapContext, type WrappedKey } from './provider.js';

/** Key ids become file entries and PKCS#11 labels: keep them short and boring. */
const KEY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** Subject keys are 32 bytes; anything far larger is a misuse of a key-wrapping API. */
const MAX_WRAP_PLAINTEXT_BYTES = 1024;

export function assertKeyId(keyId: string): void {
  if (typeof keyId !== 'string' || !KEY_ID_PATTERN.test(keyId)) {
    throw new SottoError('USAGE', 'a key id is 1-128 characters of [A-Za-z0-9._:-], starting alphanumeric');
  }
}

export function assertWrapPlaintext(plaintext: Uint8Array): void {
  if (!(plaintext instanceof Uint8Array) || plaintext.length === 0 || plaintext.length > MAX_WRAP_PLAINTEXT_BYTES) {
    throw new SottoError('USAGE', `a wrapped key is 1-${MAX_WRAP_PLAINTEXT_BYTES} bytes`);
  }
}

/**
 * A WrappedKey comes back from storage, so it is parsed defensively: a wrong provider, a
 * malformed key id or version yields a coded error rather than a lookup of garbage.
 */
export function assertWrappedFor(wrapped: WrappedKey, providerName: string): void {
  if (wrapped === null || typeof wrapped !== 'object') {
    throw new SottoError('KEY_UNWRAP_FAILED', 'the wrapped key is not an object');
  }
  if (wrapped.provider !== providerName) {
    throw new SottoError('KEY_NOT_FOUND', `the key was wrapped by provider '${String(wrapped.provider)}', not '${providerName}'`);
  }
  if (typeof wrapped.keyId !== 'string' || !KEY_ID_PATTERN.test(wrapped.keyId)) {
    throw new SottoError('KEY_NOT_FOUND', 'the wrapped key names a malformed key id');
  }
  if (!Number.isSafeInteger(wrapped.version) || wrapped.version < 1 || wrapped.version > 0xffffffff) {
    throw new SottoError('KEY_NOT_FOUND', 'the wrapped key names a malformed key version');
  }
  if (!Buffer.isBuffer(wrapped.ciphertext)) {
    throw new SottoError('KEY_UNWRAP_FAILED', 'the wrapped key has no ciphertext');
  }
}

/**
 * Associated data for a wrap: the canonical context plus the provider, key id and version,
 * so a wrapped key relabelled to another key or version fails authentication even where the
 * provider would otherwise accept the bytes. Every field is length-prefixed (no collisions).
 */
export function wrapAad(provider: string, keyId: string, version: number, context: WrapContext): Buffer {
  const version32 = Buffer.alloc(4);
  version32.writeUInt32BE(version);
  return Buffer.concat([
    lengthPrefixed('sotto-kek-wrap-v1'),
    lengthPrefixed(provider),
    lengthPrefixed(keyId),
    version32,
    encodeWrapContext(context),
  ]);
}

function lengthPrefixed(s: string): Buffer {
  const bytes = Buffer.from(s, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(bytes.length);
  return Buffer.concat([len, bytes]);
}
