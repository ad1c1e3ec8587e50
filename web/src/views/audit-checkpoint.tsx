// The latest signed checkpoint, what the server found checking its signature, the last
// `sotto audit verify` (operational evidence from the posture report), and a check the browser
// does itself (audit-check.ts).
import { useState } from 'react';
import { formatAt } from './audit-entries.js';
import { checkLogInBrowser, pinnedCheckpoint, type CheckResult } from './audit-check.js';
import type { CheckpointAnswer } from './audit-types.js';

export interface VerifyEvidence {
  /** From the posture report's audit item; null when the log was never verified. */
  lastVerification: { at: string; ok: boolean; detail: string } | null;
}

interface Props {
  checkpoint: CheckpointAnswer | null;
  checkpointError: string | null;
  evidence: VerifyEvidence | null;
  evidenceError: string | null;
  tenantId: string | null;
  onRefresh: () => void;
}

export function AuditCheckpointPanel({ checkpoint, checkpointError, evidence, evidenceError, tenantId, onRefresh }: Props): React.JSX.Element {
  const [check, setCheck] = useState<CheckResult | null>(null);
  const [checking, setChecking] = useState(false);
  const v = checkpoint?.verification;
  const pinned = pinnedCheckpoint(window.localStorage, tenantId);

  const runCheck = async (): Promise<void> => {
    setChecking(true);
    setCheck(await checkLogInBrowser(window.localStorage, tenantId));
    setChecking(false);
    onRefresh();
  };

  return (
    <div className="audit-panels">
      <section aria-labelledby="audit-checkpoint-title" className="audit-panel">
        <div className="audit-panel-head">
          <h2 id="audit-checkpoint-title">Latest signed checkpoint</h2>
          <button type="button" className="secondary" onClick={onRefresh}>Refresh</button>
        </div>
        {checkpointError && <p role="alert" className="error">Could not load the checkpoint: {checkpointError}</p>}
        {!checkpoint && !checkpointError && <p>Loading…</p>}
        {v && !v.valid && (
          <p role="alert" className="audit-alarm">Signature INVALID ({v.code}): {v.message}</p>
        )}
        {v?.valid && (
          <dl className="meta audit-meta">
            <dt>Tree size</dt>
            <dd>{v.size.toLocaleString('en-US')} entries</dd>
            <dt>Root hash</dt>
            <dd className="mono">{v.rootHash}</dd>
            <dt>Signed</dt>
            <dd>{checkpoint?.signedAt ? formatAt(checkpoint.signedAt) : 'time not known'}</dd>
            <dt>Signing key</dt>
            <dd className="mono">{v.keyName} (key ID {v.keyId})</dd>
            <dt>Signature</dt>
            <dd><span className="outcome outcome-allowed">valid</span> — checked by the server with the log’s verifier key {v.keyName}+{v.keyId}</dd>
          </dl>
        )}
        {checkpoint && (
          <details>
            <summary>Verifier key and signed note</summary>
            <p className="mono wrap">{checkpoint.verifierKey}</p>
            <pre className="mono wrap">{checkpoint.checkpoint}</pre>
          </details>
        )}
      </section>
      <section aria-labelledby="audit-verify-title" className="audit-panel">
        <h2 id="audit-verify-title">Verification</h2>
        {evidenceError && <p role="alert" className="error">Could not load the verification record: {evidenceError}</p>}
        {evidence && (
          <p>
            Last <code>sotto audit verify</code>:{' '}
            {evidence.lastVerification === null ? (
              <strong className="audit-warn">never run on this deployment</strong>
            ) : (
              <>
                <span className={`outcome outcome-${evidence.lastVerification.ok ? 'allowed' : 'denied'}`}>{evidence.lastVerification.ok ? 'passed' : 'FAILED'}</span>{' '}
                at {formatAt(evidence.lastVerification.at)}
                <span className="audit-detail">{evidence.lastVerification.detail}</span>
              </>
            )}
          </p>
        )}
        <p className="hint">
          <em>Check now</em> verifies the checkpoint’s signature in this browser, and a consistency proof from the checkpoint this browser kept at its last check.{' '}
          {pinned ? `Kept: checkpoint ${pinned.size}, ${formatAt(pinned.checkedAt)}.` : 'None kept yet.'}
        </p>
        <button type="button" onClick={() => void runCheck()} disabled={checking}>{checking ? 'Checking…' : 'Check now'}</button>
        <p role="status" className={check ? (check.ok ? 'audit-check' : 'audit-alarm') : undefined}>
          {check && (check.ok ? `Check passed at ${formatAt(check.at)}: ${check.message}` : `Check FAILED at ${formatAt(check.at)}: ${check.message}`)}
        </p>
      </section>
    </div>
  );
}
