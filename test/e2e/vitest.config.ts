import { defineConfig } from 'vitest/config';

/** Browser tests: real Chromium (playwright-core, /usr/bin/chromium, SwiftShader) against the built dist/. */
export default defineConfig({
  test: {
    name: 'e2e',
    environment: 'node',
    include: ['test/e2e/**/*.test.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: 'test-output/vitest-e2e.json' },
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // SwiftShader is CPU-bound: one browser at a time on a 2-core machine.
    fileParallelism: false,
  },
});
