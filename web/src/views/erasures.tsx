// Subject erasure (GDPR Art. 17; POST /v1/erasures, call.delete): one confirmation step that says
// it cannot be undone, then the counts and the signed deletion certificate. Below, the tenant's
// past erasures (GET /v1/erasures), each certificate viewable, verifiable and downloadable.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../api.js';
import type { ViewProps } from '../sections.js';
import { CertificatePanel } from './lifecycle-certificate.js';
import { ConfirmStep, countsText, errorText, has, type ErasureAnswer, type ErasureCounts } from './lifecycle-common.js';
import { when } from '../format.js';

interface ErasureSummary {
  erasureId: string;
  requestedAt: string;
  requestedBy: string;
  completedAt: string | null;
  counts: ErasureCounts | null;
}

interface ErasurePage {
  erasures: ErasureSummary[];
  next: string | null;
}

export function ErasuresView({ me }: ViewProps): React.JSX.Element {
  if (!has(me.permissions, 'call.delete')) return <p>Erasing a data subject’s records needs the call.delete permission.</p>;
  return <Erasures tenantId={me.tenantId ?? ''} />;
}

function Erasures({ tenantId }: { tenantId: string }): React.JSX.Element {
  const [subject, setSubject] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [understood, setUnderstood] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ErasureAnswer | null>(null);
  const [list, setList] = useState<ErasureSummary[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [shown, setShown] = useState<ErasureAnswer | null>(null);

  const load = useCallback(async (before: string | null) => {
    try {
      const page = await api<ErasurePage>(`/v1/erasures?limit=50${before ? `&before=${encodeURIComponent(before)}` : ''}`);
      setList((l) => (before && l ? [...l, ...page.erasures] : page.erasures));
      setNext(page.next);
    } catch (err) {
      setError(errorText(err));
    }
  }, []);
  useEffect(() => void load(null), [load]);

  const review = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (subject.trim() === '') return;
    setError(null);
    setUnderstood(false);
    setConfirming(true);
  };

  const erase = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const answer = await api<ErasureAnswer>('/v1/erasures', { method: 'POST', json: { subject: subject.trim() } });
      setResult(answer);
      setShown(null);
      setSubject('');
      setConfirming(false);
      await load(null);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const open = async (erasureId: string): Promise<void> => {
    setError(null);
    try {
      setShown(await api<ErasureAnswer>(`/v1/erasures/${encodeURIComponent(erasureId)}/certificate`));
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <div className="lifecycle">
      <section aria-labelledby="erasure-title">
        <h1 id="erasure-title">Erasures</h1>
        <p className="hint lc-wide">
          Erase everything held about one data subject (GDPR Art. 17) and receive a signed deletion certificate.
          The identifier is sent only in the request body and kept only as a keyed hash.
        </p>
        <form className="filters lc-form" onSubmit={review} aria-label="Request an erasure">
          <label className="lc-grow">
            Subject identifier (caller’s number or customer id)
            <input value={subject} onChange={(e) => { setSubject(e.target.value); setConfirming(false); }} maxLength={256} autoComplete="off" spellCheck={false} required />
          </label>
          <button type="submit" disabled={busy || subject.trim() === ''}>Review erasure</button>
        </form>
        {confirming && (
          <ConfirmStep
            title="Erase this data subject permanently?"
            confirmLabel="Erase permanently"
            busy={busy}
            ready={understood}
            onConfirm={() => void erase()}
            onCancel={() => setConfirming(false)}
          >
            <p>
              Every recording, transcript, subject export and call record held about this subject in {tenantId} is deleted, and the
              subject’s encryption key is destroyed first, so nothing of it can be decrypted again.
              This cannot be undone. A legal hold on the subject or one of its calls blocks the erasure.
            </p>
            <label className="lc-check">
              <input type="checkbox" checked={understood} onChange={(e) => setUnderstood(e.target.checked)} /> I understand this cannot be undone
            </label>
          </ConfirmStep>
        )}
        <p className="error" role="alert">{error}</p>
        {result && (
          <div className="lc-result" role="status">
            <p>
              <strong>{result.alreadyErased ? 'Already erased' : 'Erased'}.</strong> {countsText(result.counts)}
              {result.alreadyErased ? ' (by the earlier erasure; its certificate is below).' : '.'}
            </p>
          </div>
        )}
        {result && !shown && <CertificatePanel erasure={result} />}
      </section>

      <section aria-labelledby="erasure-list-title">
        <h2 id="erasure-list-title">Past erasures</h2>
        {list === null ? (
          <p aria-busy="true">Loading…</p>
        ) : list.length === 0 ? (
          <p>No erasures in this tenant yet.</p>
        ) : (
          <table className="lc-table">
            <caption className="lc-caption">Erasures, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Erasure</th>
                <th scope="col">Requested</th>
                <th scope="col">Completed</th>
                <th scope="col">Deleted</th>
                <th scope="col"><span className="lc-visually-hidden">Certificate</span></th>
              </tr>
            </thead>
            <tbody>
              {list.map((e) => (
                <tr key={e.erasureId}>
                  <th scope="row" className="lc-mono">{e.erasureId}</th>
                  <td>{when(e.requestedAt)} <span className="at">by {e.requestedBy}</span></td>
                  <td>{e.completedAt ? when(e.completedAt) : 'Unfinished — request it again to resume'}</td>
                  <td>{e.counts ? countsText(e.counts) : '—'}</td>
                  <td>
                    {e.completedAt && (
                      <button type="button" className="lc-secondary" onClick={() => void open(e.erasureId)} aria-label={`Show the certificate of ${e.erasureId}`}>
                        Certificate
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {next && <button type="button" className="lc-secondary" onClick={() => void load(next)}>Show older erasures</button>}
        {shown && <CertificatePanel erasure={shown} />}
      </section>
    </div>
  );
}
