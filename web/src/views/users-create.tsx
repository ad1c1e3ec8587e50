// Creating a user (POST /v1/users). The generated password and the TOTP enrolment URI (it holds
// the TOTP secret) come back once: shown here until dismissed, kept nowhere else, never logged.
import { useState } from 'react';
import { api, ApiError } from '../api.js';
import { roleLabel, type CreatedUser } from './users-types.js';

export function CreateUserForm({ roles, onCreated }: { roles: string[]; onCreated: () => void }): React.JSX.Element {
  const [created, setCreated] = useState<CreatedUser | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.FormEvent<HTMLFormElement>): Promise<void> => {
    e.preventDefault();
    const formElement = e.currentTarget;
    const form = new FormData(formElement);
    setBusy(true);
    setError(null);
    setCreated(null);
    try {
      const answer = await api<CreatedUser>('/v1/users', { method: 'POST', json: { email: String(form.get('email') ?? '').trim(), role: String(form.get('role') ?? '') } });
      formElement.reset();
      setCreated(answer);
      onCreated();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The user could not be created.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="create-user-heading">
      <h2 id="create-user-heading">Add a person</h2>
      <form className="filters" onSubmit={(e) => void submit(e)}>
        <label>Email<input name="email" type="email" required maxLength={254} autoComplete="off" /></label>
        <label>Role
          <select name="role" required defaultValue="" aria-label="Role">
            <option value="" disabled>Choose a role</option>
            {roles.map((r) => <option key={r} value={r}>{roleLabel(r)}</option>)}
          </select>
        </label>
        <button type="submit" disabled={busy}>Create user</button>
      </form>
      <p role="alert" className="error">{error}</p>
      {created && (
        <div className="once" role="region" aria-label="New user’s credentials">
          <p><strong>{created.user.email}</strong> was created as {roleLabel(created.user.role)}. Hand these over in person or over a secure channel; they are shown only this once.</p>
          <dl className="meta">
            {created.generatedPassword && (<><dt>Password</dt><dd><code>{created.generatedPassword}</code></dd></>)}
            {created.totpUri && (<><dt>TOTP enrolment URI</dt><dd><code className="totp-uri">{created.totpUri}</code></dd></>)}
          </dl>
          <p className="hint">Enter the URI in an authenticator app (or its secret parameter by hand).</p>
          <button type="button" onClick={() => setCreated(null)}>I have handed these over — hide them</button>
        </div>
      )}
    </section>
  );
}
