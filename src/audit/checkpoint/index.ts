export { decodeBase64Strict } from './base64.js';
export { checkpointBody, parseCheckpointBody, signCheckpoint, verifyCheckpoint } from './checkpoint.js';
export type { Checkpoint } from './checkpoint.js';
export { MAX_NOTE_BYTES, MAX_NOTE_SIGNATURES, openSignedNote, signNote } from './note.js';
export type { OpenedNote } from './note.js';
export {
  ED25519_NOTE_ALGORITHM,
  createEd25519NoteSigner,
  ed25519NoteKeyId,
  generateNoteKeys,
  isValidKeyName,
  parseSignerKey,
  parseVerifierKey,
  signerKeyString,
  verifierKeyString,
} from './note-keys.js';
export type { NoteSigner, ParsedVerifierKey } from './note-keys.js';
