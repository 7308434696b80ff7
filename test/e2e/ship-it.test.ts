/**
 * "Ship it" in real Chromium on wasm: drop the fixture checkpoint, see the INT8 histogram and per-layer table,
 * the size/agreement table, the calibration ranges, and the runtime table (tfjs fp32, ONNX Runtime fp32 and
 * int8, onnxruntime-web loaded under the page's Content-Security-Policy) filled, the SE block's cost, with no
 * console errors.
 */
import { describe, it, expect } from 'vitest';
import path from 'node:path';
import { openApp, shot, waitForReady } from './harness';

const HF = path.resolve(__dirname, '../../../shared/fixtures/resnet18/hf');

describe('Ship it in the browser (wasm)', () => {
  it('walks the lesson with the fixture checkpoint and fills every table', async () => {
    const app = await openApp('/ship-it/1', { backend: 'wasm' });
    const { page } = app;
    try {
      await waitForReady(page);
      await page.waitForSelector('[data-testid=weights-input]', { state: 'attached' });
      await page.setInputFiles('[data-testid=weights-input]', ['config.json', 'preprocessor_config.json', 'model.safetensors'].map((f) => path.join(HF, f)));
      await page.waitForFunction(() => document.querySelector('[data-testid=weights-status]')?.textContent?.includes('Weights from your files'), null, { timeout: 120_000 });
      await page.waitForSelector('[data-testid=quant-layer-stats]', { timeout: 60_000 });
      expect(await page.$$eval('.quant-histogram rect', (r) => r.length)).toBeGreaterThan(10);
      await page.check('input[value=per-channel]');
      await page.waitForFunction(() => document.querySelector('[data-testid=quant-layer-stats]')?.textContent?.includes("own scale"));
      await shot(page, 'ship-it-1');

      await page.evaluate(() => { location.hash = '#/ship-it/2'; });
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=quant-table] tbody tr').length === 21, null, { timeout: 120_000 });
      await page.waitForSelector('[data-testid=effect-table]', { timeout: 240_000 });
      const effect = await page.$$eval('[data-testid=effect-table] tbody tr', (rows) => rows.map((r) => r.textContent ?? ''));
      console.info('network effect:', JSON.stringify(effect));
      expect(effect).toHaveLength(4);
      expect(effect[0]).toContain('46.76 MB');
      expect(effect[1]).toContain('23.38 MB');
      expect(effect[1]).toContain('4 / 4'); // fp16 weights keep every top-1 of the pretrained model
      expect(await page.$$('[data-testid=random-weights-notice]')).toEqual([]);
      await shot(page, 'ship-it-2');

      await page.evaluate(() => { location.hash = '#/ship-it/3'; });
      await page.waitForSelector('[data-testid=calibration-table]', { timeout: 120_000 });
      expect((await page.$$('[data-testid=calibration-table] tbody tr')).length).toBeGreaterThan(20);

      await page.evaluate(() => { location.hash = '#/ship-it/4'; });
      // Clicked from a timer: the measurement keeps the page's thread busy, and page.click would wait on it.
      await page.evaluate(() => { setTimeout(() => (document.querySelector('[data-testid=run-benchmark]') as HTMLButtonElement).click(), 0); });
      await page.waitForFunction(() => !document.querySelector('[data-testid=bench-status]') && (document.querySelectorAll('[data-testid=bench-table] tbody tr').length === 3 || document.querySelector('.runtime .error')), null, { timeout: 540_000, polling: 2000 });
      expect(await page.$$eval('.runtime .error', (e) => e.map((x) => x.textContent))).toEqual([]);
      const bench = await page.$$eval('[data-testid=bench-table] tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')));
      console.info('runtime table:', JSON.stringify(bench));
      expect(bench.map((r) => r[0])).toEqual(['tfjs fp32 (wasm)', 'ONNX Runtime fp32 (wasm)', 'ONNX Runtime int8 (wasm)']);
      expect(bench[1][1]).toBe('4 / 4');
      expect(parseFloat(bench[1][2])).toBeLessThan(1e-3); // ORT fp32 equals tfjs up to float rounding
      for (const r of bench) {
        expect(r[3]).toMatch(/^\d+ ms$/);
        expect(r[5]).toMatch(/img\/s$/);
      }
      expect(await page.$$('[data-testid=download-int8]')).toHaveLength(1);
      await shot(page, 'ship-it-4');

      await page.evaluate(() => { location.hash = '#/ship-it/5'; });
      await page.waitForSelector('[data-testid=se-table]');
      expect(await page.textContent('[data-testid=se-total]')).toBe('89,080'); // 2 × (580 + 2,184 + 8,464 + 33,312)
      await shot(page, 'ship-it-5');
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  }, 900_000);
});
