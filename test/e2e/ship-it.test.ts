/**
 * "Ship it" in real Chromium on wasm: drop the fixture checkpoint, see the INT8 histogram and per-layer table,
 * the size/agreement table, the calibration ranges, and the runtime table (tfjs fp32, ONNX Runtime fp32 and
 * int8, onnxruntime-web loaded under the page's Content-Security-Policy) filled, the SE block's cost, with no
 * console errors.
 */
import { describe, it, expect } from 'vitest';
import path from 'node:path';
import type { Page } from 'playwright-core';
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
      // tfjs's peak holds at least its own 46.8 MB of weights; ONNX Runtime has no such count.
      expect(parseFloat(bench[0][8])).toBeGreaterThan(46.8);
      expect(bench.slice(1).map((r) => r[8])).toEqual(['—', '—']);
      expect(await page.$$('[data-testid=download-int8]')).toHaveLength(1);
      await shot(page, 'ship-it-4');

      await page.evaluate(() => { location.hash = '#/ship-it/7'; });
      await page.waitForSelector('[data-testid=se-table]');
      expect(await page.textContent('[data-testid=se-total]')).toBe('89,080'); // 2 × (580 + 2,184 + 8,464 + 33,312)
      await shot(page, 'ship-it-7');
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  }, 900_000);
});

/** The longest gap between timer ticks over `ms` milliseconds on the page: how long its thread was blocked. */
async function longestGap(page: Page, ms: number): Promise<number> {
  return page.evaluate((span) => new Promise<number>((done) => {
    let last = performance.now();
    let worst = 0;
    const end = last + span;
    const tick = () => {
      const now = performance.now();
      worst = Math.max(worst, now - last);
      last = now;
      if (now < end) setTimeout(tick, 10); else done(worst);
    };
    setTimeout(tick, 10);
  }), ms);
}

const points = (page: Page, id: string) => page.getAttribute(`[data-testid=${id}]`, 'data-points');

describe('Ship it: PyTorch export, distillation and SE training (wasm, seeded random weights)', () => {
  it('prints the constructor that fits each width, trains in a worker with the page responsive, and ends with the recap', async () => {
    const app = await openApp('/ship-it/5', { backend: 'wasm' });
    const { page } = app;
    try {
      await waitForReady(page);
      await page.waitForSelector('[data-testid=torch-python]');
      expect(await page.textContent('[data-testid=torch-python]')).toContain('model = torchvision.models.resnet18(num_classes=1000)');
      await page.selectOption('[data-testid=torch-width]', '0.25');
      await page.waitForFunction(() => document.querySelector('[data-testid=torch-python]')?.textContent?.includes('class NarrowResNet18(ResNet)'));
      const py = (await page.textContent('[data-testid=torch-python]'))!;
      expect(py).toContain('WIDTHS = {64: 16, 128: 32, 256: 64, 512: 128}');
      expect(py).toContain('self.maxpool = nn.Identity()');
      expect(await page.textContent('[data-testid=torch-config]')).toContain('16, 32, 64, 128');
      await page.selectOption('[data-testid=torch-width]', 'live');
      await page.click('[data-testid=torch-write]');
      const link = await page.waitForSelector('[data-testid=torch-download]', { timeout: 60_000 });
      expect(await link.getAttribute('download')).toBe('resnet18.safetensors');
      await shot(page, 'ship-it-5-torch');

      await page.evaluate(() => { location.hash = '#/ship-it/6'; });
      await page.click('[data-testid=distill-start]');
      await page.waitForFunction(() => /teacher:[2-9]/.test(document.querySelector('[data-testid=distill-lab]')?.getAttribute('data-points') ?? ''), null, { timeout: 300_000, polling: 1000 });
      expect(await page.textContent('[data-testid=distill-status]')).toContain('teacher (width 0.25)');
      const gap = await longestGap(page, 3000);
      console.info('distillation: longest main-thread gap while training', gap.toFixed(0), 'ms; points', await points(page, 'distill-lab'));
      expect(gap).toBeLessThan(500); // training runs in the worker, not on the page's thread
      expect(await page.$$eval('[data-testid=distill-chart] path', (p) => p.length)).toBeGreaterThan(0);
      await page.click('button:has-text("Stop")');
      await page.waitForSelector('[data-testid=distill-status]', { state: 'detached', timeout: 120_000 });
      expect(await page.$$('.distill .error')).toEqual([]);
      await shot(page, 'ship-it-6-distill');

      await page.evaluate(() => { location.hash = '#/ship-it/7'; });
      await page.click('[data-testid=se-start]');
      await page.waitForFunction(() => /plain:[2-9]/.test(document.querySelector('[data-testid=se-train]')?.getAttribute('data-points') ?? ''), null, { timeout: 300_000, polling: 1000 });
      await page.click('.se-train button:has-text("Stop")');
      await page.waitForSelector('[data-testid=se-status]', { state: 'detached', timeout: 120_000 });
      expect(await page.$$('.se-train .error')).toEqual([]);
      await shot(page, 'ship-it-7-se-train');

      await page.evaluate(() => { location.hash = '#/ship-it/8'; });
      await page.waitForFunction(() => document.querySelector('[data-testid=lesson] h1')?.textContent === 'What you learned');
      expect(await page.locator('details.check-answer').count()).toBe(3);
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  }, 900_000);
});

describe('Ship it: 16-bit float textures on WebGL', () => {
  it('measures the same photos with 32-bit and 16-bit textures and puts the flag back', async () => {
    const app = await openApp('/ship-it/2', { backend: 'webgl' });
    const { page } = app;
    try {
      await waitForReady(page);
      await page.waitForSelector('[data-testid=f16-run]', { timeout: 60_000 });
      await page.click('[data-testid=f16-run]');
      await page.waitForSelector('[data-testid=f16-result], .f16 .error', { timeout: 300_000 });
      expect(await page.$$eval('.f16 .error', (e) => e.map((x) => x.textContent))).toEqual([]);
      const text = (await page.textContent('[data-testid=f16-result]'))!;
      console.info('f16 textures:', text);
      const m = /top-1 (\d) \/ 4 equal to 32-bit textures, largest logit change ([\d.e+-]+);/.exec(text);
      if (m) {
        // Half precision keeps 11 significant bits: a change of 0 would mean the flag did nothing, and more than 1
        // would mean far more than rounding activations to fp16.
        expect(Number(m[2])).toBeGreaterThan(0);
        expect(Number(m[2])).toBeLessThan(1);
      } else expect(text).toContain('no 32-bit float render targets');
      if (m) {
        // Again: if the flag had not been put back, this run's "32-bit" pass would be 16-bit too and change nothing.
        await page.click('[data-testid=f16-run]');
        await page.waitForFunction(() => document.querySelector('[data-testid=f16-run]')?.hasAttribute('disabled') === false
          && document.querySelector('[data-testid=f16-result]'), null, { timeout: 300_000 });
        const again = /largest logit change ([\d.e+-]+);/.exec((await page.textContent('[data-testid=f16-result]'))!)!;
        expect(again[1]).toBe(m[2]);
      }
      await shot(page, 'ship-it-2-f16');
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  }, 600_000);
});
