// Data subject access exports (GDPR Art. 15 and 20; POST /v1/subject-exports, call.export):
// everything held about one subject, sealed with age to a passphrase or an age public key. The
// passphrase is sent in that one POST body only and cleared from the page's state once sent;
// Sotto keeps only the sealed bundle, downloaded by id (GET /v1/subject-exports/:id, audited).
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../api.js';
import type { ViewProps } from '../sections.js';
import { errorText, has, plural } from './lifecycle-common.js';
import { when } from '../format.js';

interface ExportResult {
  exportId: string;
  bytes: number;
  createdAt: string;
  empty: boolean;
  counts: { calls: number; transcripts: number; recordings: number; notIncluded: number };
}

interface ExportSummary {
  exportId: string;
  createdAt: string;
  bytes: number;
}

type Protection = 'passphrase' | 'recipient';

/** The server's minimum (src/lifecycle/subject-export-seal.ts); it refuses shorter ones regardless. */
const MIN_PASSPHRASE_CHARS = 12;

export function ExportsView({ me }: ViewProps): React.JSX.Element {
  if (!has(me.permissions, 'call.export')) return <p>Subject exports need the call.export permission.</p>;
  return <Exports />;
}

function Exports(): React.JSX.Element {
  const [subject, setSubject] = useState('');
  const [protection, setProtection] = useState<Protection>('passphrase');
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [recipient, setRecipient] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ExportResult | null>(null);
  const [list, setList] = useState<ExportSummary[] | null>(null);
  const [next, setNext] = useState<string | null>(null);

  const load = useCallback(async (before: string | null) => {
    try {
      const page = await api<{ exports: ExportSummary[]; next: string | null }>(`/v1/subject-exports?limit=50${before ? `&before=${encodeURIComponent(before)}` : ''}`);
      setList((l) => (before && l ? [...l, ...page.exports] : page.exports));
      setNext(page.next);
    } catch (err) {
      setError(errorText(err));
    }
  }, []);
  useEffect(() => void load(null), [load]);

  const request = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    setError(null);
    if (protection === 'passphrase') {
      if (passphrase.length < MIN_PASSPHRASE_CHARS) return setError(`The passphrase needs at least ${MIN_PASSPHRASE_CHARS} characters.`);
      if (passphrase !== repeat) return setError('The two passphrases differ.');
    }
    const sealTo = protection === 'passphrase' ? { passphrase } : { recipient: recipient.trim() };
    setBusy(true);
    // Out of the page's state before the request even returns: the POST body is its only copy.
    setPassphrase('');
    setRepeat('');
    try {
      const made = await api<ExportResult>('/v1/subject-exports', { method: 'POST', json: { subject: subject.trim(), ...sealTo } });
      setResult(made);
      setSubject('');
      await load(null);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="lifecycle">
      <section aria-labelledby="exports-title">
        <h1 id="exports-title">Subject exports</h1>
        <p className="hint lc-wide">
          Everything held about one data subject — call records, redacted transcripts and redacted recordings — as one
          bundle encrypted with age. Give the subject the passphrase by another channel, or seal it to their age public key.
          Exports are deleted when the export retention period ends.
        </p>
        <form className="lc-form lc-export-form" onSubmit={(e) => void request(e)} aria-label="Request a subject export">
          <label>
            Subject identifier (caller’s number or customer id)
            <input value={subject} onChange={(e) => setSubject(e.target.value)} maxLength={256} autoComplete="off" spellCheck={false} required />
          </label>
          <fieldset>
            <legend>Encrypt to</legend>
            <label className="lc-check">
              <input type="radio" name="protection" checked={protection === 'passphrase'} onChange={() => setProtection('passphrase')} /> A passphrase
            </label>
            <label className="lc-check">
              <input type="radio" name="protection" checked={protection === 'recipient'} onChange={() => setProtection('recipient')} /> An age public key
            </label>
          </fieldset>
          {protection === 'passphrase' ? (
            <>
              <label>
                Passphrase (at least {MIN_PASSPHRASE_CHARS} characters)
                <input type="password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} maxLength={1024} autoComplete="new-password" />
              </label>
              <label>
                Repeat the passphrase
                <input type="password" value={repeat} onChange={(e) => setRepeat(e.target.value)} maxLength={1024} autoComplete="new-password" />
              </label>
            </>
          ) : (
            <label>
              Recipient (age1…)
              <input value={recipient} onChange={(e) => setRecipient(e.target.value)} maxLength={2100} autoComplete="off" spellCheck={false} placeholder="age1…" />
            </label>
          )}
          <div>
            <button type="submit" disabled={busy || subject.trim() === ''}>{busy ? 'Exporting…' : 'Create export'}</button>
          </div>
        </form>
        <p className="error" role="alert">{error}</p>
        {result && (
          <div className="lc-result" role="status">
            <p>
              <strong>Export {result.exportId} ready</strong> ({formatBytes(result.bytes)}, {when(result.createdAt)}).{' '}
              {result.empty
                ? 'Nothing is held about this subject: the bundle holds only a manifest saying so.'
                : `${plural(result.counts.calls, 'call record')}, ${plural(result.counts.transcripts, 'transcript')}, ${plural(result.counts.recordings, 'recording')}${result.counts.notIncluded ? `; ${result.counts.notIncluded} not included (see the manifest)` : ''}.`}
            </p>
            <a className="lc-download" href={downloadPath(result.exportId)} download>Download sealed bundle</a>
          </div>
        )}
      </section>

      <section aria-labelledby="export-list-title">
        <h2 id="export-list-title">Stored exports</h2>
        {list === null ? (
          <p aria-busy="true">Loading…</p>
        ) : list.length === 0 ? (
          <p>No stored exports.</p>
        ) : (
          <table className="lc-table">
            <caption className="lc-caption">Subject exports, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Export</th>
                <th scope="col">Created</th>
                <th scope="col">Size</th>
                <th scope="col"><span className="lc-visually-hidden">Download</span></th>
              </tr>
            </thead>
            <tbody>
              {list.map((x) => (
                <tr key={x.exportId}>
                  <th scope="row" className="lc-mono">{x.exportId}</th>
                  <td>{when(x.createdAt)}</td>
                  <td>{formatBytes(x.bytes)}</td>
                  <td>
                    <a href={downloadPath(x.exportId)} download aria-label={`Download ${x.exportId}`}>Download</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {next && <button type="button" className="lc-secondary" onClick={() => void load(next)}>Show older exports</button>}
      </section>
    </div>
  );
}

function downloadPath(exportId: string): string {
  return `/v1/subject-exports/${encodeURIComponent(exportId)}`;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}
