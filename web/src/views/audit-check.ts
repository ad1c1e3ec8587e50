// "Check now": the browser verifies the latest checkpoint's signature itself and, when it has
// checked the log before, that the log only grew since (a consistency proof from the checkpoint
// it kept to the latest). What it kept is pinned in localStorage — trust on first use, like a
// witness: a later rollback, a fork or a new signing key is reported, not silently accepted.
import { api } from '../api.js';
import type { CheckpointAnswer } from './audit-types.js';
import { AuditCheckError, encodeBase64, parseVerifierKey, verifyCheckpointNote, verifyConsistencyFile } from './audit-verify.js';

export interface PinnedCheckpoint {
  verifierKey: string;
  size: number;
  rootHash: string;
  checkedAt: string;
}

export interface CheckResult {
  ok: boolean;
  at: string;
  message: string;
}

const PIN_KEY = 'sotto.audit.pinned-checkpoint';

export function pinnedCheckpoint(storage: Storage, tenantId: string | null): PinnedCheckpoint | null {
  try {
    const value = JSON.parse(storage.getItem(`${PIN_KEY}:${tenantId ?? ''}`) ?? 'null') as PinnedCheckpoint | null;
    return value && typeof value.size === 'number' && typeof value.rootHash === 'string' && typeof value.verifierKey === 'string' ? value : null;
  } catch {
    return null;
  }
}

export async function checkLogInBrowser(storage: Storage, tenantId: string | null): Promise<CheckResult> {
  const at = new Date().toISOString();
  try {
    const answer = await api<CheckpointAnswer>('/v1/audit/checkpoint');
    const key = await parseVerifierKey(answer.verifierKey);
    const latest = await verifyCheckpointNote(answer.checkpoint, key);
    const pinned = pinnedCheckpoint(storage, tenantId);
    let message: string;
    if (!pinned) {
      message = `checkpoint ${latest.size} signed by ${latest.signedBy}. First check in this browser: kept to compare with next time.`;
    } else {
      if (pinned.verifierKey !== answer.verifierKey) throw new AuditCheckError(`the log's verifier key changed since this browser last checked (${pinned.checkedAt})`);
      if (latest.size < pinned.size) throw new AuditCheckError(`the log shrank from ${pinned.size} to ${latest.size} entries since ${pinned.checkedAt}`);
      if (latest.size === pinned.size) {
        if (encodeBase64(latest.rootHash) !== pinned.rootHash) throw new AuditCheckError(`checkpoint ${latest.size} has a different root than when this browser checked it`);
      } else {
        const file = await api<unknown>(`/v1/audit/proofs/consistency?from=${pinned.size}&to=${latest.size}`);
        const { older, newer } = await verifyConsistencyFile(file, key);
        // The proof must start from what this browser saw, and end at what it was just shown.
        if (older.size !== pinned.size || encodeBase64(older.rootHash) !== pinned.rootHash) throw new AuditCheckError(`the log's checkpoint ${pinned.size} is not the one this browser kept`);
        if (newer.size !== latest.size || encodeBase64(newer.rootHash) !== encodeBase64(latest.rootHash)) throw new AuditCheckError('the consistency proof does not end at the latest checkpoint');
      }
      message = `checkpoint ${latest.size} signed by ${latest.signedBy}, consistent with checkpoint ${pinned.size} kept by this browser.`;
    }
    const pin: PinnedCheckpoint = { verifierKey: answer.verifierKey, size: latest.size, rootHash: encodeBase64(latest.rootHash), checkedAt: at };
    storage.setItem(`${PIN_KEY}:${tenantId ?? ''}`, JSON.stringify(pin));
    return { ok: true, at, message };
  } catch (err) {
    return { ok: false, at, message: err instanceof Error ? err.message : 'the check failed' };
  }
}
