// Opening an incident (POST /v1/incidents). Times are entered in the operator's zone and sent
// as ISO-8601 UTC; every notification deadline runs from "detected at".
import { useState } from 'react';
import { api, ApiError } from '../api.js';
import { REGIME_LABEL, REGIMES, SEVERITIES, type IncidentView } from './incidents-types.js';

/** `<input type="datetime-local">` wants local time without a zone. */
function localInput(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function OpenIncidentForm({ onOpened }: { onOpened: (incident: IncidentView) => void }): React.JSX.Element {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const now = new Date();

  const submit = async (e: React.FormEvent<HTMLFormElement>): Promise<void> => {
    e.preventDefault();
    const formElement = e.currentTarget;
    const form = new FormData(formElement);
    const text = (name: string): string => String(form.get(name) ?? '').trim();
    const iso = (name: string): string | undefined => (text(name) ? new Date(text(name)).toISOString() : undefined);
    const affected = text('affectedIndividuals');
    setBusy(true);
    setError(null);
    try {
      const opened = await api<IncidentView>('/v1/incidents', {
        method: 'POST',
        json: {
          title: text('title'),
          ...(text('summary') ? { summary: text('summary') } : {}),
          severity: text('severity'),
          detectedAt: iso('detectedAt'),
          windowStart: iso('windowStart'),
          ...(iso('windowEnd') ? { windowEnd: iso('windowEnd') } : {}),
          regimes: form.getAll('regimes').map(String),
          ...(affected ? { affectedIndividuals: Number(affected) } : {}),
          highRisk: form.get('highRisk') === 'on',
        },
      });
      formElement.reset();
      onOpened(opened);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The incident could not be opened.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="incident-form" onSubmit={(e) => void submit(e)} aria-labelledby="open-incident-heading">
      <h2 id="open-incident-heading">Open an incident</h2>
      <label className="wide">Title<input name="title" required maxLength={200} /></label>
      <label className="wide">Summary (optional)<textarea name="summary" maxLength={4000} rows={2} /></label>
      <label>Severity
        <select name="severity" defaultValue="medium">
          {SEVERITIES.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
      </label>
      <label>Detected at<input name="detectedAt" type="datetime-local" required defaultValue={localInput(now)} /></label>
      <label>Window start<input name="windowStart" type="datetime-local" required defaultValue={localInput(new Date(now.getTime() - 86_400_000))} /></label>
      <label>Window end (optional)<input name="windowEnd" type="datetime-local" /></label>
      <label>Affected individuals (if known)<input name="affectedIndividuals" type="number" min={0} step={1} /></label>
      <fieldset>
        <legend>Regimes</legend>
        {REGIMES.map((r) => (
          <label key={r} className="inline"><input type="checkbox" name="regimes" value={r} defaultChecked={r === 'gdpr'} /> {REGIME_LABEL[r]}</label>
        ))}
      </fieldset>
      <label className="inline"><input type="checkbox" name="highRisk" /> High risk to people (GDPR Art. 34)</label>
      <div className="wide">
        <button type="submit" disabled={busy}>Open incident</button>
        <p role="alert" className="error">{error}</p>
      </div>
    </form>
  );
}
