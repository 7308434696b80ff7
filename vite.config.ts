import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { serviceWorker } from './scripts/serviceWorkerPlugin';

/**
 * Cross-origin isolation (COOP/COEP) lets the wasm backend use threads (SharedArrayBuffer).
 * The same two headers must be set by any static host that serves dist/ (see README).
 */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  // Relative base: dist/ works from any static host and any sub-path.
  base: './',
  // serviceWorker(): dist/sw.js (offline copy + COOP/COEP for header-less hosts), written after the build.
  plugins: [svelte(), serviceWorker()],
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
  test: {
    reporters: ['default', 'json'],
    outputFile: { json: 'test-output/vitest-unit.json' },
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'test/nn/**/*.test.ts', 'test/lessons/**/*.test.ts', 'test/data/**/*.test.ts', 'test/train/**/*.test.ts',
            'test/hub/**/*.test.ts', 'test/codecell/**/*.test.ts', 'test/model/**/*.test.ts', 'test/scripts/**/*.test.ts',
            'test/i18n/**/*.test.ts',
          ],
          // *.dom.test.ts files beside them run in the jsdom project below.
          exclude: ['**/*.dom.test.ts', '**/node_modules/**'],
          testTimeout: 600_000,
          hookTimeout: 600_000,
          // Heavy tfjs work: one file at a time per worker keeps the 2-core machine usable.
          pool: 'forks',
        },
      },
      {
        extends: true,
        resolve: { conditions: ['browser'] },
        test: {
          name: 'dom',
          environment: 'jsdom',
          include: ['test/viz/**/*.test.ts', 'test/state/**/*.test.ts', 'test/components/**/*.test.ts', 'test/**/*.dom.test.ts'],
          testTimeout: 60_000,
        },
      },
    ],
  },
});
