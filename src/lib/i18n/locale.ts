/**
 * The page's language: English or Simplified Chinese. First visit follows `?lang=` in the address, then the
 * learner's remembered choice, then the browser's languages; the header switch changes it, remembers it, writes
 * `?lang=` into the address (so a shared link opens in the same language) and sets `<html lang>`.
 */

import { createSubscriber } from 'svelte/reactivity';

/** The two languages the notebook is written in. */
export type Locale = 'en' | 'zh';

/** localStorage key for the learner's choice. */
export const LANG_KEY = 'resnet18-notebook.lang';

/** BCP 47 tag for `<html lang>` and Intl formatting. */
export const LOCALE_TAG: Record<Locale, string> = { en: 'en', zh: 'zh-Hans' };

/** Maps `?lang=` values and stored choices to a locale; anything else gives null. */
export function parseLocale(v: string | null | undefined): Locale | null {
  if (!v) return null;
  const s = v.toLowerCase();
  if (s === 'en' || s.startsWith('en-')) return 'en';
  if (s === 'zh' || s.startsWith('zh-') || s === 'cn') return 'zh';
  return null;
}

/**
 * The first-visit choice: the address wins (a shared link), then the stored choice, then the first browser
 * language the notebook speaks, else English.
 */
export function pickLocale(search: string, stored: string | null, browser: readonly string[]): Locale {
  const fromUrl = parseLocale(new URLSearchParams(search).get('lang'));
  if (fromUrl) return fromUrl;
  const fromStore = parseLocale(stored);
  if (fromStore) return fromStore;
  for (const lang of browser) {
    const l = parseLocale(lang);
    if (l) return l;
  }
  return 'en';
}

/**
 * Reactive without runes: this module is also bundled into Web Workers and run by Node, where no Svelte compiler
 * turns `$state` into code. createSubscriber makes a read inside an effect or template depend on the locale.
 */
class LocaleState {
  #current: Locale = 'en';
  #listeners = new Set<() => void>();
  #subscribe = createSubscriber((update) => {
    this.#listeners.add(update);
    return () => this.#listeners.delete(update);
  });

  /** The language every t() call and lesson text reads; reactive in Svelte templates, effects and deriveds. */
  get current(): Locale {
    this.#subscribe();
    return this.#current;
  }

  set current(l: Locale) {
    if (l === this.#current) return;
    this.#current = l;
    for (const update of this.#listeners) update();
  }
}

/** The one locale state of the page (module-level: strings are read everywhere, like the theme's CSS variables). */
export const i18n = new LocaleState();

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage blocked
  }
}

/** Reads the address, storage and browser languages once at start-up and applies the result. */
export function initLocale(): Locale {
  if (typeof window === 'undefined') return i18n.current;
  const l = pickLocale(window.location.search, storage()?.getItem(LANG_KEY) ?? null, navigator.languages ?? [navigator.language]);
  applyLocale(l, false);
  return l;
}

/** Switches language: remembered, written to the address as `?lang=`, and set on `<html lang>`. */
export function setLocale(l: Locale): void {
  applyLocale(l, true);
}

function applyLocale(l: Locale, remember: boolean): void {
  i18n.current = l;
  if (typeof document !== 'undefined') document.documentElement.lang = LOCALE_TAG[l];
  if (remember) {
    try {
      storage()?.setItem(LANG_KEY, l);
    } catch {
      // storage full or blocked: the choice lasts for this visit only
    }
  }
  // Only a switch writes the address: opening a page leaves its address as it was (links and tests compare it).
  if (remember && typeof window !== 'undefined' && window.history?.replaceState) {
    const url = new URL(window.location.href);
    if (url.searchParams.get('lang') !== l) {
      url.searchParams.set('lang', l);
      window.history.replaceState(window.history.state, '', url);
    }
  }
}
