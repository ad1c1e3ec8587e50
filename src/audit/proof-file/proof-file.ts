// An audit proof file: everything an auditor needs to check, offline and with only the log's
// verifier key, that an entry is in the log (inclusion) or that the log only grew between two
// checkpoints (consistency). JSON, hashes and entry bytes in standard base64:
//   { "format": "sotto-audit-proof-v1", "kind": "inclusion", "entry", "index", "checkpoint", "proof" }
//   { "format": "sotto-audit-proof-v1", "kind": "consistency", "old", "new", "proof" }
// The file is attacker-controlled by assumption: it is schema-checked, every base64 field is
// decoded strictly, and every failure is a coded error naming the field.
import { z } from 'zod';
import { SottoError } from '../../errors/index.js';
import { MAX_NOTE_BYTES, decodeBase64Strict, parseVerifierKey, verifyCheckpoint, type ParsedVerifierKey } from '../checkpoint/index.js';
import { MAX_AUDIT_ENTRY_BYTES, decodeAuditEntry } from '../entry-codec.js';
import type { AuditEntry } from '../entry.js';
import { leafHash, verifyConsistency, verifyInclusion } from '../merkle/index.js';

export const PROOF_FILE_FORMAT = 'sotto-audit-proof-v1';
/** An inclusion proof has at most 53 hashes below 2^53 leaves, a consistency proof about twice that. */
const MAX_PROOF_HASHES = 128;
const MAX_PROOF_FILE_BYTES = 4 * MAX_NOTE_BYTES;

export interface InclusionProofFile {
  format: typeof PROOF_FILE_FORMAT;
  kind: 'inclusion';
  /** base64 of the entry's canonical bytes (entry-codec.ts), the Merkle leaf. */
  entry: string;
  index: number;
  /** Signed checkpoint note whose tree contains the entry. */
  checkpoint: string;
  proof: string[];
}

export interface ConsistencyProofFile {
  format: typeof PROOF_FILE_FORMAT;
  kind: 'consistency';
  /** Signed checkpoint notes, the older (smaller) tree first. */
  old: string;
  new: string;
  proof: string[];
}

export type AuditProofFile = InclusionProofFile | ConsistencyProofFile;

export type ProofFileVerification =
  | { kind: 'inclusion'; origin: string; size: number; index: number; entry: AuditEntry }
  | { kind: 'consistency'; origin: string; size: number; oldSize: number };

const note = z.string().min(1).max(MAX_NOTE_BYTES);
const hashes = z.array(z.string().max(64)).max(MAX_PROOF_HASHES);
const proofFileSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    format: z.literal(PROOF_FILE_FORMAT),
    kind: z.literal('inclusion'),
    entry: z.string().min(1).max(Math.ceil(MAX_AUDIT_ENTRY_BYTES / 3) * 4),
    index: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    checkpoint: note,
    proof: hashes,
  }),
  z.strictObject({ format: z.literal(PROOF_FILE_FORMAT), kind: z.literal('consistency'), old: note, new: note, proof: hashes }),
]);

export function inclusionProofFile(args: { entry: Uint8Array; index: number; checkpoint: string; proof: readonly Uint8Array[] }): InclusionProofFile {
  return {
    format: PROOF_FILE_FORMAT,
    kind: 'inclusion',
    entry: Buffer.from(args.entry).toString('base64'),
    index: args.index,
    checkpoint: args.checkpoint,
    proof: args.proof.map((h) => Buffer.from(h).toString('base64')),
  };
}

export function consistencyProofFile(args: { oldCheckpoint: string; newCheckpoint: string; proof: readonly Uint8Array[] }): ConsistencyProofFile {
  return {
    format: PROOF_FILE_FORMAT,
    kind: 'consistency',
    old: args.oldCheckpoint,
    new: args.newCheckpoint,
    proof: args.proof.map((h) => Buffer.from(h).toString('base64')),
  };
}

/** Parse a proof file's JSON text (size-limited); throws AUDIT_PROOF_INVALID if it is not JSON. */
export function readProofFile(text: string | Uint8Array): unknown {
  const length = typeof text === 'string' ? Buffer.byteLength(text, 'utf8') : text.length;
  if (length > MAX_PROOF_FILE_BYTES) throw new SottoError('AUDIT_PROOF_INVALID', 'proof file is too large');
  try {
    return JSON.parse(typeof text === 'string' ? text : new TextDecoder('utf-8', { fatal: true }).decode(text));
  } catch (cause) {
    throw new SottoError('AUDIT_PROOF_INVALID', 'proof file is not UTF-8 JSON', { cause });
  }
}

/**
 * Check a proof file against the log's verifier key: the checkpoint signature(s), then the
 * Merkle proof. Throws AUDIT_PROOF_INVALID (file or proof), AUDIT_CHECKPOINT_INVALID (a
 * checkpoint), AUDIT_ENTRY_INVALID (entry bytes not a canonical entry) or AUDIT_KEY_INVALID.
 */
export function verifyProofFile(json: unknown, verifierKey: string | ParsedVerifierKey): ProofFileVerification {
  const key = typeof verifierKey === 'string' ? parseVerifierKey(verifierKey) : verifierKey;
  const parsed = proofFileSchema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues.slice(0, 3).map((i) => `${i.path.map(String).join('.') || '(file)'}: ${i.message}`);
    throw new SottoError('AUDIT_PROOF_INVALID', `not a ${PROOF_FILE_FORMAT} proof file: ${where.join('; ')}`);
  }
  const file = parsed.data;
  const proof = file.proof.map((h, i) => {
    const bytes = decodeBase64Strict(h);
    if (!bytes || bytes.length !== 32) throw new SottoError('AUDIT_PROOF_INVALID', `proof[${i}] is not base64 of a 32-byte hash`);
    return bytes;
  });

  if (file.kind === 'inclusion') {
    const checkpoint = verifyCheckpoint(file.checkpoint, key);
    const entryBytes = decodeBase64Strict(file.entry);
    if (!entryBytes) throw new SottoError('AUDIT_PROOF_INVALID', 'entry is not base64');
    const entry = decodeAuditEntry(entryBytes);
    verifyInclusion(leafHash(entryBytes), file.index, checkpoint.size, proof, checkpoint.rootHash);
    return { kind: 'inclusion', origin: checkpoint.origin, size: checkpoint.size, index: file.index, entry };
  }
  const older = verifyCheckpoint(file.old, key);
  const newer = verifyCheckpoint(file.new, key);
  verifyConsistency(older.size, newer.size, older.rootHash, newer.rootHash, proof);
  return { kind: 'consistency', origin: newer.origin, size: newer.size, oldSize: older.size };
}
