// One erasure's signed deletion certificate: what it says, whether it verifies against this
// installation's public verifier key (POST /deletion-certificates/verify, the same check anyone
// can run), and a download of the exact JSON to hand to the data subject or a regulator.
import { useEffect, useState } from 'react';
import { api } from '../api.js';
import { countsText, downloadJson, errorText, type ErasureAnswer } from './lifecycle-common.js';
import { when } from '../format.js';

type Verification = { state: 'checking' } | { state: 'valid'; verifierKey: string } | { state: 'invalid'; reason: string };

export function CertificatePanel({ erasure }: { erasure: ErasureAnswer }): React.JSX.Element {
  const [verification, setVerification] = useState<Verification>({ state: 'checking' });
  const signed = erasure.certificate;
  const c = signed.certificate;

  useEffect(() => {
    let live = true;
    setVerification({ state: 'checking' });
    void (async () => {
      try {
        const [{ verifierKey }] = await Promise.all([
          api<{ verifierKey: string }>('/deletion-certificates/verifier-key'),
          api('/deletion-certificates/verify', { method: 'POST', json: { certificate: signed } }),
        ]);
        if (live) setVerification({ state: 'valid', verifierKey });
      } catch (err) {
        if (live) setVerification({ state: 'invalid', reason: errorText(err) });
      }
    })();
    return () => {
      live = false;
    };
  }, [signed]);

  return (
    <section className="lc-certificate" aria-labelledby={`cert-${c.erasureId}`}>
      <h3 id={`cert-${c.erasureId}`}>Deletion certificate {c.erasureId}</h3>
      <p role="status" className={`lc-verify lc-verify-${verification.state}`}>
        {verification.state === 'checking' && 'Checking the signature…'}
        {verification.state === 'valid' && 'Verified: signed by this installation’s deletion-certificate key.'}
        {verification.state === 'invalid' && `Does not verify: ${verification.reason}`}
      </p>
      <dl className="meta">
        <dt>Tenant</dt>
        <dd>{c.tenantId}</dd>
        <dt>Requested</dt>
        <dd>{when(c.requestedAt)}</dd>
        <dt>Subject key destroyed</dt>
        <dd>{when(c.keyDestroyedAt)}</dd>
        <dt>Completed</dt>
        <dd>{when(c.completedAt)}</dd>
        <dt>Deleted</dt>
        <dd>{countsText(c.counts)}</dd>
        <dt>Audit log entries</dt>
        <dd>request #{c.audit.requestIndex}, key destroyed #{c.audit.keyDestroyedIndex}, completed #{c.audit.completedIndex}</dd>
        <dt>Signature</dt>
        <dd className="lc-mono">{signed.signature.algorithm}, key {signed.signature.keyName} ({signed.signature.keyId})</dd>
        {verification.state === 'valid' && (
          <>
            <dt>Verifier key</dt>
            <dd className="lc-mono lc-break">{verification.verifierKey}</dd>
          </>
        )}
      </dl>
      <button type="button" className="lc-secondary" onClick={() => downloadJson(`${c.erasureId}.certificate.json`, signed)}>
        Download certificate (JSON)
      </button>
      <p className="hint">Anyone can check the file offline with <code>sotto erase verify-certificate</code> and the verifier key above.</p>
    </section>
  );
}
