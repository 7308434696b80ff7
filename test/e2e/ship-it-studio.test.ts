/**
 * "Ship it" on the learner's own network (issue 13): train a tiny network in the studio, then in Ship it score its
 * fp32, fp16 and int8 copies on its validation images — the fp32 row must equal the validation top-1 the studio
 * itself reported after its last epoch — and distil it into a smaller student, in a worker, with no console errors.
 * Before any training, both figures say how to get a network instead.
 */
import { describe, it, expect } from 'vitest';
import { openApp, shot, waitForReady } from './harness';
import { buildTinySyntheticDataset } from './studio';

describe('Ship it with the network trained in the studio (wasm)', () => {
  it('measures and distils the studio network after saying how to get one', async () => {
    const app = await openApp('/ship-it/2', { backend: 'wasm' });
    const { page } = app;
    try {
      await waitForReady(page);
      await page.waitForSelector('[data-testid=studio-quant][data-state=none]', { timeout: 60_000 });
      expect(await page.textContent('[data-testid=studio-quant]')).toContain('No network has been trained in the studio yet');

      await page.evaluate(() => { location.hash = '#/train-it/1'; });
      await buildTinySyntheticDataset(page);
      await page.evaluate(() => { location.hash = '#/train-it/2'; });
      await page.waitForSelector('[data-testid=recipe]');
      await page.check('input[type=radio][value="0.125"]');
      await page.selectOption('[data-testid=recipe] select', '8');
      await page.fill('[data-testid=epochs]', '2');
      await page.fill('[data-testid=warmup]', '0');
      await page.evaluate(() => { location.hash = '#/train-it/3'; });
      await page.click('[data-testid=start]');
      await page.waitForSelector('[data-testid=run-status][data-phase=finished]', { timeout: 240_000 });
      await page.evaluate(() => { location.hash = '#/train-it/4'; });
      await page.waitForSelector('[data-testid=results]', { timeout: 30_000 });
      const studioTop1 = /validation top-1 (\d+\.\d) %/.exec((await page.textContent('[data-testid=results]'))!)![1];

      await page.evaluate(() => { location.hash = '#/ship-it/2'; });
      await page.waitForSelector('[data-testid=studio-quant][data-state=ready]', { timeout: 60_000 });
      expect(await page.textContent('[data-testid=studio-description]')).toBe('A width-1/8 ResNet-18 (CIFAR stem) for 10 classes of 32-pixel pictures, trained 2 epochs on the built-in shapes (20 per class).');
      await page.click('[data-testid=studio-quant-run]');
      await page.waitForSelector('[data-testid=studio-quant-table]', { timeout: 120_000 });
      const rows = await page.$$eval('[data-testid=studio-quant-table] tbody tr', (r) => r.map((x) => [...x.querySelectorAll('td')].map((td) => td.textContent ?? '')));
      console.info('studio quantization:', JSON.stringify(rows));
      expect(rows.map((r) => r[0])).toEqual(['fp32 (as trained)', 'fp16 weights', 'int8 weights, per tensor', 'int8 weights, per channel']);
      expect(rows[0][2]).toBe(`${studioTop1} %`); // the studio's own evaluation of the same 40 validation images
      expect(rows[0][3]).toBe('40 / 40');
      expect(await page.textContent('[data-testid=studio-quant-table] caption')).toContain('the studio’s split, this visit');
      await shot(page, 'ship-it-2-studio-quant');
      // On a 360 px phone the five columns scroll in their own box; the page does not scroll sideways.
      await page.setViewportSize({ width: 360, height: 800 });
      await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await page.setViewportSize({ width: 1280, height: 800 });

      await page.evaluate(() => { location.hash = '#/ship-it/6'; });
      await page.waitForSelector('[data-testid=studio-distill][data-state=ready]', { timeout: 60_000 });
      expect(await page.textContent('[data-testid=studio-distill]')).toContain('Students: width 1/16');
      await page.click('[data-testid=studio-distill-start]');
      // 14 training images per class at batch 50: two steps an epoch, so both students finish in seconds.
      await page.waitForSelector('[data-testid=studio-distill-result], [data-testid=studio-distill] .error', { timeout: 180_000 });
      expect(await page.getAttribute('[data-testid=studio-distill]', 'data-points')).toBe('teacher:2 alone:16 distilled:16');
      expect(await page.textContent('[data-testid=studio-distill-result]')).toMatch(/^After 15 epochs: student alone \d+\.\d %, distilled \d+\.\d %; your studio network \d+\.\d %\.$/);
      expect(await page.$$eval('[data-testid=studio-distill-chart] path.series', (p) => p.length)).toBe(3);
      // The teacher's flat line is its score on the same 40 validation images the studio scored.
      expect(await page.textContent('[data-testid=studio-distill-result]')).toContain(`your studio network ${studioTop1} %.`);
      expect(await page.$$('[data-testid=studio-distill] .error')).toEqual([]);
      await shot(page, 'ship-it-6-studio-distill');

      // A later visit on WebGL: the dataset is gone from memory, so the built-in set is rebuilt from the run's
      // record — the same 40 validation images, so the same fp32 score, now computed by the WebGL backend.
      await page.goto(page.url().replace(/\?.*$/, '?backend=webgl#/ship-it/2'));
      await waitForReady(page);
      expect(await page.evaluate(() => window.notebook!.tf.getBackend())).toBe('webgl');
      await page.waitForSelector('[data-testid=studio-quant][data-state=ready]', { timeout: 60_000 });
      await page.click('[data-testid=studio-quant-run]');
      await page.waitForSelector('[data-testid=studio-quant-table]', { timeout: 180_000 });
      expect(await page.textContent('[data-testid=studio-quant-table] caption')).toContain('rebuilt from the run’s record');
      const webgl = await page.$$eval('[data-testid=studio-quant-table] tbody tr', (r) => r.map((x) => [...x.querySelectorAll('td')].map((td) => td.textContent ?? '')));
      console.info('studio quantization on WebGL:', JSON.stringify(webgl));
      expect(webgl[0].slice(0, 4)).toEqual(rows[0].slice(0, 4));
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  }, 600_000);
});
