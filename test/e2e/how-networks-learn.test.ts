/**
 * "How a network learns" in real Chromium on wasm: every step, driven by keyboard and clicks, with the numbers
 * the page shows checked against float64 references computed here (softmax cross-entropy, gradient descent
 * with torch's SGD rule, the tiny network's backward pass, the mini-batch formula); no console errors; at
 * 360 px no step is wider than the screen.
 */
import { describe, it, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { openApp, shot, waitForReady } from './harness';
import { makeLineData, START } from '../../lessons/how-networks-learn/surface';
import { makeTinyNet } from '../../lessons/how-networks-learn/tinyNet';
import { toPoints, refDescent, tinyKernelGrad, mseGrad } from '../lessons/how-networks-learn/reference';

const num = async (page: Page, testid: string) => Number(await page.textContent(`[data-testid=${testid}]`));

async function next(page: Page, step: number): Promise<void> {
  await page.click('text=Next →');
  await page.waitForSelector(`[data-testid=lesson][data-step="${step}"]`);
}

/** Float64 −log softmax(z)[y]. */
function crossEntropy(z: number[], y: number): number {
  const m = Math.max(...z);
  return m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0)) - z[y];
}

async function stepLoss(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid=ce-loss]', { timeout: 120_000 });
  const logits = () => Promise.all([0, 1, 2, 3].map(async (k) => Number(await page.inputValue(`[data-testid=logit-${k}]`))));
  expect(await num(page, 'ce-loss')).toBeCloseTo(crossEntropy(await logits(), 0), 3);
  // keyboard: five steps of 0.1 up on the cat logit, then "dog" becomes the true class
  await page.focus('[data-testid=logit-0]');
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
  await page.check('input[name=true-class] >> nth=1');
  const z = await logits();
  expect(z[0]).toBeCloseTo(2.5, 6);
  await expect.poll(() => num(page, 'ce-loss')).toBeCloseTo(crossEntropy(z, 1), 3);
}

async function stepDescent(page: Page): Promise<void> {
  const pts = toPoints(makeLineData().x, makeLineData().y);
  await page.waitForSelector('[data-testid=gd-final-loss]', { timeout: 60_000 });
  await page.waitForSelector('[data-testid=descent-contour] .contours path');
  const check = async () => {
    const lr = Number(await page.textContent('[data-testid=lr-value]'));
    const ref = refDescent(pts, 'sgd', lr, 50, START)[50][2];
    await expect.poll(async () => Math.abs((await num(page, 'gd-final-loss')) - ref) / ref).toBeLessThan(1e-3);
    return lr;
  };
  expect(await check()).toBe(0.1);
  await page.focus('[data-testid=lr-slider]');
  await page.keyboard.press('End'); // learning rate 1: the weights run away
  await page.waitForSelector('[data-testid=gd-overflow]');
  await page.keyboard.press('Home'); // 0.001: crawls
  await expect.poll(() => page.textContent('[data-testid=lr-value]')).toBe('0.001');
  expect(await check()).toBe(0.001);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => page.textContent('[data-testid=lr-value]')).toBe('0.01');
  await check();
}

async function stepBackprop(page: Page): Promise<void> {
  const net = makeTinyNet();
  await page.waitForSelector('[data-testid=grad-chain]', { timeout: 60_000 });
  const compare = async (label: number, u: number, v: number, c: number) => {
    const want = tinyKernelGrad(net.x, net.kernel, net.fcW, net.fcB, label)[(u * 3 + v) * 2 + c];
    await expect.poll(async () => Math.abs((await num(page, 'grad-chain')) - want)).toBeLessThan(2e-6);
    expect(Math.abs((await num(page, 'grad-tf')) - want)).toBeLessThan(2e-6);
    expect(Math.abs((await num(page, 'grad-fd')) - want)).toBeLessThan(2e-4);
  };
  await compare(0, 0, 0, 0);
  await page.selectOption('[data-testid=backprop-figure] select >> nth=0', '1'); // filter 1
  await page.selectOption('[data-testid=backprop-figure] select >> nth=3', '2'); // true class 2
  await compare(2, 0, 0, 1);
}

