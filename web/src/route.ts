// Client routes under /console/ (the server answers index.html for each, src/server/console.ts).
import { useEffect, useState } from 'react';

export const BASE = '/console/';

export type Route = { name: 'calls' } | { name: 'call'; id: string };

function parse(pathname: string): Route {
  const match = /^\/console\/calls\/([A-Za-z0-9_-]{1,100})$/.exec(pathname);
  return match?.[1] ? { name: 'call', id: match[1] } : { name: 'calls' };
}

export function navigate(path: string): void {
  window.history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(() => parse(window.location.pathname));
  useEffect(() => {
    const update = (): void => setRoute(parse(window.location.pathname));
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  return route;
}
