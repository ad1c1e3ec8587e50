// Legal holds (GET/POST /v1/legal-holds, POST /v1/legal-holds/:id/release): a hold keeps what
// it covers from retention sweeps and erasure until released. A subject's identifier goes in the
// request body only and is cleared from the form once sent; holds show it as its keyed hash.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../api.js';
import { ConfirmStep, errorText } from './lifecycle-common.js';
import { when } from '../format.js';

type Scope = 'tenant' | 'subject' | 'call';

interface LegalHold {
  id: string;
  scope: Scope;
  target: string | null;
  note: string | null;
  createdAt: string;
  createdBy: string;
  releasedAt: string | null;
  releasedBy: string | null;
}

type Pending = { kind: 'place'; scope: Scope; target: string; note: string } | { kind: 'release'; hold: LegalHold };

const SCOPE_LABELS: Record<Scope, string> = { tenant: 'Whole tenant', subject: 'One data subject', call: 'One call' };

export function LegalHolds(): React.JSX.Element {
  const [holds, setHolds] = useState<LegalHold[] | null>(null);
  const [showReleased, setShowReleased] = useState(false);
  const [scope, setScope] = useState<Scope>('call');
  const [target, setTarget] = useState('');
  const [note, setNote] = useState('');
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');

  const load = useCallback(async (all: boolean) => {
    try {
      setHolds((await api<{ holds: LegalHold[] }>(`/v1/legal-holds?all=${all}`)).holds);
    } catch (err) {
      setError(errorText(err));
    }
  }, []);
  useEffect(() => void load(showReleased), [load, showReleased]);

  const review = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    setError(null);
    if (scope !== 'tenant' && target.trim() === '') {
      setError(scope === 'subject' ? 'Give the subject’s identifier.' : 'Give the call id.');
      return;
    }
    setPending({ kind: 'place', scope, target: target.trim(), note: note.trim() });
  };

  const confirm = async (p: Pending): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      if (p.kind === 'place') {
        const body = p.scope === 'tenant' ? 'tenant' : p.scope === 'subject' ? { subject: p.target } : { callId: p.target };
        const hold = await api<LegalHold>('/v1/legal-holds', { method: 'POST', json: { target: body, ...(p.note ? { note: p.note } : {}) } });
        setTarget('');
        setNote('');
        setStatus(`Hold ${hold.id} placed.`);
      } else {
        await api(`/v1/legal-holds/${encodeURIComponent(p.hold.id)}/release`, { method: 'POST' });
        setStatus(`Hold ${p.hold.id} released.`);
      }
      setPending(null);
      await load(showReleased);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="holds-title">
      <h2 id="holds-title">Legal holds</h2>
      <p className="hint lc-wide">
        A hold keeps everything it covers — past its retention period and through erasure requests — until it is
        released. Use one for litigation, a regulator’s inquiry or an investigation.
      </p>
      <form className="filters lc-form" onSubmit={review} aria-label="Place a legal hold">
        <label>
          Hold on
          <select value={scope} onChange={(e) => setScope(e.target.value as Scope)} name="scope">
            {(Object.keys(SCOPE_LABELS) as Scope[]).map((s) => <option key={s} value={s}>{SCOPE_LABELS[s]}</option>)}
          </select>
        </label>
        {scope !== 'tenant' && (
          <label>
            {scope === 'subject' ? 'Subject identifier' : 'Call id'}
            <input value={target} onChange={(e) => setTarget(e.target.value)} maxLength={scope === 'subject' ? 256 : 100} autoComplete="off" spellCheck={false} />
          </label>
        )}
        <label className="lc-grow">
          Reason or case reference
          <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} placeholder="e.g. matter 2026-014" />
        </label>
        <button type="submit" disabled={busy}>Review hold</button>
      </form>
      <p className="error" role="alert">{error}</p>
      <p role="status" className="lc-status">{status}</p>
      {pending?.kind === 'place' && (
        <ConfirmStep title="Place this legal hold?" confirmLabel="Place hold" busy={busy} onConfirm={() => void confirm(pending)} onCancel={() => setPending(null)}>
          <p>
            {pending.scope === 'tenant' ? 'Everything this tenant holds' : pending.scope === 'subject' ? 'Everything held about this data subject' : `Call ${pending.target} and its recording and transcript`}{' '}
            will be kept from retention sweeps and erasure until the hold is released.
            {pending.note ? ` Reference: ${pending.note}.` : ''}
          </p>
        </ConfirmStep>
      )}
      {pending?.kind === 'release' && (
        <ConfirmStep title={`Release hold ${pending.hold.id}?`} confirmLabel="Release hold" busy={busy} onConfirm={() => void confirm(pending)} onCancel={() => setPending(null)}>
          <p>What only this hold kept becomes subject to retention again: anything past its period is deleted at the next sweep, and a blocked erasure can run.</p>
        </ConfirmStep>
      )}
      <label className="lc-check">
        <input type="checkbox" checked={showReleased} onChange={(e) => setShowReleased(e.target.checked)} /> Include released holds
      </label>
      {holds === null ? (
        <p aria-busy="true">Loading…</p>
      ) : holds.length === 0 ? (
        <p>No {showReleased ? '' : 'active '}legal holds.</p>
      ) : (
        <table className="lc-table">
          <caption className="lc-caption">Legal holds</caption>
          <thead>
            <tr>
              <th scope="col">Hold</th>
              <th scope="col">On</th>
              <th scope="col">Reference</th>
              <th scope="col">Placed</th>
              <th scope="col">Status</th>
              <th scope="col"><span className="lc-visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {holds.map((h) => (
              <tr key={h.id}>
                <th scope="row" className="lc-mono">{h.id}</th>
                <td>{holdTarget(h)}</td>
                <td>{h.note ?? '—'}</td>
                <td>{when(h.createdAt)} <span className="at">by {h.createdBy}</span></td>
                <td>{h.releasedAt ? <>Released {when(h.releasedAt)}</> : <span className="badge">Active</span>}</td>
                <td>
                  {!h.releasedAt && (
                    <button type="button" className="lc-secondary" disabled={busy} onClick={() => setPending({ kind: 'release', hold: h })} aria-label={`Release hold ${h.id}`}>
                      Release
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function holdTarget(h: LegalHold): React.ReactNode {
  if (h.scope === 'tenant') return 'Whole tenant';
  if (h.scope === 'call') return <>Call <span className="lc-mono">{h.target}</span></>;
  // The subject's keyed hash: enough to tell holds apart, not who it is.
  return <>Subject <span className="lc-mono" title={h.target ?? ''}>{h.target?.slice(0, 12)}…</span></>;
}