async function stepOptimizers(page: Page): Promise<void> {
  const pts = toPoints(makeLineData().x, makeLineData().y);
  await page.waitForSelector('[data-testid=race-speed-table] tbody tr[data-method=momentum]', { timeout: 60_000 });
  const ref = refDescent(pts, 'momentum', 0.1, 100, START)[100];
  const cells = await page.$$eval('[data-testid=race-speed-table] tr[data-method=momentum] td', (td) => td.map((t) => Number(t.textContent)));
  expect(cells[0]).toBeCloseTo(ref[0], 3);
  expect(cells[1]).toBeCloseTo(ref[1], 3);
  // the regularised minimum printed for λ = 0.5: ∇L + λw = 0 in float64
  await page.waitForSelector('[data-testid=reg-w1]');
  const w1 = await num(page, 'reg-w1');
  const w2 = Number(await page.$eval('[data-testid=reg-w1] + td', (td) => td.textContent));
  const g = mseGrad(pts, [w1, w2]);
  expect(Math.hypot(g[0] + 0.5 * w1, g[1] + 0.5 * w2)).toBeLessThan(1e-3);
  // 1000 steps of three optimisers: AdamW's end point is the float64 one, and it has moved since step 100
  const adamw = () => page.$$eval('[data-testid=race-decay-table] tr[data-method=adamw] td', (td) => td.map((t) => Number(t.textContent)));
  const at100 = await adamw();
  const t0 = Date.now();
  await page.selectOption('[data-testid=race-decay] select >> nth=1', '1000');
  await page.waitForFunction(() => document.querySelector('[data-testid=race-decay] .note')?.textContent?.includes('after 1000 steps'), null, { timeout: 120_000 });
  console.log(`three 1000-step runs in the browser: ${Date.now() - t0} ms`);
  const refW = refDescent(pts, 'adamw', 0.1, 1000, START, 0.5)[1000];
  const at1000 = await adamw();
  expect(at1000[0]).toBeCloseTo(refW[0], 3);
  expect(Math.abs(at1000[0] - at100[0])).toBeGreaterThan(0.1);
}

async function stepBatches(page: Page): Promise<void> {
  const data = makeLineData();
  const pts = toPoints(data.x, data.y);
  await page.waitForSelector('[data-testid=noise-expected]', { timeout: 60_000 });
  await page.waitForSelector('[data-testid=noise-table] tbody tr');
  // σ² of the per-point gradients at the start point, float64; the page's batch is 8 of 256
  const gi = pts.xs.map((x, i) => { const e = x[0] * START[0] + x[1] * START[1] - pts.ys[i]; return [2 * x[0] * e, 2 * x[1] * e]; });
  const g = mseGrad(pts, START);
  const sigma2 = gi.reduce((s, v) => s + (v[0] - g[0]) ** 2 + (v[1] - g[1]) ** 2, 0) / data.n;
  expect(Math.abs((await num(page, 'noise-expected')) / (((256 - 8) / 255) * (sigma2 / 8)) - 1)).toBeLessThan(5e-3);
  await page.focus('[data-testid=batch-slider]');
  await page.keyboard.press('End');
  await expect.poll(() => page.textContent('[data-testid=noise-expected]')).toBe('0');
  await page.selectOption('[data-testid=k-select]', '1');
  await expect.poll(() => page.textContent('[data-testid=best-of-k]')).toBe('70.0 %');
}

describe('How a network learns, in the browser (wasm)', () => {
  it('walks all five steps; every checked number matches a float64 reference', async () => {
    const app = await openApp('/how-networks-learn/1', { backend: 'wasm', height: 900 });
    const { page } = app;
    try {
      await waitForReady(page);
      await stepLoss(page);
      await shot(page, 'learn-1-loss');
      await next(page, 2);
      await stepDescent(page);
      await shot(page, 'learn-2-descent');
      await next(page, 3);
      await stepBackprop(page);
      await shot(page, 'learn-3-backprop');
      await next(page, 4);
      await stepOptimizers(page);
      await shot(page, 'learn-4-optimizers');
      await next(page, 5);
      await stepBatches(page);
      await shot(page, 'learn-5-batches');
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('fits a 360 px screen on every step', async () => {
    const app = await openApp('/how-networks-learn/1', { backend: 'wasm', width: 360, height: 800 });
    const { page } = app;
    try {
      await waitForReady(page);
      for (let step = 1; step <= 5; step++) {
        if (step > 1) await next(page, step);
        await page.waitForSelector('[data-testid=lesson] figure .figure, [data-testid=lesson] figure', { timeout: 60_000 });
        await page.waitForTimeout(1500); // figures finish drawing
        const wide = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(wide, `step ${step}`).toBeLessThanOrEqual(362);
        await shot(page, `learn-${step}-360`);
      }
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
