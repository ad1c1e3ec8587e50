import { parseVerifierKey, verifyCheckpoint } from '../../audit/checkpoint/index.js';
import { isSottoError } from '../../errors/index.js';
import type { SqlStatements } from '../../store/meta/sql-client.js';

/** What the server found checking a checkpoint note against the log's verifier key. */
export type CheckpointSummary =
  | { valid: true; origin: string; size: number; rootHash: string; keyName: string; keyId: string }
  | { valid: false; code: string; message: string };

/**
 * The latest checkpoint as the console shows it, checked here with the log's own verifier key.
 * That proves the stored note was not edited (its signature is over origin, size and root); it
 * cannot prove the key itself is the right one — an auditor compares the key ID with the one
 * they were given, or checks offline with `sotto audit proof --verify`.
 */
export function checkpointSummary(note: string, verifierKey: string): CheckpointSummary {
  try {
    const key = parseVerifierKey(verifierKey);
    const checkpoint = verifyCheckpoint(note, key);
    return {
      valid: true,
      origin: checkpoint.origin,
      size: checkpoint.size,
      rootHash: checkpoint.rootHash.toString('base64'),
      keyName: key.name,
      keyId: key.keyId.toString('hex'),
    };
  } catch (err) {
    // Fail closed but visibly: an invalid checkpoint is the alarm the console must show, not a 500.
    if (isSottoError(err)) return { valid: false, code: err.code, message: err.message };
    throw err;
  }
}

/** When the checkpoint of `size` was stored (signed), as ISO-8601; null if the row has no time. */
export async function checkpointSignedAt(sql: SqlStatements, size: number): Promise<string | null> {
  const [row] = await sql.rows<{ created_at: string | Date | null }>('SELECT created_at FROM audit_checkpoints WHERE size = ?', [size]);
  const at = row?.created_at == null ? null : new Date(row.created_at);
  return at === null || Number.isNaN(at.getTime()) ? null : at.toISOString();
}
