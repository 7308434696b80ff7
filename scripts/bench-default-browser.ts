/**
 * Issue 11's goal 1 confirmed in Chromium (prints figures; asserts nothing): the built site in headless Chromium
 * (the e2e harness, threaded wasm under COOP/COEP), the Train it studio's dataset built on step 1, Start pressed on step 3
 * with nothing changed, timed until the run ends by itself; then the results step's validation and test scores.
 * S counts from the Start click; the default dataset, built by step 1 in a worker, is timed separately.
 * Needs a build: `npx vite build` (or DIST_DIR=...). Run: npm run bench -- default-browser
 * Ends with one line: `default run in Chromium (wasm): val top-1 X % after S s`.
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { openApp, waitForReady } from '../test/e2e/harness';

async function main(): Promise<void> {
  const dist = process.env.DIST_DIR ?? 'dist';
  if (!existsSync(`${dist}/index.html`)) throw new Error(`no build in ${dist}: run npx vite build first`);
  const app = await openApp('/train-it/1', { backend: 'wasm' });
  const { page } = app;
  try {
    await waitForReady(page);
    // Step 1 builds the default dataset as a learner's first visit does; its time is reported, not counted in S.
    const tData = Date.now();
    await page.waitForFunction(() => /\d+ training/.test(document.querySelector('[data-testid=dataset-summary]')?.textContent ?? ''), null, { timeout: 300_000 });
    console.log(`default dataset built in ${((Date.now() - tData) / 1000).toFixed(1)} s`);
    await page.evaluate(() => { location.hash = '#/train-it/3'; }); // "Train, and watch it learn"
    await page.waitForSelector('[data-testid=start]', { timeout: 120_000 });
    const threads = await page.evaluate(() => document.querySelector('[data-testid=backend-chip]')?.textContent?.trim() ?? '');
    console.log(`backend chip: ${threads}; load average at start ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    const t0 = Date.now();
    await page.click('[data-testid=start]');
    await page.waitForFunction(
      () => ['finished', 'early-stopped', 'diverged', 'oom', 'error'].includes(document.querySelector('[data-testid=run-status]')?.getAttribute('data-phase') ?? ''),
      null, { timeout: 1_200_000, polling: 500 },
    );
    const seconds = (Date.now() - t0) / 1000;
    const phase = await page.getAttribute('[data-testid=run-status]', 'data-phase');
    await page.evaluate(() => { location.hash = '#/train-it/4'; });
    await page.waitForSelector('[data-testid=results]', { timeout: 60_000 });
    const results = (await page.textContent('[data-testid=results]')) ?? '';
    const val = /validation top-1 ([\d.]+) ?%/.exec(results)?.[1] ?? '?';
    const test = (await page.textContent('[data-testid=test-score]').catch(() => null)) ?? 'no test score';
    console.log(`run ended: ${phase}; ${test.trim().slice(0, 120)}; load average at end ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    if (app.consoleErrors.length) console.log(`console errors: ${app.consoleErrors.join(' | ')}`);
    console.log(`default run in Chromium (wasm): val top-1 ${val} % after ${Math.round(seconds)} s`);
  } finally {
    await app.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
