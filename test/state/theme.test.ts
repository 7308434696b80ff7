import { describe, it, expect } from 'vitest';
import { Theme, THEME_KEY, type ThemeHost } from '../../src/lib/state/Theme.svelte';

/** A window stand-in: a switchable prefers-color-scheme query, a storage map and a bare <html>. */
function host(systemDark: boolean, stored: Record<string, string> = {}) {
  const listeners: ((e: { matches: boolean }) => void)[] = [];
  const query = { matches: systemDark, addEventListener: (_: string, f: (e: { matches: boolean }) => void) => listeners.push(f) };
  const data = { ...stored };
  const root = document.createElement('html');
  const h = {
    matchMedia: () => query,
    localStorage: {
      getItem: (k: string) => data[k] ?? null,
      setItem: (k: string, v: string) => void (data[k] = v),
      removeItem: (k: string) => void delete data[k],
    },
    document: { documentElement: root },
  } as unknown as ThemeHost;
  const setSystem = (dark: boolean) => {
    query.matches = dark;
    for (const f of listeners) f({ matches: dark });
  };
  return { h, data, root, setSystem };
}

describe('Theme', () => {
  it('follows the system setting, also when it changes while the page is open', () => {
    const { h, root, setSystem } = host(true);
    const t = new Theme(h);
    expect(t.current).toBe('dark');
    expect(root.dataset.theme).toBe('dark');
    setSystem(false);
    expect(t.current).toBe('light');
    expect(root.dataset.theme).toBe('light');
  });

  it('remembers a switch to the other theme, and forgets it when switched back to the system’s', () => {
    const { h, data, root, setSystem } = host(false);
    const t = new Theme(h);
    t.toggle();
    expect(t.current).toBe('dark');
    expect(root.dataset.theme).toBe('dark');
    expect(data[THEME_KEY]).toBe('dark');
    expect(new Theme(h).current).toBe('dark'); // a reload keeps the choice
    setSystem(true);
    setSystem(false);
    expect(t.current).toBe('dark'); // the learner's choice wins over the system
    t.toggle();
    expect(t.current).toBe('light');
    expect(THEME_KEY in data).toBe(false);
    setSystem(true);
    expect(t.current).toBe('dark'); // following the system again
  });

  it('ignores a foreign stored value and survives blocked storage', () => {
    expect(new Theme(host(false, { [THEME_KEY]: 'sepia' }).h).current).toBe('light');
    const { h } = host(true);
    const blocked = { ...h, localStorage: { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); }, removeItem: () => { throw new Error('denied'); } } };
    const t = new Theme(blocked as ThemeHost);
    expect(t.current).toBe('dark');
    t.toggle();
    expect(t.current).toBe('light');
  });
});
