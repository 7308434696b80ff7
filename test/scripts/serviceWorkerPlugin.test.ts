import { describe, it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import { Script } from 'node:vm';
import { precacheList, serviceWorkerSource, shouldPrecache, versionOf } from '../../scripts/serviceWorkerPlugin';

const sha16 = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);

describe('service worker build step', () => {
  it('precaches app files and leaves out the worker itself, source maps, host files and KaTeX font fallbacks', () => {
    for (const f of ['index.html', 'assets/index-a1.js', 'assets/index-a1.css', 'assets/tfjs-backend-wasm-simd-x.wasm',
      'assets/KaTeX_Main-Regular-B22.woff2', 'samples/chelsea.png', 'samples/LICENSES.md', 'favicon.svg']) {
      expect(shouldPrecache(f), f).toBe(true);
    }
    for (const f of ['sw.js', 'assets/index-a1.js.map', 'assets/KaTeX_Main-Regular-Dr9.woff', 'assets/KaTeX_Main-Regular-ypZ.ttf', '_headers', '_redirects']) {
      expect(shouldPrecache(f), f).toBe(false);
    }
  });

  it('lists files sorted by path with the first 16 hex digits of their SHA-256', () => {
    const files = new Map<string, string>([['index.html', '<html>'], ['assets/b.js', 'b'], ['assets/a.js', 'a'], ['sw.js', 'old']]);
    expect(precacheList(files)).toEqual([['assets/a.js', sha16('a')], ['assets/b.js', sha16('b')], ['index.html', sha16('<html>')]]);
  });

  it('gives a new version when any one file changes, and the same version for the same files', () => {
    const base = new Map([['index.html', 'x'], ['assets/a.js', 'a']]);
    const v = versionOf(precacheList(base));
    expect(v).toMatch(/^[0-9a-f]{12}$/);
    expect(versionOf(precacheList(new Map(base)))).toBe(v);
    expect(versionOf(precacheList(new Map([...base, ['assets/a.js', 'a2']])))).not.toBe(v);
    expect(versionOf(precacheList(new Map([...base, ['samples/new.png', 'p']])))).not.toBe(v);
  });

  it('writes one classic script (no import/export) that starts with the list and the version', async () => {
    const list = precacheList(new Map([['index.html', 'x']]));
    const src = await serviceWorkerSource(list, 'abc123abc123');
    expect(() => new Script(src)).not.toThrow(); // parses as a classic script: import/export would not
    expect(src).toContain(`const PRECACHE = ${JSON.stringify(list)};`);
    expect(src).toContain('const VERSION = "abc123abc123";');
    expect(src).not.toMatch(/^\s*(import|export)\b/m);
    expect(src).toContain('Cross-Origin-Embedder-Policy');
  });
});
