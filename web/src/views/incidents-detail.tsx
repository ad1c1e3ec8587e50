// One incident: what was recorded, its notification duties with the provision each comes from
// (overdue ones flagged), the contain / close / reopen actions, and the impact from the audit log.
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../api.js';
import { BASE, linkTo } from '../route.js';
import { IncidentImpactPanel } from './incidents-impact.js';
import { recipientLabel, REGIME_LABEL, type IncidentView, type NotificationDeadline } from './incidents-types.js';
import { when } from '../format.js';

const STATUS_TEXT: Record<NotificationDeadline['status'], string> = { pending: 'pending', sent: 'sent', not_required: 'not required', overdue: 'OVERDUE' };

export function IncidentDetail({ id }: { id: string }): React.JSX.Element {
  const [incident, setIncident] = useState<IncidentView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const path = `/v1/incidents/${encodeURIComponent(id)}`;

  useEffect(() => {
    api<IncidentView>(path)
      .then(setIncident)
      .catch((err: unknown) => setError(err instanceof ApiError ? err.message : 'The incident could not be loaded.'));
  }, [path]);

  const act = useCallback(
    async (label: string, request: () => Promise<IncidentView>) => {
      setBusy(true);
      setError(null);
      try {
        const next = await request();
        setIncident(next);
        setNotice(`${label}: the incident is ${next.status}.`);
      } catch (err) {
        setError(err instanceof ApiError ? err.message : `${label} failed.`);
      } finally {
        setBusy(false);
      }
    },
    [],
  );

  const mark = (n: NotificationDeadline, status: 'sent' | 'not_required'): void =>
    void act(status === 'sent' ? 'Marked sent' : 'Marked not required', () =>
      api<IncidentView>(`${path}/notifications`, { method: 'POST', json: { regime: n.regime, recipient: n.recipient, status } }),
    );

  if (!incident) {
    return (
      <section className="incident-detail">
        <p><a {...linkTo(`${BASE}incidents`)}>← All incidents</a></p>
        {error ? <p role="alert" className="error">{error}</p> : <p aria-busy="true">Loading…</p>}
      </section>
    );
  }
  const closed = incident.status === 'closed';
  return (
    <section className="incident-detail" aria-labelledby="incident-heading">
      <p><a {...linkTo(`${BASE}incidents`)}>← All incidents</a></p>
      <h1 id="incident-heading">{incident.title}</h1>
      {incident.summary && <p className="incident-summary">{incident.summary}</p>}
      <dl className="meta">
        <dt>Status</dt><dd>{incident.status}{incident.closedAt ? ` (closed ${when(incident.closedAt)})` : ''}</dd>
        <dt>Severity</dt><dd>{incident.severity}{incident.highRisk ? ' · high risk to people' : ''}</dd>
        <dt>Detected</dt><dd>{when(incident.detectedAt)}</dd>
        <dt>Exposure window</dt><dd>{when(incident.windowStart)} – {incident.windowEnd ? when(incident.windowEnd) : 'still open'}</dd>
        <dt>Regimes</dt><dd>{incident.regimes.map((r) => REGIME_LABEL[r] ?? r).join(', ') || 'none'}</dd>
        <dt>Affected individuals</dt><dd>{incident.affectedIndividuals ?? 'not known'}</dd>
      </dl>
      <div className="incident-actions" role="group" aria-label="Incident actions">
        {incident.status === 'open' && (
          <button type="button" disabled={busy} onClick={() => void act('Contained', () => api<IncidentView>(path, { method: 'PATCH', json: { status: 'contained' } }))}>
            Mark contained
          </button>
        )}
        {!closed && (
          <button type="button" disabled={busy} onClick={() => void act('Closed', () => api<IncidentView>(`${path}/close`, { method: 'POST' }))}>
            Close incident
          </button>
        )}
        {closed && (
          <button type="button" disabled={busy} onClick={() => void act('Reopened', () => api<IncidentView>(`${path}/reopen`, { method: 'POST' }))}>
            Reopen incident
          </button>
        )}
        <span role="status" className="count">{notice}</span>
      </div>
      {error && <p role="alert" className="error">{error}</p>}
      <h2>Notification deadlines</h2>
      <table className="incident-table">
        <thead>
          <tr>
            <th scope="col">Regime</th>
            <th scope="col">Notify</th>
            <th scope="col">Deadline</th>
            <th scope="col">Provision</th>
            <th scope="col">Status</th>
            <th scope="col"><span className="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {incident.notifications.map((n) => (
            <tr key={`${n.regime}-${n.recipient}`} className={n.status === 'overdue' ? 'overdue-row' : undefined}>
              <th scope="row">{REGIME_LABEL[n.regime] ?? n.regime}</th>
              <td>{recipientLabel(n.recipient)}</td>
              <td>{n.due ? when(n.due) : '—'}<div className="citation">{n.dueText}</div></td>
              <td className="citation">{n.citation}</td>
              <td>
                <span className={n.status === 'overdue' ? 'badge overdue' : undefined}>{STATUS_TEXT[n.status]}</span>
                {n.at && <div className="citation">{when(n.at)}</div>}
                {n.note && <div className="citation">{n.note}</div>}
              </td>
              <td>
                {(n.status === 'pending' || n.status === 'overdue') && !closed && (
                  <span className="row-actions">
                    <button type="button" disabled={busy} onClick={() => mark(n, 'sent')} aria-label={`Mark ${n.regime} ${recipientLabel(n.recipient)} notification sent`}>Sent</button>
                    <button type="button" disabled={busy} onClick={() => mark(n, 'not_required')} aria-label={`Mark ${n.regime} ${recipientLabel(n.recipient)} notification not required`}>Not required</button>
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <IncidentImpactPanel path={`${path}/impact`} />
    </section>
  );
}
