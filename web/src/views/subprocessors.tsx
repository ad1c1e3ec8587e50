// Subprocessors: the deployment's outside providers with what the operator declares about each
// (the public /transparency/subprocessors listing), and — for subprocessors.manage holders —
// the tenant's policy, editable, with the providers it admits.
import { useEffect, useState } from 'react';
import { api, ApiError } from '../api.js';
import type { ViewProps } from '../sections.js';
import { SubprocessorPolicyPanel } from './subprocessors-policy.js';
import { labelOf, type TransparencyListing } from './subprocessors-types.js';
import './subprocessors-view.css';

export function SubprocessorsView({ me }: ViewProps): React.JSX.Element {
  const [listing, setListing] = useState<TransparencyListing | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api<TransparencyListing>('/transparency/subprocessors')
      .then(setListing)
      .catch((err: unknown) => setError(err instanceof ApiError ? err.message : 'The registry could not be loaded.'));
  }, []);

  const list = (values: string[]): string => (values.length ? values.map(labelOf).join(', ') : '—');
  return (
    <section className="subprocessors" aria-labelledby="subprocessors-heading">
      <h1 id="subprocessors-heading">Subprocessors</h1>
      <h2>Registry</h2>
      {error && <p role="alert" className="error">{error}</p>}
      {listing && (
        <>
          <p className="hint">
            Processed on this deployment’s own hosts: {listing.processedOnHost.length ? listing.processedOnHost.join(', ') : 'nothing'}.
          </p>
          {listing.subprocessors.length === 0 && <p>No outside provider: nothing leaves this deployment’s hosts.</p>}
          {listing.subprocessors.length > 0 && (
            <table className="sp-table">
              <caption className="count">{listing.subprocessors.length === 1 ? '1 outside provider' : `${listing.subprocessors.length} outside providers`}</caption>
              <thead>
                <tr>
                  <th scope="col">Provider</th>
                  <th scope="col">Role</th>
                  <th scope="col">Declaration</th>
                  <th scope="col">Certifications</th>
                  <th scope="col">Regions</th>
                  <th scope="col">Data received</th>
                </tr>
              </thead>
              <tbody>
                {listing.subprocessors.map((s) => (
                  <tr key={`${s.role}-${s.name}`}>
                    <th scope="row">{s.name}{s.legalEntity && <div className="hint">{s.legalEntity}</div>}</th>
                    <td>{s.role}</td>
                    <td>{s.status === 'declared' ? s.purpose ?? 'declared' : <span className="badge refused">undeclared: trusted for nothing</span>}</td>
                    <td>{list(s.certifications)}</td>
                    <td>{list(s.regions)}</td>
                    <td>{list(s.dataCategories)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      {me.permissions.includes('subprocessors.manage') && <SubprocessorPolicyPanel knownProviders={listing?.subprocessors.map((s) => s.name) ?? []} />}
    </section>
  );
}
