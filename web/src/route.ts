// Client routes under /console/ (the server answers index.html for each, src/server/console.ts):
// /console/<section> and /console/<section>/<id>; the calls list is the home page.
import { useEffect, useState } from 'react';

export const BASE = '/console/';

export interface Route {
  /** A section key from sections.tsx; 'calls' when the path names none. */
  section: string;
  id?: string;
}

const PATH = /^\/console\/([a-z-]{1,40})(?:\/([A-Za-z0-9_.:-]{1,200}))?\/?$/;

export function parseRoute(pathname: string): Route {
  const match = PATH.exec(pathname);
  if (!match?.[1]) return { section: 'calls' };
  return match[2] ? { section: match[1], id: match[2] } : { section: match[1] };
}

export function navigate(path: string): void {
  window.history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

/** Props for an in-app link: a real href (open in new tab works) that navigates without a reload. */
export function linkTo(path: string): { href: string; onClick: (e: React.MouseEvent) => void } {
  return {
    href: path,
    onClick: (e) => {
      if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
      e.preventDefault();
      navigate(path);
    },
  };
}

export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.pathname));
  useEffect(() => {
    const update = (): void => setRoute(parseRoute(window.location.pathname));
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  return route;
}
