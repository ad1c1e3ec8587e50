// Incidents (incident.manage): this tenant's register with each incident's next notification
// deadline, a form to open one, and /console/incidents/<id> for the detail.
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../api.js';
import { BASE, linkTo } from '../route.js';
import type { ViewProps } from '../sections.js';
import { IncidentDetail } from './incidents-detail.js';
import { OpenIncidentForm } from './incidents-open-form.js';
import { nextDeadline, recipientLabel, REGIME_LABEL, type IncidentView } from './incidents-types.js';
import './incidents-view.css';
import { when } from '../format.js';

export function IncidentsView({ id }: ViewProps): React.JSX.Element {
  return id ? <IncidentDetail id={id} /> : <IncidentList />;
}

function IncidentList(): React.JSX.Element {
  const [incidents, setIncidents] = useState<IncidentView[] | null>(null);
  const [includeClosed, setIncludeClosed] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const answer = await api<{ incidents: IncidentView[] }>(`/v1/incidents${includeClosed ? '?all=true' : ''}`);
      setIncidents(answer.incidents);
      setError(null);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The incidents could not be loaded.');
    }
  }, [includeClosed]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="incidents" aria-labelledby="incidents-heading">
      <h1 id="incidents-heading">Incidents</h1>
      <label className="inline">
        <input type="checkbox" checked={includeClosed} onChange={(e) => setIncludeClosed(e.target.checked)} /> Include closed incidents
      </label>
      {error && <p role="alert" className="error">{error}</p>}
      {incidents && (
        <table className="incident-table">
          <caption className="count" role="status">{incidents.length === 1 ? '1 incident' : `${incidents.length} incidents`}</caption>
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Severity</th>
              <th scope="col">Status</th>
              <th scope="col">Detected</th>
              <th scope="col">Next notification deadline</th>
            </tr>
          </thead>
          <tbody>
            {incidents.map((incident) => {
              const next = nextDeadline(incident);
              const overdue = incident.notifications.filter((n) => n.status === 'overdue').length;
              return (
                <tr key={incident.id}>
                  <th scope="row"><a {...linkTo(`${BASE}incidents/${incident.id}`)}>{incident.title}</a></th>
                  <td>{incident.severity}</td>
                  <td>{incident.status}</td>
                  <td>{when(incident.detectedAt)}</td>
                  <td>
                    {next ? (
                      <>
                        {overdue > 0 && <span className="badge overdue">{overdue} overdue</span>}
                        {REGIME_LABEL[next.regime] ?? next.regime} → {recipientLabel(next.recipient)}: {next.due ? when(next.due) : next.dueText}
                        <span className="citation"> ({next.citation})</span>
                      </>
                    ) : (
                      'none pending'
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <OpenIncidentForm onOpened={() => void load()} />
    </section>
  );
}
