/**
 * "Teach it your classes" in real Chromium (wasm): the HF fixture checkpoint dropped on the weights panel stands in
 * for the real weights (nothing from the hub); getUserMedia is replaced by a canvas's captureStream (a stand-in
 * camera, as the studio's webcam test does) that shows one colour while class 1 is recorded and another for
 * class 2; the head trains in the lesson's worker; then the webcam predicts, with top-k bars and Grad-CAM, and the
 * export offers a file. Then the crop comparison measures three crops on the same pictures, full fine-tuning trains
 * every layer at 128 px, and the TensorFlow.js export gives a graph model for 128² inputs whose weights file
 * holds exactly the manifest's floats. No console errors.
 */
import { describe, it, expect } from 'vitest';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { openApp, shot, waitForReady } from './harness';
import { fixtureRoot } from '../helpers/fixtures';

const HF = path.join(fixtureRoot(), 'resnet18/hf');

describe('teach it your classes (wasm)', () => {
  it('records two classes from a stand-in camera, trains the head in a worker, predicts live, compares crops, fine-tunes every layer and exports for tfjs', async () => {
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

      // The crop trade-off, measured by the page on these pictures: one row per crop, each with its held-out count.
      const valCount = Number(/\((\d+)\)/.exec((await page.textContent('[data-testid=teach-results] h4'))!)![1]);
      await page.click('[data-testid=teach-compare]');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=teach-crops] tbody tr').length === 3 && !document.querySelector('[data-testid=teach-busy]'), null, { timeout: 400_000 });
      expect(await page.$eval('[data-testid=teach-studio]', (e) => e.querySelector('[data-testid=teach-error]')?.textContent ?? null)).toBeNull();
      expect(await page.$$eval('[data-testid=teach-crops] tbody tr', (rows) => rows.map((r) => r.getAttribute('data-crop')))).toEqual(['224', '160', '128']);
      for (const acc of await page.$$eval('[data-testid=teach-crop-acc]', (els) => els.map((e) => e.textContent!))) {
        const m = /^(\d+) % \((\d+) of (\d+)\)$/.exec(acc)!;
        expect(Number(m[3])).toBe(valCount);
        expect(Number(m[1])).toBe(Math.round((100 * Number(m[2])) / valCount));
      }
      await shot(page, 'teach-it-3-crops');

      // Full fine-tuning (every layer) at the 128 crop, then the TensorFlow.js graph model of that model.
      await page.selectOption('[data-testid=teach-tuning]', 'all');
      await page.selectOption('[data-testid=teach-crop]', '128');
      await page.click('[data-testid=teach-train]');
      await page.waitForFunction(() => /Every layer: \d+\.\d\d s for 2 epochs/.test(document.querySelector('[data-testid=teach-timing]')?.textContent ?? '') || document.querySelector('[data-testid=teach-error]'), null, { timeout: 400_000 });
      expect(await page.$eval('[data-testid=teach-studio]', (e) => e.querySelector('[data-testid=teach-error]')?.textContent ?? null)).toBeNull();
      expect(await page.textContent('[data-testid=teach-results] pre')).toContain('transforms.CenterCrop(128)');
      const files: Record<string, Buffer> = {};
      page.on('download', async (d) => { files[d.suggestedFilename()] = await readFile((await d.path())!); });
      await page.click('[data-testid=teach-export-tfjs]');
      await expect.poll(() => Object.keys(files).sort(), { timeout: 60_000 }).toEqual(['model.json', 'resnet18.weights.bin']);
      const json = JSON.parse(files['model.json'].toString('utf8'));
      expect(json.format).toBe('graph-model');
      const floats = (json.weightsManifest[0].weights as { shape: number[] }[]).reduce((a, w) => a + w.shape.reduce((x, y) => x * y, 1), 0);
      expect(files['resnet18.weights.bin'].length).toBe(floats * 4);
      const input = json.modelTopology.node.find((n: { op: string }) => n.op === 'Placeholder');
      expect(input.attr.shape.shape.dim.map((d: { size: string }) => d.size)).toEqual(['-1', '128', '128', '3']);
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  }, 1_200_000);
});
