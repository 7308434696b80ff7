/**
 * The studio's guards in real Chromium: a dataset with too few images per class is refused in the dataset step
 * with the reason (and the dataset already there stays).
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { openApp, shot, waitForReady } from './harness';

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
});
