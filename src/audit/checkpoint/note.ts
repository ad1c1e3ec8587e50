// C2SP signed-note (https://c2sp.org/signed-note): text ending in a newline, a blank line, then
// signature lines "— <key name> <base64(key ID ‖ signature)>". A note arrives from outside (an API
// answer, a proof file, a database row anyone with access could edit), so it is parsed strictly
// and every failure is a coded error.
import { ed25519Verify } from '../../crypto/index.js';
import { SottoError } from '../../errors/index.js';
import { decodeBase64Strict } from './base64.js';
import { isValidKeyName, type NoteSigner, type ParsedVerifierKey } from './note-keys.js';

/** Far above a checkpoint with a hundred cosignatures; bounds the work a hostile note can ask for. */
export const MAX_NOTE_BYTES = 1024 * 1024;
/** The Go reference's limit; the spec asks verifiers to accept at least 16. */
export const MAX_NOTE_SIGNATURES = 100;
const SIGNATURE_PREFIX = '\u2014 ';

export interface OpenedNote {
  /** The note text, final newline included. */
  body: string;
  /** `<name>+<key ID hex>` of each trusted key whose signature verified. */
  verifiedBy: string[];
}

/** Sign `body` (which must end in a newline) and return the signed note. */
export function signNote(body: string, signer: NoteSigner): string {
  requireWellFormedText(body);
  if (!body.endsWith('\n')) malformed('note text must end with a newline');
  if (!isValidKeyName(signer.name) || signer.keyId.length !== 4) throw new SottoError('AUDIT_KEY_INVALID', 'signer has an invalid name or key ID');
  const signature = signer.sign(Buffer.from(body, 'utf8'));
  const encoded = Buffer.concat([signer.keyId, signature]).toString('base64');
  return `${body}\n${SIGNATURE_PREFIX}${signer.name} ${encoded}\n`;
}

/**
 * Open a signed note against trusted keys. Signatures from unknown keys (name or key ID not
 * both matching) are ignored, as the spec requires; a signature from a trusted key that fails
 * rejects the whole note (the spec's SHOULD, taken as MUST); no verified signature rejects it too.
 */
export function openSignedNote(note: string | Uint8Array, verifiers: readonly ParsedVerifierKey[]): OpenedNote {
  const text = noteText(note);
  requireWellFormedText(text);
  // The text ends at the last blank line; what follows must be one or more signature lines.
  const split = text.lastIndexOf('\n\n');
  if (split < 0) malformed('note has no blank line before its signatures');
  const body = text.slice(0, split + 1);
  const block = text.slice(split + 2);
  if (block.length === 0 || !block.endsWith('\n')) malformed('note signatures must end with a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES) malformed(`note has more than ${MAX_NOTE_SIGNATURES} signatures`);

  const message = Buffer.from(body, 'utf8');
  const verifiedBy = new Set<string>();
  for (const line of lines) {
    if (!line.startsWith(SIGNATURE_PREFIX)) malformed('note signature line does not start with an em dash and a space');
    const rest = line.slice(SIGNATURE_PREFIX.length);
    const space = rest.indexOf(' ');
    const name = rest.slice(0, space);
    const raw = space < 0 ? undefined : decodeBase64Strict(rest.slice(space + 1));
    if (!isValidKeyName(name) || !raw || raw.length < 5) malformed('note signature line is not "— <name> <base64>"');
    const keyId = raw.subarray(0, 4);
    const key = trustedKey(verifiers, name, keyId);
    if (!key) continue;
    const label = `${name}+${keyId.toString('hex')}`;
    if (!ed25519Verify(key.publicKey, message, raw.subarray(4))) {
      throw new SottoError('AUDIT_CHECKPOINT_INVALID', `invalid signature for key ${label}`);
    }
    verifiedBy.add(label);
  }
  if (verifiedBy.size === 0) throw new SottoError('AUDIT_CHECKPOINT_INVALID', 'note has no signature from a trusted key');
  return { body, verifiedBy: [...verifiedBy] };
}

function noteText(note: string | Uint8Array): string {
  if (typeof note === 'string') {
    // UTF-8 takes at most 3 bytes per UTF-16 unit: a cheap bound before measuring exactly.
    if (note.length * 3 > MAX_NOTE_BYTES && Buffer.byteLength(note, 'utf8') > MAX_NOTE_BYTES) malformed('note is too large');
    return note;
  }
  if (!(note instanceof Uint8Array)) malformed('note is not text');
  if (note.length > MAX_NOTE_BYTES) malformed('note is too large');
  try {
    // fatal: invalid UTF-8 is an error, not U+FFFD; ignoreBOM: a BOM stays part of the text.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(note);
  } catch (cause) {
    throw new SottoError('AUDIT_CHECKPOINT_INVALID', 'note is not valid UTF-8', { cause });
  }
}

function trustedKey(verifiers: readonly ParsedVerifierKey[], name: string, keyId: Buffer): ParsedVerifierKey | undefined {
  let found: ParsedVerifierKey | undefined;
  for (const v of verifiers) {
    if (v.name !== name || !v.keyId.equals(keyId)) continue;
    // Two different keys under one name and ID: the trust configuration itself is wrong.
    if (found && !found.publicKey.equals(v.publicKey)) throw new SottoError('AUDIT_KEY_INVALID', `ambiguous key ${name}+${keyId.toString('hex')}`);
    found = v;
  }
  return found;
}

/** The spec allows no ASCII control but newline; a lone surrogate has no UTF-8 encoding at all. */
function requireWellFormedText(text: unknown): asserts text is string {
  if (typeof text !== 'string') malformed('note is not text');
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x0a) malformed('note contains a control character');
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) malformed('note is not valid Unicode');
      i++;
    }
  }
}

function malformed(message: string): never {
  throw new SottoError('AUDIT_CHECKPOINT_INVALID', `malformed note: ${message}`);
}
