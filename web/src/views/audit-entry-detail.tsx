// One audit entry, every field as stored (ids and keyed hashes only: entries carry no personal
// data, DESIGN.md invariant 5), with its inclusion proof to download.
import { useEffect, useState } from 'react';
import { api } from '../api.js';
import { BASE, linkTo } from '../route.js';
import { formatAt, resourceLabel } from './audit-entries.js';
import { inclusionProofHref, type AuditEntryPage, type AuditEntryRow } from './audit-types.js';

export function AuditEntryDetail({ index, checkpointSize }: { index: number; checkpointSize: number | null }): React.JSX.Element {
  const [row, setRow] = useState<AuditEntryRow | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setRow(null);
    setError(null);
    api<AuditEntryPage>(`/v1/audit/entries?from=${index}&limit=1`)
      .then((page) => {
        if (!live) return;
        const found = page.entries[0];
        // The API answers the first visible entry at or after the index: another tenant's is skipped.
        if (found?.index === index) setRow(found);
        else setError('No such entry in this tenant’s audit log.');
      })
      .catch((err: unknown) => live && setError(err instanceof Error ? err.message : 'failed'));
    return () => {
      live = false;
    };
  }, [index]);

  return (
    <section aria-labelledby="audit-entry-title" className="audit-entry">
      <h2 id="audit-entry-title">Entry #{index}</h2>
      {error && <p role="alert" className="error">{error}</p>}
      {!row && !error && <p role="status">Loading…</p>}
      {row && (
        <dl className="meta">
          <dt>Time</dt>
          <dd>{formatAt(row.entry.at)} <span className="at">({row.entry.at})</span></dd>
          <dt>Action</dt>
          <dd>{row.entry.action}</dd>
          <dt>Outcome</dt>
          <dd><span className={`outcome outcome-${row.entry.outcome}`}>{row.entry.outcome}</span> — {row.entry.reason}</dd>
          <dt>Principal</dt>
          <dd>{row.entry.principal.id} ({row.entry.principal.kind}{row.entry.principal.roles.length > 0 ? `; ${row.entry.principal.roles.join(', ')}` : ''})</dd>
          <dt>Resource</dt>
          <dd>{resourceLabel(row.entry.resource)}{row.entry.resource.tenantId ? ` (tenant ${row.entry.resource.tenantId})` : ''}</dd>
          {row.entry.resource.subjectRef && (
            <>
              <dt>Data subject (keyed hash)</dt>
              <dd className="mono">{row.entry.resource.subjectRef}</dd>
            </>
          )}
          {row.entry.breakGlass && (
            <>
              <dt>Break-glass grant</dt>
              <dd>{row.entry.breakGlass.grantId}, expires {formatAt(row.entry.breakGlass.expiresAt)}</dd>
            </>
          )}
          <dt>Request id</dt>
          <dd className="mono">{row.entry.requestId ?? '—'}</dd>
          <dt>Source address</dt>
          <dd>{row.entry.source ?? '—'}</dd>
          <dt>Inclusion proof</dt>
          <dd>
            <a href={inclusionProofHref(index, checkpointSize)} download>Download inclusion proof (JSON)</a>
            <span className="hint"> — check offline with <code>sotto audit proof --verify FILE --key KEY</code> and the verifier key shown above.</span>
          </dd>
        </dl>
      )}
      <p><a {...linkTo(`${BASE}audit`)}>Close entry</a></p>
    </section>
  );
}
