/**
 * Webcam frames per class in real Chromium. Headless Chromium has no camera: opening it must give a clear
 * message. Then getUserMedia is replaced by a canvas's captureStream (a stand-in camera) to capture frames for
 * two classes and use them as the dataset. No console errors.
 */
import { describe, it, expect } from 'vitest';
import { openApp, shot, waitForReady } from './harness';

describe('training studio: webcam frames', () => {
  it('says clearly when there is no camera, and builds a dataset from captured frames', async () => {
    const app = await openApp('/train-it/1', { backend: 'wasm' });
    const { page } = app;
    try {
      await waitForReady(page);
      await page.waitForSelector('[data-testid=dataset-summary]', { timeout: 60_000 });
      await page.click('[data-testid=webcam] summary');
      await page.click('[data-testid=webcam-open]');
      await page.waitForSelector('[data-testid=webcam] [role=alert]', { timeout: 30_000 });
      expect(await page.textContent('[data-testid=webcam] [role=alert]')).toMatch(/No camera was found|Camera access was refused/);
      await shot(page, 'train-webcam-1-none');

      await page.evaluate(() => {
        const c = document.createElement('canvas');
        c.width = 320;
        c.height = 240;
        const ctx = c.getContext('2d')!;
        let k = 0;
        setInterval(() => { ctx.fillStyle = `hsl(${(k++ * 37) % 360}, 80%, 50%)`; ctx.fillRect(0, 0, 320, 240); }, 40);
        navigator.mediaDevices.getUserMedia = async () => c.captureStream(25);
      });
      await page.click('[data-testid=webcam-open]');
      await page.waitForSelector('[data-testid=webcam] video:not([hidden])');
      await page.waitForFunction(() => (document.querySelector('[data-testid=webcam] video') as HTMLVideoElement).videoWidth > 0);
      await page.fill('[aria-label="Name of class 1"]', 'cup');
      await page.click('[data-testid=webcam-use]');
      expect(await page.textContent('[data-testid=webcam] [role=alert]')).toMatch(/at least 3 frames of every class, 2 to train on and 1 to validate \(cup, class 2 have fewer\)/);
      const buttons = page.locator('[data-testid=webcam] li button');
      for (let i = 0; i < 3; i++) { await buttons.nth(0).click(); await buttons.nth(1).click(); }
      expect(await page.textContent('[data-testid=webcam] li:nth-child(1)')).toContain('3 frames');
      expect(await page.$('[data-testid=webcam] [role=alert]')).toBeNull();
      await shot(page, 'train-webcam-2-live');
      await page.click('[data-testid=webcam-use]');
      await page.waitForFunction(() => document.querySelector('[data-testid=dataset-summary]')?.textContent?.includes('2 classes'));
      expect(await page.textContent('[data-testid=dataset-summary]')).toMatch(/4\s+training and\s+2\s+validation/);
      expect(await page.isVisible('[data-testid=webcam] video')).toBe(false); // the camera was stopped
      await shot(page, 'train-webcam-3-dataset');
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
