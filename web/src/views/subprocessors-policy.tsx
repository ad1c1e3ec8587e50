// The tenant's subprocessor policy (GET/PUT /v1/subprocessors/policy, subprocessors.manage) and
// the verdict it gives each provider in use: which are admitted, and which rule refuses the rest
// (the card and health certification rules among them).
import { useEffect, useState } from 'react';
import { api, ApiError } from '../api.js';
import { CERTIFICATIONS, labelOf, type SubprocessorPolicy, type TenantSubprocessorView } from './subprocessors-types.js';

const RULE_TEXT: Record<string, string> = {
  undeclared: 'not declared',
  allow_list: 'not on the allow-list',
  data_category: 'data category',
  region: 'region',
  health_certification: 'health data certification',
  card_certification: 'card data certification',
};

export function SubprocessorPolicyPanel({ knownProviders }: { knownProviders: string[] }): React.JSX.Element {
  const [view, setView] = useState<TenantSubprocessorView | null>(null);
  const [draft, setDraft] = useState<SubprocessorPolicy | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);

  const show = (next: TenantSubprocessorView): void => {
    setView(next);
    setDraft(structuredClone(next.policy));
  };

  useEffect(() => {
    api<TenantSubprocessorView>('/v1/subprocessors/policy')
      .then(show)
      .catch((err: unknown) => setError(err instanceof ApiError ? err.message : 'The policy could not be loaded.'));
  }, []);

  const save = async (e: React.FormEvent): Promise<void> => {
    e.preventDefault();
    if (!draft) return;
    setBusy(true);
    setError(null);
    try {
      show(await api<TenantSubprocessorView>('/v1/subprocessors/policy', { method: 'PUT', json: draft }));
      setNotice('Policy saved.');
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The policy could not be saved.');
    } finally {
      setBusy(false);
    }
  };

  if (!view || !draft) return error ? <p role="alert" className="error">{error}</p> : <p aria-busy="true">Loading the policy…</p>;
  const toggle = (list: string[], value: string, on: boolean): string[] => (on ? [...new Set([...list, value])] : list.filter((v) => v !== value));
  const names = [...new Set([...knownProviders, ...(draft.allowedProviders ?? [])])].sort();

  return (
    <section aria-labelledby="policy-heading">
      <h2 id="policy-heading">This tenant’s policy</h2>
      <p className="hint">
        Region {view.region} · {view.source === 'default' ? 'the default policy (never changed)' : `set ${view.updatedAt ? new Date(view.updatedAt).toLocaleString() : ''}`}
      </p>
      <form className="subprocessor-policy" onSubmit={(e) => void save(e)}>
        <fieldset>
          <legend>Health data only to providers with</legend>
          {CERTIFICATIONS.map((c) => (
            <label key={c} className="inline">
              <input type="checkbox" checked={draft.healthDataRequires.includes(c)} onChange={(e) => setDraft({ ...draft, healthDataRequires: toggle(draft.healthDataRequires, c, e.target.checked) })} />
              {labelOf(c)}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Card data only to providers with</legend>
          {CERTIFICATIONS.map((c) => (
            <label key={c} className="inline">
              <input type="checkbox" checked={draft.cardDataRequires.includes(c)} onChange={(e) => setDraft({ ...draft, cardDataRequires: toggle(draft.cardDataRequires, c, e.target.checked) })} />
              {labelOf(c)}
            </label>
          ))}
        </fieldset>
        <label className="inline">
          <input type="checkbox" checked={draft.sameRegionOnly} onChange={(e) => setDraft({ ...draft, sameRegionOnly: e.target.checked })} />
          Only providers that process data in the tenant’s region ({view.region})
        </label>
        <fieldset>
          <legend>Providers</legend>
          <label className="inline">
            <input type="radio" name="allow" checked={draft.allowedProviders === null} onChange={() => setDraft({ ...draft, allowedProviders: null })} />
            Any declared provider that meets the rules above
          </label>
          <label className="inline">
            <input type="radio" name="allow" checked={draft.allowedProviders !== null} onChange={() => setDraft({ ...draft, allowedProviders: draft.allowedProviders ?? [] })} />
            Only these:
          </label>
          {draft.allowedProviders !== null &&
            names.map((name) => (
              <label key={name} className="inline">
                <input type="checkbox" checked={draft.allowedProviders?.includes(name) ?? false} onChange={(e) => setDraft({ ...draft, allowedProviders: toggle(draft.allowedProviders ?? [], name, e.target.checked) })} />
                {name}
              </label>
            ))}
          {draft.allowedProviders !== null && names.length === 0 && <span className="hint">this deployment uses no outside provider</span>}
        </fieldset>
        <div>
          <button type="submit" disabled={busy}>Save policy</button> <span role="status" className="count">{notice}</span>
        </div>
        {error && <p role="alert" className="error">{error}</p>}
      </form>
      <h2>What the saved policy admits</h2>
      <table className="sp-table">
        <thead>
          <tr><th scope="col">Provider</th><th scope="col">Role</th><th scope="col">Admitted</th><th scope="col">Why</th></tr>
        </thead>
        <tbody>
          {view.providers.map((p) => (
            <tr key={`${p.role}-${p.name}`}>
              <th scope="row">{p.name}</th>
              <td>{p.role}</td>
              <td>{p.allowed ? 'yes' : <span className="badge refused">no — {RULE_TEXT[p.rule ?? ''] ?? p.rule}</span>}</td>
              <td>{p.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
