import { useCallback, useEffect, useState } from 'react';
import { api, setUnauthorizedListener, type Me } from './api.js';
import { BASE, linkTo, useRoute } from './route.js';
import { sectionFor, visibleSections } from './sections.js';
import { SignIn } from './sign-in.js';

type Session = { state: 'checking' } | { state: 'signed-out'; notice?: string } | { state: 'signed-in'; me: Me };

export function App(): React.JSX.Element {
  const [session, setSession] = useState<Session>({ state: 'checking' });
  const route = useRoute();

  const signedOut = useCallback((notice?: string) => setSession(notice ? { state: 'signed-out', notice } : { state: 'signed-out' }), []);
  const loadMe = useCallback(async () => {
    try {
      setSession({ state: 'signed-in', me: await api<Me>('/v1/me') });
    } catch {
      signedOut();
    }
  }, [signedOut]);

  useEffect(() => {
    // Any 401 means the server ended the session (expiry, idle timeout, sign-out elsewhere).
    setUnauthorizedListener(() => signedOut('Your session has ended. Sign in again.'));
    void loadMe();
  }, [loadMe, signedOut]);

  const signOut = async (everywhere: boolean): Promise<void> => {
    await api(everywhere ? '/v1/sessions' : '/v1/sessions/current', { method: 'DELETE' }).catch(() => undefined);
    signedOut(everywhere ? 'Signed out on every device.' : 'Signed out.');
  };

  if (session.state === 'checking') return <main className="centered" aria-busy="true">Loading…</main>;
  if (session.state === 'signed-out') {
    return <SignIn notice={session.notice} onSignedIn={(expiresAt) => { scheduleExpiry(expiresAt, signedOut); void loadMe(); }} />;
  }
  const { me } = session;
  const sections = visibleSections(me);
  const current = sectionFor(route, me) ?? sections[0];
  return (
    <>
      <header className="topbar">
        <a className="brand" {...linkTo(BASE)}>Sotto console</a>
        <span className="who">{me.tenantId ?? 'operator'} · {me.roles.join(', ')}</span>
        <nav aria-label="Session">
          <button type="button" onClick={() => void signOut(false)}>Sign out</button>
          <button type="button" onClick={() => void signOut(true)}>Sign out everywhere</button>
        </nav>
      </header>
      <nav className="sections" aria-label="Sections">
        <ul>
          {sections.map((s) => (
            <li key={s.key}>
              <a {...linkTo(`${BASE}${s.key}`)} aria-current={s.key === current?.key ? 'page' : undefined}>{s.label}</a>
            </li>
          ))}
        </ul>
      </nav>
      <main>
        {current ? <current.View me={me} id={route.section === current.key ? route.id : undefined} /> : <p>Your role has no console sections.</p>}
      </main>
    </>
  );
}

let expiryTimer: ReturnType<typeof setTimeout> | undefined;
/** The absolute lifetime is known at sign-in; the idle timeout shows up as a 401. */
function scheduleExpiry(expiresAt: string, signedOut: (notice: string) => void): void {
  if (expiryTimer) clearTimeout(expiryTimer);
  const ms = Date.parse(expiresAt) - Date.now();
  // setTimeout holds at most 2^31-1 ms; a longer session is caught by the 401 instead.
  if (ms > 0 && ms < 2 ** 31 - 1) expiryTimer = setTimeout(() => signedOut('Your session has expired. Sign in again.'), ms);
}
