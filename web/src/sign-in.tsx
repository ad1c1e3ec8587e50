import { useState, type FormEvent } from 'react';
import { api, ApiError } from './api.js';

const MESSAGES: Record<string, string> = {
  AUTH_INVALID: 'The organisation, email, password or code is not right.',
  MFA_REQUIRED: 'Enter the 6-digit code from your authenticator app.',
  RATE_LIMITED: 'Too many attempts. Wait a few minutes and try again.',
  USAGE: 'Check the fields: the code is 6 digits.',
};

export function SignIn(props: { notice?: string | undefined; onSignedIn: (expiresAt: string) => void }): React.JSX.Element {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const field = (name: string): string => String(form.get(name) ?? '');
    setBusy(true);
    setError(null);
    try {
      const answer = await api<{ expiresAt: string }>('/v1/sessions', {
        method: 'POST',
        json: { tenant: field('tenant'), email: field('email'), password: field('password'), totp: field('totp'), cookie: true },
      });
      props.onSignedIn(answer.expiresAt);
    } catch (err) {
      const code = err instanceof ApiError ? err.code : 'INTERNAL';
      setError(MESSAGES[code] ?? 'Signing in failed. Try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="centered">
      <form className="sign-in" onSubmit={(e) => void submit(e)} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in to Sotto</h1>
        {props.notice ? <p role="status">{props.notice}</p> : null}
        <label htmlFor="tenant">Organisation</label>
        <input id="tenant" name="tenant" autoComplete="organization" required maxLength={63} />
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="username" required maxLength={254} />
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required maxLength={1024} />
        <label htmlFor="totp">Authenticator code</label>
        <input id="totp" name="totp" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" required maxLength={6} aria-describedby="totp-hint" />
        <p id="totp-hint" className="hint">6 digits from your authenticator app.</p>
        {/* role="alert" makes screen readers announce the failure as soon as it appears. */}
        <div role="alert" className="error">{error}</div>
        <button type="submit" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </main>
  );
}
