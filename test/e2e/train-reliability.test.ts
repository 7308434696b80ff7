/**
 * The studio's guards in real Chromium: a dataset with too few images per class is refused in the dataset step
 * with the reason (and the dataset already there stays); a run that exhausts the worker's wasm heap ends as
 * 'out of memory' and a small run then trains in the same page (a fresh worker, so a fresh heap).
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import type { Page } from 'playwright-core';
import { openApp, shot, waitForReady } from './harness';
import { buildTinySyntheticDataset } from './studio';

/** <root>/few/{red,blue}/0.jpg: one 32×32 JPEG per class. */
function onePerClass(): string {
  const root = mkdtempSync(join(tmpdir(), 'nb-few-'));
  for (const [cls, rgb] of [['red', [220, 30, 30]], ['blue', [30, 30, 220]]] as const) {
    mkdirSync(join(root, 'few', cls), { recursive: true });
    const data = Buffer.alloc(32 * 32 * 4);
    for (let i = 0; i < 32 * 32; i++) data.set([...rgb, 255], i * 4);
    writeFileSync(join(root, 'few', cls, '0.jpg'), jpeg.encode({ data, width: 32, height: 32 }, 90).data);
  }
  return root;
}

describe('training studio: guards', () => {
  it('refuses a folder with one image per class, says why, and keeps the dataset it had', async () => {
    const root = onePerClass();
    const app = await openApp('/train-it/1', { backend: 'wasm' });
    const { page } = app;
    try {
      await waitForReady(page);
      await page.waitForSelector('[data-testid=dataset-summary]', { timeout: 60_000 });
      const before = await page.textContent('[data-testid=dataset-summary]');
      expect(await page.textContent('[data-testid=per-class-minimum]')).toMatch(/at least 2 images to train on and\s+1 to validate on/);
      await page.setInputFiles('input[webkitdirectory]', join(root, 'few'));
      await page.waitForSelector('[data-testid=dataset-panel] [role=alert]', { timeout: 60_000 });
      const alert = await page.textContent('[data-testid=dataset-panel] [role=alert]');
      expect(alert).toMatch(/Every class needs at least 2 training images and 1 validation image/);
      expect(alert).toMatch(/blue \(1 training, 0 validation\), red \(1 training, 0 validation\)/);
      expect(await page.textContent('[data-testid=dataset-summary]')).toBe(before);
      await shot(page, 'train-guard-1-too-few');
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a run that runs out of wasm memory ends as out of memory; a small run then trains in the same page', async () => {
    // Without COOP/COEP (a GitHub Pages-like host) wasm runs its single-threaded build, whose heap grows through
    // WebAssembly.Memory.prototype.grow, where the test can put a ceiling.
    const app = await openApp('/train-it/1', { backend: 'wasm', isolation: false });
    const { page } = app;
    // The first training worker gets a 48 MB heap ceiling (WebAssembly.Memory.grow refuses beyond it, as at the real
    // 4 GiB): a width-1 ResNet-18 (45 MB of weights, Adam state on top) cannot fit. The patch is put at the top of
    // that worker's script as it is served; later training workers get the script as it is.
    let served = 0;
    await page.route(/train\.worker-[^/]*\.js$/, async (route) => {
      const response = await route.fetch();
      const body = (served++ === 0 ? CEILING_48MB : '') + (await response.text());
      await route.fulfill({ response, body });
    });
    try {
      await waitForReady(page);
      await buildTinySyntheticDataset(page);
      await setRecipe(page, '1');
      expect(await page.textContent('[data-testid=memory-estimate]')).toMatch(/Memory: about [\d.]+ [MG]B per step \(activations/);
      await page.goto(page.url().replace(/#.*$/, '#/train-it/3'));
      await page.click('[data-testid=start]');
      await page.waitForSelector('[data-testid=run-status][data-phase=oom]', { timeout: 120_000 });
      expect(await page.textContent('[data-testid=run-status]')).toMatch(/Out of memory \(.+\)\. Try a smaller batch size or width; no checkpoint was saved yet\./);
      await shot(page, 'train-guard-2-oom');

      await setRecipe(page, '0.125');
      await page.goto(page.url().replace(/#.*$/, '#/train-it/3'));
      await page.click('[data-testid=start]');
      await page.waitForFunction(() => {
        const t = document.querySelector('[data-testid=run-numbers] div:first-child dd')?.textContent ?? '0';
        return Number(t.split('/')[0]) >= 3;
      }, null, { timeout: 120_000 });
      expect(served).toBe(2); // the page started a fresh worker (with a fresh heap) for the second run
      const loss = Number(await page.textContent('[data-testid=last-loss]'));
      expect(Number.isFinite(loss) && loss > 0).toBe(true);
      await page.click('[data-testid=pause]');
      await page.waitForSelector('[data-testid=run-status][data-phase=paused]', { timeout: 60_000 });
      await shot(page, 'train-guard-3-small-run');
    } finally {
      await app.close();
    }
  });
  it('a damaged saved-run record (epoch NaN, step -1) is reported with a Discard button, not offered for resuming', async () => {
    const app = await openApp('/train-it/3', { backend: 'wasm' });
    const { page } = app;
    try {
      await waitForReady(page);
      await page.waitForSelector('[data-testid=run-controls]');
      await page.evaluate(() => new Promise<void>((resolve, reject) => {
        const req = indexedDB.open('resnet18-notebook-training', 1);
        req.onupgradeneeded = () => { req.result.createObjectStore('checkpoints'); req.result.createObjectStore('runs'); };
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const tx = req.result.transaction('runs', 'readwrite');
          tx.objectStore('runs').put({ key: 'studio', dataset: { kind: 'synthetic', perClass: 100, seed: 1, valFraction: 0.2 }, epoch: NaN,
            globalStep: -1, totalSteps: 250, savedAt: Date.now() }, 'studio');
          tx.oncomplete = () => { req.result.close(); resolve(); };
          tx.onerror = () => reject(tx.error);
        };
      }));
      await page.reload({ waitUntil: 'load' });
      await waitForReady(page);
      await page.waitForSelector('[data-testid=saved-problem]', { timeout: 30_000 });
      expect(await page.textContent('[data-testid=saved-problem]')).toContain(
        "The saved run's record is damaged (its epoch is NaN, its step is -1), so it cannot be resumed. Discard it and start afresh.");
      expect(await page.$('[data-testid=resume-offer]')).toBeNull();
      await shot(page, 'train-guard-4-damaged-record');
      await page.click('[data-testid=saved-problem] button');
      await page.waitForSelector('[data-testid=saved-problem]', { state: 'detached' });
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });
});

/** On the recipe step: width `width` (radio value), batch 8, 2 epochs, no warm-up. */
async function setRecipe(page: Page, width: string): Promise<void> {
  await page.goto(page.url().replace(/#.*$/, '#/train-it/2'));
  await page.waitForSelector('[data-testid=recipe]');
  await page.check(`input[type=radio][value="${width}"]`);
  await page.selectOption('[data-testid=recipe] select', '8');
  await page.fill('[data-testid=epochs]', '2');
  await page.fill('[data-testid=warmup]', '0');
}

/** Prepended to a worker script: its wasm heap cannot grow past 48 MB (what a full heap looks like to tfjs). */
const CEILING_48MB = `{
  const grow = WebAssembly.Memory.prototype.grow;
  WebAssembly.Memory.prototype.grow = function (pages) {
    if (this.buffer.byteLength + pages * 65536 > 48 * 2 ** 20) throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded');
    return grow.call(this, pages);
  };
}
`;
