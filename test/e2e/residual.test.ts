/**
 * The residual lessons in real Chromium (WebGL on SwiftShader): the plain-vs-residual experiment runs a few
 * steps on tiny settings (depth 8) and draws both loss curves and the per-layer gradient plot; no console
 * errors. Screenshots at desktop width and at 360 px.
 */
import { describe, it, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { openApp, shot, waitForReady } from './harness';

const seriesPoints = (page: Page, testid: string) =>
  page.$$eval(`[data-testid=${testid}] path.series`, (ps) => ps.map((p) => Number(p.getAttribute('data-points'))));

async function runFewSteps(page: Page, steps: number): Promise<void> {
  await page.waitForSelector('[data-testid=exp-run]', { timeout: 60_000 });
  await page.selectOption('select[aria-label="Weighted layers per network"]', '8');
  await page.waitForFunction(() => document.querySelector('[data-testid=exp-steps]')?.textContent?.startsWith('step 0'));
  for (let i = 0; i < steps; i++) {
    await page.click('[data-testid=exp-step]');
    await page.waitForFunction((n) => document.querySelector('[data-testid=exp-steps]')?.textContent?.startsWith(`step ${n} `), i + 1, { timeout: 60_000 });
  }
}

describe('why-residuals experiment in the browser', () => {
  for (const view of [{ name: 'desktop', width: 1280 }, { name: 'mobile', width: 360 }]) {
    it(`steps both nets and draws the loss curves and the gradient profile (${view.name})`, async () => {
      const app = await openApp('/why-residuals/2', { backend: 'webgl', width: view.width, height: 900 });
      const { page } = app;
      try {
        await waitForReady(page);
        await runFewSteps(page, 3);
        expect(await seriesPoints(page, 'loss-plot')).toEqual([3, 3]);
        // step 3: solid profiles now, dashed profiles at step 1; one point per weighted layer
        expect(await seriesPoints(page, 'grad-plot')).toEqual([8, 8, 8, 8]);
        await page.waitForFunction(() => document.querySelector('[data-testid=decision-maps]')?.getAttribute('data-step') === '3');
        expect(await page.$$eval('[data-testid=decision-maps] canvas', (c) => c.map((e) => Number((e as HTMLElement).dataset.version)))).toEqual(
          expect.arrayContaining([expect.any(Number), expect.any(Number)]),
        );
        const loss = await page.textContent('.status');
        expect(loss).toMatch(/plain loss \d/);
        await shot(page, `residual-experiment-${view.name}`);
        // Run continues in chunks and Pause stops it part-way without errors
        await page.click('[data-testid=exp-run]');
        await page.waitForFunction(() => Number(document.querySelector('[data-testid=loss-plot] path.series')?.getAttribute('data-points')) >= 5, null, { timeout: 60_000 });
        await page.click('[data-testid=exp-pause]');
        await page.waitForSelector('[data-testid=exp-run]');
        const pts = await seriesPoints(page, 'loss-plot');
        expect(pts[0]).toBeGreaterThanOrEqual(5);
        expect(pts[0]).toBeLessThan(300);
        await page.click('[data-testid=exp-reset]');
        await page.waitForFunction(() => document.querySelector('[data-testid=exp-steps]')?.textContent?.startsWith('step 0'));
        expect(app.consoleErrors).toEqual([]);
      } finally {
        await app.close();
      }
    });
  }
});

describe('residual-block lesson in the browser', () => {
  it('draws the identity and projection blocks on a photo and shows the shortcut passes the gradient unchanged', async () => {
    const app = await openApp('/residual-block/2', { backend: 'webgl' });
    const { page } = app;
    try {
      await waitForReady(page);
      await page.waitForSelector('[data-testid=block-trace-identity] canvas', { timeout: 120_000 });
      // 9 stages × 4 channels drawn
      expect(await page.$$eval('[data-testid=block-trace-identity] canvas', (c) => c.length)).toBe(36);
      const shapes = await page.$$eval('[data-testid=block-trace-identity] .feature-strip-shape', (s) => s.map((e) => e.textContent));
      // chelsea.png 451×300 → 224×149 px → conv 7×7/2, pad 3: 75×112 → max-pool 3×3/2, pad 1: 38×56
      expect(shapes[0]).toMatch(/^38×56×8 /);
      expect(shapes.at(-1)).toMatch(/^38×56×8 /);
      await shot(page, 'residual-block-identity');
      await page.click('text=Next →');
      await page.waitForSelector('[data-testid=block-trace-projection] canvas', { timeout: 60_000 });
      const pShapes = await page.$$eval('[data-testid=block-trace-projection] .feature-strip-shape', (s) => s.map((e) => e.textContent));
      expect(pShapes.at(-1)).toMatch(/^19×28×16 /); // 3×3/2, pad 1: 38 → 19, 56 → 28
      expect(await page.textContent('[data-testid=shortcut-counts]')).toContain('230,144');
      await page.click('text=Next →');
      await page.waitForSelector('[data-testid=shortcut-grad-error]', { timeout: 60_000 });
      expect(Number(await page.textContent('[data-testid=shortcut-grad-error]'))).toBeLessThan(1e-4);
      await shot(page, 'residual-block-gradient');
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });
});

describe('batch-norm lesson in the browser', () => {
  it('shows the batch statistics, follows a value through BN, and compares the modes (360 px wide)', async () => {
    const app = await openApp('/batchnorm/1', { backend: 'webgl', width: 360, height: 800 });
    const { page } = app;
    try {
      await waitForReady(page);
      await page.waitForSelector('[data-testid=bn-stats] tbody tr', { timeout: 60_000 });
      expect(await page.$$eval('[data-testid=bn-stats] tbody tr', (r) => r.length)).toBe(3);
      await shot(page, 'bn-batch-360');
      await page.click('text=Next →');
      await page.waitForSelector('[data-testid=bn-worked] tbody tr');
      // with γ = 2 on channel 1, y doubles x̂
      const cell = (col: number) => page.$eval(`[data-testid=bn-worked] tbody tr:first-child td:nth-child(${col})`, (td) => Number(td.textContent));
      const xhat = await cell(6);
      await page.fill('input[aria-label="gamma of channel 1"]', '2');
      await page.press('input[aria-label="gamma of channel 1"]', 'Enter');
      await page.waitForFunction((v) => Number(document.querySelector('[data-testid=bn-worked] tbody tr:first-child td:nth-child(7)')?.textContent) !== v, xhat);
      expect(await cell(7)).toBeCloseTo(2 * xhat, 2);
      await page.click('text=Next →');
      await page.waitForSelector('[data-testid=bn-modes] tbody tr');
      expect(await page.$$eval('[data-testid=bn-modes] tbody tr', (r) => r.length)).toBe(3);
      expect(await page.textContent('[data-testid=bn-alone]')).toMatch(/evaluation mode: 0\.000/);
      await shot(page, 'bn-modes-360');
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
