// Retention periods per data class (GET /v1/retention, PUT /v1/retention/:dataClass) and the
// tenant's legal holds (lifecycle-holds.tsx). Both need retention.manage; the section is listed
// only for it, and the server refuses the requests regardless.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../api.js';
import type { ViewProps } from '../sections.js';
import { ConfirmStep, DATA_CLASS_LABELS, errorText, has, type DataClass } from './lifecycle-common.js';
import { LegalHolds } from './lifecycle-holds.js';
import { when } from '../format.js';

interface RetentionSetting {
  dataClass: DataClass;
  days: number;
  defaultDays: number;
  source: 'default' | 'tenant';
  updatedAt: string | null;
}

interface Schedule {
  tenantId: string;
  retention: Record<DataClass, RetentionSetting>;
}

/** PUT /v1/retention/:dataClass accepts whole days in this range. */
const MIN_DAYS = 1;
const MAX_DAYS = 36_500;

export function RetentionView({ me }: ViewProps): React.JSX.Element {
  if (!has(me.permissions, 'retention.manage')) return <p>Retention and legal holds need the retention.manage permission.</p>;
  return (
    <div className="lifecycle">
      <RetentionPolicies />
      <LegalHolds />
    </div>
  );
}

interface PendingChange {
  dataClass: DataClass;
  from: number;
  to: number;
}

function RetentionPolicies(): React.JSX.Element {
  const [schedule, setSchedule] = useState<Schedule | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [pending, setPending] = useState<PendingChange | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setSchedule(await api<Schedule>('/v1/retention'));
    } catch (err) {
      setError(errorText(err));
    }
  }, []);
  useEffect(() => void load(), [load]);

  const save = async (change: PendingChange): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await api(`/v1/retention/${change.dataClass}`, { method: 'PUT', json: { days: change.to } });
      setStatus(`${DATA_CLASS_LABELS[change.dataClass]}: kept ${change.to} days (was ${change.from}).`);
      setPending(null);
      await load();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const propose = (setting: RetentionSetting) => (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const days = Number(new FormData(event.currentTarget).get('days'));
    if (!Number.isInteger(days) || days < MIN_DAYS || days > MAX_DAYS) {
      setError(`A period is a whole number of days from ${MIN_DAYS} to ${MAX_DAYS}.`);
      return;
    }
    if (days === setting.days) return;
    const change = { dataClass: setting.dataClass, from: setting.days, to: days };
    // Lengthening deletes nothing; shortening deletes older records at the next sweep, so it is confirmed.
    if (days < setting.days) setPending(change);
    else void save(change);
  };

  return (
    <section aria-labelledby="retention-title">
      <h1 id="retention-title">Retention</h1>
      <p className="hint lc-wide">
        The defaults are the minimum by default: the least a voice agent needs, so nothing is kept longer than its
        purpose (GDPR Art. 5(1)(e)). Lengthen a period only for a reason of your own. A shorter period takes effect
        at the next retention sweep, which deletes what is older; a legal hold keeps what it covers.
      </p>
      <p className="error" role="alert">{error}</p>
      <p role="status" className="lc-status">{status}</p>
      {schedule === null ? (
        <p aria-busy="true">Loading…</p>
      ) : (
        <table className="lc-table">
          <caption className="lc-caption">Retention periods of {schedule.tenantId}</caption>
          <thead>
            <tr>
              <th scope="col">Data class</th>
              <th scope="col">Kept for</th>
              <th scope="col">Default</th>
              <th scope="col">Set by</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {Object.values(schedule.retention).map((s) => (
              <tr key={s.dataClass} data-class={s.dataClass}>
                <th scope="row">{DATA_CLASS_LABELS[s.dataClass]}</th>
                <td>{s.days} days</td>
                <td>{s.defaultDays} days</td>
                <td>{s.source === 'tenant' ? <>Override <span className="at">({when(s.updatedAt)})</span></> : 'Default'}</td>
                <td>
                  <form className="lc-inline" onSubmit={propose(s)} aria-label={`Change ${DATA_CLASS_LABELS[s.dataClass]} retention`}>
                    <label>
                      <span className="lc-visually-hidden">Days to keep {DATA_CLASS_LABELS[s.dataClass].toLowerCase()}</span>
                      <input name="days" type="number" min={MIN_DAYS} max={MAX_DAYS} step={1} required defaultValue={s.days} key={`${s.dataClass}-${s.days}`} className="lc-days" />
                    </label>
                    <button type="submit" disabled={busy}>Save</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pending && (
        <ConfirmStep
          title={`Shorten ${DATA_CLASS_LABELS[pending.dataClass].toLowerCase()} retention?`}
          confirmLabel={`Shorten to ${pending.to} days`}
          busy={busy}
          onConfirm={() => void save(pending)}
          onCancel={() => setPending(null)}
        >
          <p>
            From {pending.from} to {pending.to} days. At the next retention sweep, {DATA_CLASS_LABELS[pending.dataClass].toLowerCase()} older
            than {pending.to} days are deleted for good, except what a legal hold covers.
          </p>
        </ConfirmStep>
      )}
    </section>
  );
}
