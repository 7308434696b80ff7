/**
 * The training studio in real Chromium: build a tiny synthetic dataset, set a tiny recipe (width 1/8,
 * batch 8), train in the worker and see the charts move, pause (which checkpoints to IndexedDB), reload
 * the page, accept the resume offer and see training continue from the saved step. No console errors.
 */
import { describe, it, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { openApp, shot, waitForReady } from './harness';
import { buildTinySyntheticDataset } from './studio';

/** A folder <root>/mine/{red,blue}/k.jpg (40×40 JPEGs, so they get resized) plus a text file and a corrupt JPEG. */
function makeFolder(): string {
  const root = mkdtempSync(join(tmpdir(), 'nb-train-folder-'));
  for (const [cls, rgb] of [['red', [220, 30, 30]], ['blue', [30, 30, 220]]] as const) {
    mkdirSync(join(root, 'mine', cls), { recursive: true });
    for (let k = 0; k < 6; k++) {
      const data = Buffer.alloc(40 * 40 * 4);
      for (let i = 0; i < 40 * 40; i++) data.set([rgb[0], rgb[1] + k * 10, rgb[2], 255], i * 4);
      writeFileSync(join(root, 'mine', cls, `${k}.jpg`), jpeg.encode({ data, width: 40, height: 40 }, 90).data);
    }
  }
  writeFileSync(join(root, 'mine', 'red', 'notes.txt'), 'not an image');
  writeFileSync(join(root, 'mine', 'blue', 'broken.jpg'), Buffer.from([0xff, 0xd8, 1, 2, 3]));
  return root;
}

const points = (page: Page, testid: string) =>
  page.$eval(`[data-testid=${testid}] path.series`, (p) => Number(p.getAttribute('data-points')));

async function stepShown(page: Page): Promise<number> {
  const text = await page.textContent('[data-testid=run-numbers] div:first-child dd');
  return Number((text ?? '0').split('/')[0]);
}

describe('training studio', () => {
  it('trains a tiny model in a worker, pauses, and resumes after a reload', async () => {
    const app = await openApp('/train-it/1', { backend: 'wasm' });
    const { page } = app;
    try {
      await waitForReady(page);
      await buildTinySyntheticDataset(page);
      await shot(page, 'train-1-dataset');

      await page.goto(page.url().replace(/#.*$/, '#/train-it/2'));
      await page.waitForSelector('[data-testid=recipe]');
      await page.check('input[type=radio][value="0.125"]');
      await page.selectOption('[data-testid=recipe] select', '8');
      await page.fill('[data-testid=epochs]', '3');
      await page.fill('[data-testid=warmup]', '0');
      // The optimiser switch carries its learning rate along: SGD 0.2 by default, Adam 0.001, and back.
      const lrInput = '[data-testid=recipe] input[type=number][step="0.001"]';
      expect(Number(await page.inputValue(lrInput))).toBe(0.2);
      await page.check('input[name=optimizer] >> nth=1');
      expect(Number(await page.inputValue(lrInput))).toBe(0.001);
      await page.check('input[name=optimizer] >> nth=0');
      expect(Number(await page.inputValue(lrInput))).toBe(0.2);
      await page.waitForSelector('[data-testid=augment-preview] canvas');
      await shot(page, 'train-2-recipe');

      await page.goto(page.url().replace(/#.*$/, '#/train-it/3'));
      await page.click('[data-testid=start]');
      await page.waitForFunction(() => {
        const p = document.querySelector('[data-testid=loss-chart] path.series');
        return Number(p?.getAttribute('data-points') ?? 0) >= 4;
      }, null, { timeout: 120_000 });
      const early = await points(page, 'loss-chart');
      await page.waitForFunction((n) => Number(document.querySelector('[data-testid=loss-chart] path.series')?.getAttribute('data-points')) > n, early, { timeout: 60_000 });
      expect(await points(page, 'lr-chart')).toBeGreaterThan(early);
      expect(await page.getAttribute('[data-testid=grad-heatmap] canvas', 'data-rows')).not.toBe('0');
      // issue 11: rows labelled by stage, the chance line, plain tick labels, the time left
      expect(await page.$$eval('[data-testid=grad-heatmap] .grad-heatmap-row-label', (l) => l.map((e) => e.textContent))).toEqual(['stem', 'stage1', 'stage2', 'stage3', 'stage4', 'head']);
      expect(await page.textContent('[data-testid=acc-chart] .legend')).toContain('chance: 1/10 = 10 %');
      const ticks = await page.$$eval('[data-testid=ms-chart] .tick text, [data-testid=loss-chart] .tick text', (t) => t.map((e) => e.textContent ?? ''));
      expect(ticks.filter((t) => /e[+-]/.test(t))).toEqual([]);
      await page.waitForFunction(() => /^epoch [12]\/3 · ~.+ left$/.test(document.querySelector('[data-testid=eta]')?.textContent ?? ''), null, { timeout: 60_000 });
      expect(await page.getAttribute('[data-testid=ratio-heatmap] canvas', 'data-cols')).not.toBe('0');
      await page.click('[data-testid=pause]');
      await page.waitForSelector('[data-testid=run-status][data-phase=paused]', { timeout: 60_000 });
      const pausedAt = await stepShown(page);
      expect(pausedAt).toBeGreaterThan(4);
      const epochAtPause = await page.textContent('[data-testid=run-numbers] div:nth-child(2) dd');
      expect(await page.$('[data-testid=start]')).toBeNull(); // no Start while paused
      await page.waitForFunction(() => document.querySelector('[data-testid=run-status]')?.textContent?.includes('saved'), null, { timeout: 30_000 });
      await shot(page, 'train-3-paused');

      await page.reload({ waitUntil: 'load' });
      await waitForReady(page);
      await page.waitForSelector('[data-testid=resume-offer]', { timeout: 30_000 });
      expect(await page.textContent('[data-testid=resume-offer]')).toContain(`epoch ${epochAtPause} of 3, step ${pausedAt} of `);
      await page.click('[data-testid=resume-saved]');
      await page.waitForFunction((n) => {
        const t = document.querySelector('[data-testid=run-numbers] div:first-child dd')?.textContent ?? '0';
        return Number(t.split('/')[0]) > n + 2;
      }, pausedAt, { timeout: 120_000 });
      // The restored history continues: the loss chart holds the old steps plus the new ones.
      expect(await points(page, 'loss-chart')).toBeGreaterThan(pausedAt + 2);
      // Let the first epoch end (18 steps of 8 over 140 images): validation, checkpoint, results.
      await page.waitForFunction(() => Number(document.querySelector('[data-testid=acc-chart] path.series:nth-child(2)')?.getAttribute('data-points') ?? 0) >= 1, null, { timeout: 120_000 });
      await page.click('[data-testid=pause]');
      await page.waitForSelector('[data-testid=run-status][data-phase=paused]', { timeout: 60_000 });
      await shot(page, 'train-4-resumed');

      await page.goto(page.url().replace(/#.*$/, '#/train-it/4'));
      await page.waitForSelector('[data-testid=results]');
      const counts = await page.$$eval('[data-testid=confusion] g.cell', (cells) => cells.map((c) => Number(c.textContent)));
      expect(counts.length).toBe(100);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(40); // every validation image once
      expect(await page.$$eval('[data-testid=prf-table] tbody tr', (r) => r.length)).toBe(10);
      await page.click('[data-testid=confusion] g.cell >> nth=0');
      await page.click('text=Show Grad-CAM');
      await page.waitForFunction(() => document.querySelector('[data-testid=gradcam] [role=status]')?.textContent?.includes('predicted'), null, { timeout: 60_000 });
      await shot(page, 'train-5-results');
      // The TensorFlow.js export is a graph model: model.json names its weights file and lists every weight.
      const downloads: { name: string; text: string }[] = [];
      page.on('download', async (d) => {
        const parts: Buffer[] = [];
        for await (const c of await d.createReadStream()) parts.push(c as Buffer);
        const bytes = Buffer.concat(parts);
        downloads.push({ name: d.suggestedFilename(), text: d.suggestedFilename().endsWith('.json') ? bytes.toString('utf8') : String(bytes.length) });
      });
      await page.getByRole('button', { name: 'TensorFlow.js graph model' }).click();
      await expect.poll(() => downloads.length, { timeout: 60_000 }).toBe(2);
      const json = JSON.parse(downloads.find((d) => d.name === 'model.json')!.text);
      expect(json.format).toBe('graph-model');
      const weightsFile = downloads.find((d) => d.name === json.weightsManifest[0].paths[0])!;
      const floats = json.weightsManifest[0].weights.reduce((n: number, w: { shape: number[] }) => n + w.shape.reduce((a, b) => a * b, 1), 0);
      expect(Number(weightsFile.text)).toBe(floats * 4);
      expect(await page.textContent('[data-testid=test-pending]')).toContain('20 test images are held out');
      expect(await page.$('[data-testid=test-score]')).toBeNull();

      // Let it finish: the 20 held-out test images are scored once, and the results say so.
      await page.goto(page.url().replace(/#.*$/, '#/train-it/3'));
      await page.click('[data-testid=resume]');
      await page.waitForSelector('[data-testid=run-status][data-phase=finished]', { timeout: 240_000 });
      await page.goto(page.url().replace(/#.*$/, '#/train-it/4'));
      await page.waitForSelector('[data-testid=test-score]', { timeout: 30_000 });
      expect(await page.textContent('[data-testid=test-score]')).toMatch(/test top-1 \d+\.\d %\s*\(top-5 \d+\.\d %\) on 20 held-out test images, scored once/);
      await shot(page, 'train-5b-test-score');
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('speaks Chinese with ?lang=zh: the dataset summary, the controls and the chance line', async () => {
    const app = await openApp('/train-it/1', { backend: 'wasm', lang: 'zh' });
    const { page } = app;
    try {
      await waitForReady(page);
      await page.waitForSelector('[data-testid=dataset-summary]', { timeout: 60_000 });
      expect(await page.textContent('[data-testid=dataset-summary]')).toMatch(/700 张训练图像、200 张验证图像，另有 100 张留作测试集，10 个类别/);
      await page.goto(page.url().replace(/#.*$/, '#/train-it/3'));
      await page.waitForSelector('[data-testid=start]');
      expect(await page.textContent('[data-testid=start]')).toBe('开始');
      expect(await page.textContent('[data-testid=acc-chart] .legend')).toContain('随机猜测水平：1/10 = 10 %');
      await shot(page, 'train-8-zh');
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('trains on WebGL inside the worker (OffscreenCanvas) when the page uses WebGL', async () => {
    const app = await openApp('/train-it/2', { backend: 'webgl' });
    const { page } = app;
    try {
      await waitForReady(page);
      await page.waitForSelector('[data-testid=recipe]');
      await page.check('input[type=radio][value="0.125"]');
      await page.selectOption('[data-testid=recipe] select', '8');
      await page.goto(page.url().replace(/#.*$/, '#/train-it/3'));
      await page.click('[data-testid=start]');
      await page.waitForFunction(() => {
        const t = document.querySelector('[data-testid=run-numbers] div:first-child dd')?.textContent ?? '0';
        return Number(t.split('/')[0]) >= 3;
      }, null, { timeout: 180_000 });
      expect(await page.textContent('[data-testid=run-status]')).toContain('on webgl (in a worker)');
      const loss = Number(await page.textContent('[data-testid=last-loss]'));
      expect(Number.isFinite(loss) && loss > 0).toBe(true);
      await page.click('[data-testid=pause]');
      await page.waitForSelector('[data-testid=run-status][data-phase=paused]', { timeout: 120_000 });
      await shot(page, 'train-6-webgl');
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('loads a picked folder of images, resizing them and listing the bad files with reasons', async () => {
    const root = makeFolder();
    const app = await openApp('/train-it/1', { backend: 'wasm' });
    const { page } = app;
    try {
      await waitForReady(page);
      await page.waitForSelector('[data-testid=dataset-summary]', { timeout: 60_000 });
      await page.setInputFiles('input[webkitdirectory]', join(root, 'mine'));
      await page.waitForFunction(() => document.querySelector('[data-testid=dataset-summary]')?.textContent?.includes('2 classes'), null, { timeout: 60_000 });
      const summary = await page.textContent('[data-testid=dataset-summary]');
      expect(summary).toMatch(/8\s+training and\s+2\s+validation images, 2 more held out as the test set/);
      const problems = await page.textContent('.problems');
      expect(problems).toMatch(/notes\.txt.*not an image/s);
      expect(problems).toMatch(/broken\.jpg.*could not decode/s);
      expect(problems).toMatch(/12 images were not 32×32 and were resized/);
      await shot(page, 'train-7-folder');
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
