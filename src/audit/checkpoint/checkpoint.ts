// C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): the note text
//   <origin>\n<tree size>\n<base64 root hash>\n
// signed as a signed note. Sotto writes no extension lines and refuses checkpoints that carry
// them: they would be signed claims no monitor can audit.
import { SottoError } from '../../errors/index.js';
import { decodeBase64Strict } from './base64.js';
import { openSignedNote, signNote } from './note.js';
import { parseVerifierKey, type NoteSigner, type ParsedVerifierKey } from './note-keys.js';

const ROOT_HASH_BYTES = 32;

export interface Checkpoint {
  /** The log's identity; by C2SP convention also the name of the key that signs it. */
  origin: string;
  /** Number of leaves. */
  size: number;
  /** RFC 6962 root hash of the first `size` leaves. */
  rootHash: Buffer;
}

export function checkpointBody(c: Checkpoint): string {
  requireOrigin(c.origin);
  if (!Number.isSafeInteger(c.size) || c.size < 0) invalid('checkpoint size is not a non-negative safe integer');
  if (!Buffer.isBuffer(c.rootHash) || c.rootHash.length !== ROOT_HASH_BYTES) invalid('checkpoint root hash is not 32 bytes');
  return `${c.origin}\n${c.size}\n${c.rootHash.toString('base64')}\n`;
}

/** Parse checkpoint note text (already verified, or about to be): strict, every deviation throws. */
export function parseCheckpointBody(text: string): Checkpoint {
  if (typeof text !== 'string' || !text.endsWith('\n')) invalid('checkpoint text must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) invalid('checkpoint needs origin, size and root hash lines');
  if (lines.length > 3) invalid('checkpoint has extension lines, which Sotto does not accept');
  const [origin, sizeText, rootText] = lines as [string, string, string];
  requireOrigin(origin);
  // ASCII decimal without leading zeros ("0" for the empty tree), and within 2^53 - 1 so the
  // number is exact; at most 16 digits before converting.
  if (!/^(0|[1-9][0-9]{0,15})$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText))) {
    invalid('checkpoint size is not a decimal number without leading zeros below 2^53');
  }
  const rootHash = decodeBase64Strict(rootText);
  if (!rootHash || rootHash.length !== ROOT_HASH_BYTES) invalid('checkpoint root hash is not base64 of 32 bytes');
  return { origin, size: Number(sizeText), rootHash };
}

/** Sign a checkpoint as a note; the signer's key name must be the origin (C2SP's SHOULD, enforced). */
export function signCheckpoint(c: Checkpoint, signer: NoteSigner): string {
  if (signer.name !== c.origin) throw new SottoError('AUDIT_KEY_INVALID', 'the signing key name must equal the checkpoint origin');
  return signNote(checkpointBody(c), signer);
}

/**
 * Open a signed checkpoint with the log's verifier key: the signature must verify, the body must
 * parse, and the origin must be the key's name (so a checkpoint of another log under the same
 * key is not mistaken for this one). Throws AUDIT_CHECKPOINT_INVALID, or AUDIT_KEY_INVALID for a
 * malformed key.
 */
export function verifyCheckpoint(noteText: string | Uint8Array, verifierKey: string | ParsedVerifierKey): Checkpoint {
  const key = typeof verifierKey === 'string' ? parseVerifierKey(verifierKey) : verifierKey;
  const { body } = openSignedNote(noteText, [key]);
  const checkpoint = parseCheckpointBody(body);
  if (checkpoint.origin !== key.name) invalid(`checkpoint origin is not the log's key name ${key.name}`);
  return checkpoint;
}

function requireOrigin(origin: unknown): asserts origin is string {
  if (typeof origin !== 'string' || origin.length === 0) invalid('checkpoint origin is empty');
  for (let i = 0; i < origin.length; i++) {
    if (origin.charCodeAt(i) < 0x20) invalid('checkpoint origin contains a control character');
  }
}

function invalid(message: string): never {
  throw new SottoError('AUDIT_CHECKPOINT_INVALID', message);
}
