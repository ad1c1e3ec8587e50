// What the incident window touched, computed by the server from the audit log. Subjects are
// keyed hashes, never raw subject ids: the console shows counts and lists ids only.
import { useEffect, useState } from 'react';
import { api, ApiError } from '../api.js';
import { type IncidentImpact } from './incidents-types.js';
import { when } from '../format.js';

export function IncidentImpactPanel({ path }: { path: string }): React.JSX.Element {
  const [impact, setImpact] = useState<IncidentImpact | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api<IncidentImpact>(path)
      .then(setImpact)
      .catch((err: unknown) => setError(err instanceof ApiError ? err.message : 'The impact could not be computed.'));
  }, [path]);

  return (
    <section aria-labelledby="impact-heading">
      <h2 id="impact-heading">Impact (from the audit log)</h2>
      {error && <p role="alert" className="error">{error}</p>}
      {!impact && !error && <p aria-busy="true">Reading the audit log…</p>}
      {impact && (
        <dl className="meta">
          <dt>Window read</dt><dd>{when(impact.window.start)} – {impact.window.end ? when(impact.window.end) : 'now'}</dd>
          <dt>Data subjects</dt><dd>{impact.subjects.length}</dd>
          <dt>Calls</dt><dd>{impact.calls.length}</dd>
          <dt>Artifacts</dt><dd>{impact.artifacts.length}</dd>
          <dt>Who accessed</dt>
          <dd>{impact.principals.length === 0 ? 'no one' : impact.principals.map((p) => `${p.id} (${p.kind}, ${p.accesses})`).join(', ')}</dd>
          <dt>Accesses by action</dt>
          <dd>{Object.entries(impact.byAction).map(([a, n]) => `${a}: ${n}`).join(', ') || 'none'}</dd>
          <dt>Break-glass uses</dt><dd>{impact.breakGlassUses}</dd>
          <dt>Denied requests</dt><dd>{impact.denied.total}</dd>
          <dt>Audit entries</dt>
          <dd>{impact.audit.firstIndex === null ? 'none in the window' : `#${impact.audit.firstIndex}–#${impact.audit.lastIndex ?? '?'}`} (log size {impact.audit.logSize})</dd>
        </dl>
      )}
    </section>
  );
}
