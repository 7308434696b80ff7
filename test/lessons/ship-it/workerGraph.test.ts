/**
 * The training comparisons' worker must load without the Svelte compiler: Vite builds workers without the Svelte
 * plugin, so a rune ($state) anywhere in its import graph — e.g. the i18n layer's locale — fails at start with
 * "$state is not defined". Bundles the worker's graph with esbuild and lists what it reaches.
 */
import { describe, it, expect } from 'vitest';
import { build } from 'esbuild';

describe('compare.worker import graph', () => {
  it('reaches neither the i18n layer nor any .svelte / .svelte.ts module', async () => {
    const r = await build({
      entryPoints: ['lessons/ship-it/compare.worker.ts'], bundle: true, write: false, metafile: true, format: 'esm',
      outdir: '/tmp/compare-worker-graph', logLevel: 'silent',
      plugins: [{ name: 'url-imports', setup(b) { b.onResolve({ filter: /\?url$/ }, (a) => ({ path: a.path, external: true })); } }],
    });
    const files = Object.keys(r.metafile.inputs);
    expect(files.some((f) => f.endsWith('lessons/ship-it/studentRun.ts'))).toBe(true); // the scan sees the graph
    expect(files.filter((f) => /src\/lib\/i18n\/|\.svelte(\.ts)?$/.test(f))).toEqual([]);
  }, 60_000);
});
