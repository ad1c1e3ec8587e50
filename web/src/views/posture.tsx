// The posture report (GET /v1/posture, audit.read) as a dashboard: the nine checklist items as
// cards, each with its status, what is missing, and the evidence read from the deployment.
import { useEffect, useState } from 'react';
import { api, ApiError } from '../api.js';
import type { ViewProps } from '../sections.js';
import { EvidenceValue, humanize } from './posture-evidence.js';
import './posture-view.css';

type PostureStatus = 'in_place' | 'partial' | 'not_in_place';

interface PostureItem {
  id: string;
  title: string;
  status: PostureStatus;
  evidence: Record<string, unknown>;
  gaps: string[];
}

interface PostureReport {
  generatedAt: string;
  tenantId: string | null;
  items: PostureItem[];
  summary: Record<PostureStatus, number>;
}

/** `partial` reads as "attention": something is in place, something needs a decision. */
const LABEL: Record<PostureStatus, string> = { in_place: 'In place', partial: 'Attention', not_in_place: 'Not in place' };

export function PostureView({ me }: ViewProps): React.JSX.Element {
  const [report, setReport] = useState<PostureReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const mayRead = me.permissions.includes('audit.read');
  useEffect(() => {
    if (!mayRead) return;
    api<PostureReport>('/v1/posture')
      .then(setReport)
      .catch((err: unknown) => setError(err instanceof ApiError ? `${err.code}: ${err.message}` : 'The posture report could not be loaded.'));
  }, [mayRead]);

  if (!mayRead) return <p>Your role does not include reading the posture report.</p>;
  return (
    <section className="posture" aria-labelledby="posture-heading">
      <h1 id="posture-heading">Security posture</h1>
      {error && <p role="alert" className="error">{error}</p>}
      {!report && !error && <p aria-busy="true">Loading…</p>}
      {report && (
        <>
          <p className="posture-summary" role="status">
            {report.summary.in_place} in place · {report.summary.partial} need attention · {report.summary.not_in_place} not in place
            <span className="at"> — read from this deployment at {new Date(report.generatedAt).toLocaleString()}</span>
          </p>
          <ul className="posture-cards">
            {report.items.map((item) => (
              <li key={item.id} className={`posture-card status-${item.status}`}>
                <h2 id={`posture-${item.id}`}>{item.title}</h2>
                <p className={`posture-status status-${item.status}`}>{LABEL[item.status]}</p>
                {item.gaps.length > 0 && (
                  <ul className="posture-gaps" aria-label="What is missing">
                    {item.gaps.map((gap) => <li key={gap}>{gap}</li>)}
                  </ul>
                )}
                <details>
                  <summary>Evidence</summary>
                  <dl className="posture-evidence">
                    {Object.entries(item.evidence).map(([key, value]) => (
                      <div key={key}>
                        <dt>{humanize(key)}</dt>
                        <dd><EvidenceValue value={value} /></dd>
                      </div>
                    ))}
                  </dl>
                </details>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
