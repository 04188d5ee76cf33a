/** The screens, addressed by the URL hash so a reload (or a shared link) lands on the same one. */
export type Route =
  | { name: 'home' }
  | { name: 'practice' }
  | { name: 'briefing'; scenarioId: string }
  | { name: 'session'; attemptId: string }
  | { name: 'debrief'; attemptId: string }
  | { name: 'progress' }
  | { name: 'settings' }
  | { name: 'atelier' }
  | { name: 'atelierEditor'; scenarioId: string }
  | { name: 'revue' }
  | { name: 'revueAttempt'; attemptId: string }
  | { name: 'revueDashboards' }
  | { name: 'notFound' };

/**
 * Parses `#/seance/abc` into a route.
 *
 * @example
 * parseHash('#/bilan/42'); // { name: 'debrief', attemptId: '42' }
 */
export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [head, arg] = parts;
  if (!head) return { name: 'home' };
  if (head === 'entrainement' && !arg) return { name: 'practice' };
  if (head === 'briefing' && arg) return { name: 'briefing', scenarioId: arg };
  if (head === 'seance' && arg) return { name: 'session', attemptId: arg };
  if (head === 'bilan' && arg) return { name: 'debrief', attemptId: arg };
  if (head === 'progression' && !arg) return { name: 'progress' };
  if (head === 'reglages' && !arg) return { name: 'settings' };
  if (head === 'atelier' && !arg) return { name: 'atelier' };
  if (head === 'atelier' && arg) return { name: 'atelierEditor', scenarioId: arg };
  if (head === 'revue' && !arg) return { name: 'revue' };
  if (head === 'revue' && arg === 'tableaux' && parts.length === 2) return { name: 'revueDashboards' };
  if (head === 'revue' && arg === 'tentative' && parts[2] && parts.length === 3) return { name: 'revueAttempt', attemptId: parts[2] };
  return { name: 'notFound' };
}

/** The hash of a route, for links. */
export function href(route: Route): string {
  switch (route.name) {
    case 'home':
    case 'notFound':
      return '#/';
    case 'practice':
      return '#/entrainement';
    case 'briefing':
      return `#/briefing/${encodeURIComponent(route.scenarioId)}`;
    case 'session':
      return `#/seance/${encodeURIComponent(route.attemptId)}`;
    case 'debrief':
      return `#/bilan/${encodeURIComponent(route.attemptId)}`;
    case 'progress':
      return '#/progression';
    case 'settings':
      return '#/reglages';
    case 'atelier':
      return '#/atelier';
    case 'atelierEditor':
      return `#/atelier/${encodeURIComponent(route.scenarioId)}`;
    case 'revue':
      return '#/revue';
    case 'revueAttempt':
      return `#/revue/tentative/${encodeURIComponent(route.attemptId)}`;
    case 'revueDashboards':
      return '#/revue/tableaux';
  }
}

class Router {
  route = $state<Route>({ name: 'home' });

  constructor() {
    if (typeof window !== 'undefined') {
      this.route = parseHash(window.location.hash);
      window.addEventListener('hashchange', () => {
        this.route = parseHash(window.location.hash);
      });
    }
  }

  navigate(route: Route, replace = false): void {
    const target = href(route);
    if (typeof window === 'undefined') {
      this.route = route;
      return;
    }
    if (replace) window.history.replaceState(null, '', target);
    else window.history.pushState(null, '', target);
    this.route = parseHash(target);
  }
}

export const router = new Router();
