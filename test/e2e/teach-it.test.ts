/**
 * "Teach it your classes" in real Chromium (wasm): the HF fixture checkpoint dropped on the weights panel stands in
 * for the real weights (nothing from the hub); getUserMedia is replaced by a canvas's captureStream (a stand-in
 * camera, as the studio's webcam test does) that shows one colour while class 1 is recorded and another for
 * class 2; the head trains in the lesson's worker; then the webcam predicts, with top-k bars and Grad-CAM, and the
 * export offers a file. No console errors.
 */
import { describe, it, expect } from 'vitest';
import path from 'node:path';
import { openApp, shot, waitForReady } from './harness';
import { fixtureRoot } from '../helpers/fixtures';

const HF = path.join(fixtureRoot(), 'resnet18/hf');

describe('teach it your classes (wasm)', () => {
  it('records two classes from a stand-in camera, trains the head in a worker, and predicts live', async () => {
    const app = await openApp('/teach-it/1', { backend: 'wasm' });
    const { page } = app;
    try {
      await waitForReady(page);
      await page.waitForSelector('[data-testid=teach-studio]', { timeout: 120_000 });
      await page.setInputFiles('[data-testid=weights-input]', ['config.json', 'preprocessor_config.json', 'model.safetensors'].map((f) => path.join(HF, f)));
      await page.waitForFunction(() => document.querySelector('[data-testid=weights-status]')?.textContent?.includes('Weights from your files'), null, { timeout: 120_000 });
      expect(await page.$$('[data-testid=random-weights-notice]')).toEqual([]);

      await page.evaluate(() => {
        const c = document.createElement('canvas');
        c.width = 320;
        c.height = 240;
        const ctx = c.getContext('2d')!;
        (window as unknown as { camColour: string }).camColour = '#d03020';
        setInterval(() => {
          ctx.fillStyle = (window as unknown as { camColour: string }).camColour;
          ctx.fillRect(0, 0, 320, 240);
          ctx.fillStyle = '#ffffff';
          ctx.fillRect(100 + Math.random() * 40, 80, 80, 80);
        }, 40);
        navigator.mediaDevices.getUserMedia = async () => c.captureStream(25);
      });
      await page.click('[data-testid=teach-camera]');
      await page.waitForFunction(() => (document.querySelector('[data-testid=teach-studio] video') as HTMLVideoElement)?.videoWidth > 0);
      await page.fill('[aria-label="Name of class 1"]', 'red');
      await page.fill('[aria-label="Name of class 2"]', 'blue');
      for (const [i, colour] of [[0, '#d03020'], [1, '#2040d0']] as const) {
        await page.evaluate((c) => { (window as unknown as { camColour: string }).camColour = c; }, colour);
        await page.waitForTimeout(200);
        await page.hover(`[data-testid=teach-hold-${i}]`);
        await page.mouse.down();
        await page.waitForFunction((k) => parseInt(document.querySelector(`[data-testid=teach-count-${k}]`)!.textContent!, 10) >= 6, i, { timeout: 20_000 });
        await page.mouse.up();
      }
      const counts = await page.$$eval('[data-testid^=teach-count-]', (els) => els.map((e) => parseInt(e.textContent!, 10)));
      expect(counts.every((n) => n >= 6 && n <= 40)).toBe(true);
      await shot(page, 'teach-it-1-recorded');

      await page.click('[data-testid=teach-train]');
      await page.waitForSelector('[data-testid=teach-results], [data-testid=teach-error]', { timeout: 240_000 });
      expect(await page.$eval('[data-testid=teach-studio]', (e) => e.querySelector('[data-testid=teach-error]')?.textContent ?? null)).toBeNull();
      const timing = (await page.textContent('[data-testid=teach-timing]'))!.replace(/\s+/g, ' ');
      // 512 float32 per picture are kept (the pooled features): 2,048 bytes each.
      const kb = Math.round((counts[0] + counts[1]) * 2048 / 1e3);
      expect(timing).toMatch(new RegExp(`Backbone: \\d+\\.\\d s for all pictures, once \\(cache ${kb} KB\\)\\. Head: \\d+\\.\\d\\d s for 50 epochs`));
      expect(await page.$$('[data-testid=teach-confusion] svg')).toHaveLength(1);

      await page.evaluate(() => { (window as unknown as { camColour: string }).camColour = '#d03020'; });
      await page.check('[data-testid=teach-live]');
      await page.waitForFunction(() => document.querySelector('[data-testid=teach-said]')?.textContent?.startsWith('Predicted red'), null, { timeout: 60_000 });
      await page.evaluate(() => { (window as unknown as { camColour: string }).camColour = '#2040d0'; });
      await page.waitForFunction(() => document.querySelector('[data-testid=teach-said]')?.textContent?.startsWith('Predicted blue'), null, { timeout: 60_000 })
        .catch(async (e) => { throw new Error(`${(e as Error).message}; the page said: ${await page.textContent('[data-testid=teach-said]')}; confusion: ${await page.getAttribute('[data-testid=teach-confusion] svg', 'aria-label')}`); });
      expect(await page.$$('[data-testid=teach-topk] .topk-row')).toHaveLength(2);
      await page.uncheck('[data-testid=teach-live]');
      await shot(page, 'teach-it-2-predict');

      const download = page.waitForEvent('download');
      await page.click('[data-testid=teach-export]');
      expect((await download).suggestedFilename()).toBe('teach-it-resnet18.safetensors');
      expect(await page.textContent('[data-testid=teach-results] pre')).toContain('torchvision.models.resnet18(num_classes=2)');
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
