import { SottoError } from '../../errors/index.js';

/** What `verify` found wrong. `entry`: an entry is missing, edited, moved or inserted at
 *  firstBadIndex. `checkpoint`: a stored checkpoint does not verify or does not match the
 *  entries. `tree-state`: the state appenders continue from does not match the entries. */
export type VerifyFailureKind = 'entry' | 'checkpoint' | 'tree-state';

export interface VerifyFailure {
  readonly ok: false;
  readonly kind: VerifyFailureKind;
  readonly reason: string;
  /** The first index that cannot be trusted (for checkpoint mismatches: the first index after the last good checkpoint). */
  readonly firstBadIndex?: number;
  readonly checkpointSize?: number;
}

export interface VerifyReport {
  readonly ok: true;
  /** Entries verified: indexes 0 … size-1. */
  readonly size: number;
  /** Base64 RFC 6962 root of those entries. */
  readonly rootHash: string;
  /** Stored checkpoints whose signature and root were checked. */
  readonly checkpoints: number;
  readonly latestCheckpointSize: number | null;
}

/** Thrown by `verify` (fail closed); `report` is what `sotto audit verify` prints. */
export class AuditVerifyError extends SottoError {
  readonly report: VerifyFailure;

  constructor(report: Omit<VerifyFailure, 'ok'>, options?: { cause?: unknown }) {
    const at =
      report.kind === 'entry'
        ? `entry ${String(report.firstBadIndex)}`
        : report.kind === 'checkpoint'
          ? `checkpoint at size ${String(report.checkpointSize)}`
          : 'tree state';
    super('AUDIT_VERIFY_FAILED', `audit log does not verify at ${at}: ${report.reason}`, options);
    this.name = 'AuditVerifyError';
    this.report = { ok: false, ...report };
  }
}
