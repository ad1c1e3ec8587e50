// Break-glass in the call detail view: a person whose role grants transcript.view_unredacted
// only `requires: break_glass` (policies/default.yaml) states a reason, opens a short grant for
// this one call, and reads the unredacted transcript under a banner with the time left. The
// content lives only in this component's state — never in storage — and is dropped when the
// grant ends, when it expires, or when the person leaves the call (which also ends the grant).
import { useEffect, useRef, useState } from 'react';
import { api, type Me, type TranscriptTurn } from './api.js';
import './break-glass.css';

export const UNREDACTED = 'transcript.view_unredacted';
/** Minutes; POST /v1/break-glass takes 1–60 and defaults to 15. */
const DURATIONS = [1, 5, 15, 30, 60] as const;

interface Grant {
  id: string;
  expiresAt: string;
}

interface OpenGrant {
  id: string;
  /** Epoch ms: the earlier of the server's expiresAt and the local clock's view of it. */
  endsAt: number;
  turns: TranscriptTurn[];
}

/** GET /v1/me lists what a break-glass grant could add (breakGlassPermissions, identity-routes.ts). */
export function mayBreakGlass(me: Me): boolean {
  const extra = (me as Me & { breakGlassPermissions?: unknown }).breakGlassPermissions;
  return Array.isArray(extra) && extra.includes(UNREDACTED);
}

/** Ends a grant without waiting; keepalive lets the request outlive a closing page. */
function endGrant(id: string): Promise<Response> {
  return fetch(`/v1/break-glass/${encodeURIComponent(id)}`, { method: 'DELETE', credentials: 'same-origin', keepalive: true });
}

