/**
 * Training in the browser (prints figures; asserts nothing): the built site in headless Chromium (the e2e
 * harness; SwiftShader WebGL here, so the figures are a CPU floor, not a GPU's), the studio's own worker,
 * CIFAR-variant ResNet-18 at batch 32 on the synthetic dataset. Reports ms/step and images/s after the
 * first (compile) step, per backend and width, and the longest main-thread task seen while training
 * (PerformanceObserver 'longtask'; the page must stay responsive: target < 50 ms).
 * Needs a build: `npx vite build` (or DIST_DIR=...). Run: npm run bench -- training-browser
 * BENCH_BROWSER_STEPS (default 4) timed steps per configuration.
 */
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { openApp, waitForReady } from '../test/e2e/harness';

const STEPS = Number(process.env.BENCH_BROWSER_STEPS ?? 4);
const ALL: { backend: 'webgl' | 'wasm'; width: string }[] = [
  { backend: 'wasm', width: '0.125' },
  { backend: 'wasm', width: '0.25' },
  { backend: 'webgl', width: '0.125' },
  { backend: 'webgl', width: '0.25' },
];
/** BENCH_BROWSER_ONLY=wasm (or webgl) runs one backend. */
const CONFIGS = ALL.filter((c) => !process.env.BENCH_BROWSER_ONLY || c.backend === process.env.BENCH_BROWSER_ONLY);

/** Reads (step, ms) from the studio's numbers panel. */
async function readStep(page: Page): Promise<{ step: number; ms: number } | null> {
  return page.evaluate(() => {
    const dds = [...document.querySelectorAll('[data-testid=run-numbers] dd')].map((d) => d.textContent ?? '');
    if (dds.length < 5) return null;
    const ms = /([\d.]+) ms\/step/.exec(dds[4]);
    return { step: Number(dds[0].split('/')[0]), ms: ms ? Number(ms[1]) : NaN };
  });
}

async function measure(backend: 'webgl' | 'wasm', width: string): Promise<string> {
  const app = await openApp('/train-it/2', { backend });
  const { page } = app;
  try {
    await waitForReady(page);
    await page.waitForSelector('[data-testid=recipe]');
    await page.check(`input[type=radio][value="${width}"]`);
    await page.selectOption('[data-testid=recipe] select', '32');
    await page.goto(page.url().replace(/#.*$/, '#/train-it/3'));
    await page.evaluate(() => {
      const w = window as unknown as { longest: number };
      w.longest = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.longest = Math.max(w.longest, e.duration);
      }).observe({ type: 'longtask', buffered: false });
    });
    const t0 = Date.now();
    await page.click('[data-testid=start]');
    const seen = new Map<number, number>();
    let startup = 0;
    while (seen.size < STEPS + 1 && Date.now() - t0 < 540_000) {
      const r = await readStep(page);
      if (r && seen.size === 0) {
        // Start-up (building the dataset, sending it to the worker) is reported apart from training.
        startup = await page.evaluate(() => (window as unknown as { longest: number }).longest);
        await page.evaluate(() => { (window as unknown as { longest: number }).longest = 0; });
      }
      if (r && !seen.has(r.step)) seen.set(r.step, r.ms);
      const phase = await page.getAttribute('[data-testid=run-status]', 'data-phase');
      if (phase === 'error') return `${backend} width ${width}: error — ${await page.textContent('[data-testid=run-status]')}`;
      await page.waitForTimeout(100);
    }
    await page.click('[data-testid=pause]').catch(() => undefined);
    const longest = await page.evaluate(() => (window as unknown as { longest: number }).longest);
    const used = await page.textContent('[data-testid=run-status]');
    const [first, ...rest] = [...seen.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
    const med = rest.sort((a, b) => a - b)[Math.floor(rest.length / 2)];
    return `${backend} width ${width} batch 32: first step ${first?.toFixed(0)} ms, then median ${med?.toFixed(0)} ms/step = ${(32000 / med).toFixed(1)} images/s ` +
      `(${rest.length} steps); longest main-thread task while training ${longest.toFixed(0)} ms (start-up ${startup.toFixed(0)} ms); status "${used?.trim().slice(0, 60)}"`;
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  const dist = process.env.DIST_DIR ?? 'dist';
  if (!existsSync(`${dist}/index.html`)) {
    console.log(`skipped: no build at ${dist}/ (run npx vite build first)`);
    return;
  }
  for (const c of CONFIGS) console.log(await measure(c.backend, c.width));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
