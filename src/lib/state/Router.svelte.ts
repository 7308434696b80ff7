/**
 * Hash router for `#/<lessonId>/<step>` (step 1-based). The hash keeps the app working from any static
 * host and sub-path; every step has its own shareable URL.
 */

/** A parsed location: a lesson and a 1-based step. */
export interface Route {
  lessonId: string;
  step: number;
}

/**
 * Parses '#/convolution/3' → { lessonId: 'convolution', step: 3 }. A missing or bad step gives step 1,
 * 'last' gives Number.MAX_SAFE_INTEGER (clamped later); an empty hash or malformed id gives null. A query part
 * ('#/convolution/2?geo.s=2') is ignored here.
 */
export function parseHash(hash: string): Route | null {
  // '#/convolution/2?geo.s=2': the query part holds figure settings (figureState.ts), not the route.
  const parts = hash.replace(/^#/, '').split('?')[0].split('/').filter((p) => p !== '');
  if (parts.length === 0) return null;
  const lessonId = decodeURIComponent(parts[0]);
  if (!/^[a-z0-9-]+$/.test(lessonId)) return null;
  // 'last' asks for the lesson's final step; the shell clamps it once it knows how many steps there are.
  if (parts[1] === 'last') return { lessonId, step: Number.MAX_SAFE_INTEGER };
  const n = parts.length > 1 && /^\d+$/.test(parts[1]) ? Number(parts[1]) : 1;
  return { lessonId, step: Math.max(1, Math.min(n, Number.MAX_SAFE_INTEGER)) };
}

/** Formats a route as a hash: { lessonId: 'pooling', step: 2 } → '#/pooling/2'. */
export function formatHash(route: Route): string {
  return `#/${route.lessonId}/${route.step}`;
}

/** Reactive current route, kept in sync with `window.location.hash`. */
export class Router {
  route = $state<Route | null>(null);
  #win: Window;
  #onHash = () => {
    this.route = parseHash(this.#win.location.hash);
  };

  constructor(win: Window = window) {
    this.#win = win;
    this.route = parseHash(win.location.hash);
    win.addEventListener('hashchange', this.#onHash);
  }

  /** Navigates (adds a history entry, so Back works). */
  go(route: Route): void {
    const hash = formatHash(route);
    if (this.#win.location.hash !== hash) this.#win.location.hash = hash;
    this.route = route;
  }

  /** Corrects the URL without a history entry (e.g. clamping an out-of-range step). */
  replace(route: Route): void {
    const url = new URL(this.#win.location.href);
    url.hash = formatHash(route);
    this.#win.history.replaceState(this.#win.history.state, '', url);
    this.route = route;
  }

  destroy(): void {
    this.#win.removeEventListener('hashchange', this.#onHash);
  }
}