function remaining(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function BreakGlassPanel(props: {
  callId: string;
  /** Renders transcript turns the way the redacted view does (placeholders as badges). */
  renderTurns: (turns: TranscriptTurn[]) => React.ReactNode;
  /** True while unredacted content is shown, so the redacted transcript steps aside. */
  onActive: (active: boolean) => void;
}): React.JSX.Element {
  const { callId, onActive } = props;
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [minutes, setMinutes] = useState<number>(15);
  const [formError, setFormError] = useState('');
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState<OpenGrant | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [notice, setNotice] = useState('');
  const reasonField = useRef<HTMLTextAreaElement>(null);
  const grantId = useRef<string | null>(null);
  const banner = useRef<HTMLHeadingElement>(null);
  const startButton = useRef<HTMLButtonElement>(null);
  const refocusStart = useRef(false);

  useEffect(() => onActive(open !== null), [open, onActive]);
  useEffect(() => {
    if (asking) reasonField.current?.focus();
  }, [asking]);
  // The form that had focus is gone once the grant opens: focus moves to the banner that replaced it.
  const opened = open?.id;
  useEffect(() => {
    if (opened) banner.current?.focus();
    else if (refocusStart.current) startButton.current?.focus();
    refocusStart.current = false;
  }, [opened]);

  // Leaving the call (or closing the tab) ends the grant: it was asked for this view, and a
  // grant left open is access nobody is watching. Unmounting drops the content with the state.
  useEffect(() => {
    const leave = (): void => {
      if (grantId.current) void endGrant(grantId.current).catch(() => undefined);
      grantId.current = null;
    };
    window.addEventListener('pagehide', leave);
    return () => {
      window.removeEventListener('pagehide', leave);
      leave();
    };
  }, []);

  // The countdown ticks each second; at expiry the content goes, whatever the server would say.
  useEffect(() => {
    if (!open) return undefined;
    const tick = (): void => {
      const t = Date.now();
      setNow(t);
      if (t >= open.endsAt) {
        // The server refuses from its own expiresAt anyway; closing the grant here as well keeps
        // the two in step when this clock runs ahead of the server's (idempotent, audited).
        if (grantId.current) void endGrant(grantId.current).catch(() => undefined);
        grantId.current = null;
        setOpen(null);
        setNotice('The break-glass grant expired; the unredacted transcript was removed from the page.');
      }
    };
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [open]);

  async function submit(e: React.FormEvent): Promise<void> {
    e.preventDefault();
    const why = reason.trim();
    if (!why) {
      setFormError('A reason is required: say why you need the unredacted transcript.');
      reasonField.current?.focus();
      return;
    }
    setBusy(true);
    setFormError('');
    let grant: Grant | undefined;
    try {
      const asked = Date.now();
      grant = await api<Grant>('/v1/break-glass', { method: 'POST', json: { reason: why, callId, minutes } });
      grantId.current = grant.id;
      const doc = await api<{ turns: TranscriptTurn[] }>(`/v1/calls/${encodeURIComponent(callId)}/transcript?view=unredacted`);
      // A local clock behind the server's must not show the content past the grant's end.
      const endsAt = Math.min(Date.parse(grant.expiresAt), asked + minutes * 60_000);
      setReason('');
      setAsking(false);
      setNotice('');
      setOpen({ id: grant.id, endsAt, turns: doc.turns });
    } catch (err) {
      // A grant whose content could not be fetched is closed rather than left open unused.
      if (grant) void endGrant(grant.id).catch(() => undefined);
      grantId.current = null;
      setFormError(err instanceof Error ? err.message : 'The request failed.');
      reasonField.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  async function endNow(grant: OpenGrant): Promise<void> {
    grantId.current = null;
    refocusStart.current = true;
    setOpen(null);
    try {
      await api<void>(`/v1/break-glass/${encodeURIComponent(grant.id)}`, { method: 'DELETE' });
      setNotice('You ended the break-glass grant; the unredacted transcript was removed from the page.');
    } catch (err) {
      setNotice(`The unredacted transcript was removed from the page, but ending the grant failed (${err instanceof Error ? err.message : 'error'}); it lapses at its expiry.`);
    }
  }

  if (open && now < open.endsAt) {
    return (
      <section className="break-glass-open" aria-labelledby="break-glass-title">
        <div className="break-glass-banner">
          <h2 id="break-glass-title" ref={banner} tabIndex={-1}>Break-glass: unredacted — every view audited</h2>
          <p>
            Access ends in <span role="timer" aria-label="Time left on the break-glass grant">{remaining(open.endsAt - now)}</span>
            {' '}(at {new Date(open.endsAt).toLocaleTimeString()}).
          </p>
          <button type="button" onClick={() => void endNow(open)}>End access now</button>
        </div>
        <p className="hint">Card numbers, PINs and other numeric secrets stay masked even here (PCI DSS 3.3.1).</p>
        {props.renderTurns(open.turns)}
      </section>
    );
  }

  return (
    <section className="break-glass" aria-label="Break-glass access">
      <p role="status" className="hint">{notice}</p>
      {asking ? (
        <form noValidate onSubmit={(e) => void submit(e)} className="break-glass-form" aria-labelledby="break-glass-form-title">
          <h2 id="break-glass-form-title">View the unredacted transcript</h2>
          <p className="hint">Emergency access, for this call only and for a limited time. Your reason is kept with the grant and the access is flagged in the audit log.</p>
          <label htmlFor="break-glass-reason">Reason (required)</label>
          <textarea id="break-glass-reason" ref={reasonField} rows={3} maxLength={1000} value={reason} required
            aria-invalid={formError ? true : undefined} aria-describedby="break-glass-reason-hint break-glass-error"
            onChange={(e) => setReason(e.target.value)} />
          <p id="break-glass-reason-hint" className="hint">At least 10 characters, e.g. a ticket number. Do not name the caller or quote their details.</p>
          <label htmlFor="break-glass-minutes">Access for</label>
          <select id="break-glass-minutes" value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
            {DURATIONS.map((m) => <option key={m} value={m}>{m} minute{m === 1 ? '' : 's'}</option>)}
          </select>
          <p id="break-glass-error" role="alert" className="error">{formError}</p>
          <div className="break-glass-actions">
            <button type="submit" disabled={busy}>Open break-glass grant</button>
            <button type="button" className="secondary" onClick={() => { setAsking(false); setReason(''); setFormError(''); }}>Cancel</button>
          </div>
        </form>
      ) : (
        <button type="button" ref={startButton} className="break-glass-start" onClick={() => { setAsking(true); setNotice(''); }}>View unredacted</button>
      )}
    </section>
  );
}
