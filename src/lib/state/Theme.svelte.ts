/**
 * Light or dark: follows the system setting (prefers-color-scheme) unless the learner flips the header switch,
 * whose choice is kept in localStorage. Applied as `data-theme` on <html>, which src/app.css keys its colour
 * variables on, so every component and renderer that uses them (or currentColor) follows at once.
 */

/** The two themes. */
export type ThemeName = 'light' | 'dark';

/** localStorage key for the learner's choice; absent = follow the system. */
export const THEME_KEY = 'resnet18-notebook.theme';

/** The parts of `window` the theme reads and writes (a stand-in in tests). */
export interface ThemeHost {
  matchMedia(query: string): Pick<MediaQueryList, 'matches' | 'addEventListener'>;
  localStorage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  document: { documentElement: HTMLElement };
}

function parseTheme(v: string | null): ThemeName | null {
  return v === 'light' || v === 'dark' ? v : null;
}

/** Reactive theme: the system's, the learner's override, and the one in use. */
export class Theme {
  /** The system's preference, kept current while the page is open. */
  system = $state<ThemeName>('light');
  /** The learner's override, or null to follow the system. */
  choice = $state<ThemeName | null>(null);
  #host: ThemeHost;

  constructor(host: ThemeHost = window) {
    this.#host = host;
    const query = host.matchMedia('(prefers-color-scheme: dark)');
    this.system = query.matches ? 'dark' : 'light';
    query.addEventListener('change', (e) => {
      this.system = e.matches ? 'dark' : 'light';
      this.#apply();
    });
    try {
      this.choice = parseTheme(host.localStorage.getItem(THEME_KEY));
    } catch {
      this.choice = null; // storage blocked: follow the system
    }
    this.#apply();
  }

  /** The theme in use. */
  get current(): ThemeName {
    return this.choice ?? this.system;
  }

  /**
   * Switches to the other theme. Choosing what the system already says forgets the override, so a later change
   * of the system setting is followed again; choosing the other one is remembered.
   */
  toggle(): void {
    const next: ThemeName = this.current === 'dark' ? 'light' : 'dark';
    this.choice = next === this.system ? null : next;
    try {
      if (this.choice) this.#host.localStorage.setItem(THEME_KEY, this.choice);
      else this.#host.localStorage.removeItem(THEME_KEY);
    } catch {
      /* private mode: the choice lasts for this page only */
    }
    this.#apply();
  }

  #apply(): void {
    this.#host.document.documentElement.dataset.theme = this.current;
  }
}

let shared: Theme | null = null;

/** The page's one theme (made on first use, so importing this module in Node touches no `window`). */
export function pageTheme(): Theme {
  shared ??= new Theme();
  return shared;
}
