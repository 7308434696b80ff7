/**
 * Files built to freeze or exhaust the page, in real Chromium: a folder holding a 30-megapixel PNG and a
 * 20000×20000 one, and a CIFAR-10 "archive" that is a gzip bomb. The page decodes and unpacks them in workers:
 * its main thread has no long task over 200 ms meanwhile (PerformanceObserver 'longtask'), the huge picture and
 * the bomb are refused in words, and the rest of the folder loads.
 */
import { describe, it, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, gzipSync, crc32 } from 'node:zlib';
import jpeg from 'jpeg-js';
import { openApp, waitForReady } from './harness';
import { tarHeader } from '../helpers/tarWriter';

const be32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
/** A greyscale PNG; `rows` false writes a header and no pixels (only a header-reader can size that one). */
function png(w: number, h: number, rows = true): Buffer {
  const chunk = (type: string, data: Buffer) => Buffer.concat([Buffer.from(be32(data.length)), Buffer.from(type), data, Buffer.from(be32(crc32(Buffer.concat([Buffer.from(type), data]))))]);
  const raw = Buffer.alloc(rows ? h * (w + 1) : 0);
  if (rows) for (let y = 0; y < h; y++) raw.fill(y % 251, y * (w + 1) + 1, (y + 1) * (w + 1));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', Buffer.from([...be32(w), ...be32(h), 8, 0, 0, 0, 0])),
    chunk('IDAT', deflateSync(raw, { level: 1 })), chunk('IEND', Buffer.alloc(0))]);
}

/**
 * Waits until the page has settled (1.5 s without a long task: start-up work such as the synthetic dataset is
 * done), then records the long tasks (≥ 50 ms) of its main thread from then on.
 */
async function watchLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((settled) => {
    const w = window as unknown as { longTasks: number[] };
    w.longTasks = [];
    let quietSince = performance.now();
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) { w.longTasks.push(Math.round(e.duration)); quietSince = performance.now(); }
    }).observe({ type: 'longtask' });
    const check = setInterval(() => {
      if (performance.now() - quietSince < 1500) return;
      clearInterval(check);
      w.longTasks = [];
      settled();
    }, 100);
  }));
}
const longTasks = (page: Page) => page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);

describe('huge pictures and archive bombs cost a worker, not the page', () => {
  it('a folder with a 30-megapixel PNG loads without freezing the page; a 20000×20000 PNG is refused from its header', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nb-big-folder-'));
    for (const cls of ['cats', 'dogs']) {
      mkdirSync(join(root, 'mine', cls), { recursive: true });
      for (let k = 0; k < 4; k++) {
        const data = Buffer.alloc(40 * 40 * 4, cls === 'cats' ? 60 + k : 200 - k);
        writeFileSync(join(root, 'mine', cls, `${k}.jpg`), jpeg.encode({ data, width: 40, height: 40 }, 90).data);
      }
    }
    writeFileSync(join(root, 'mine', 'cats', 'huge.png'), png(6000, 5000));
    writeFileSync(join(root, 'mine', 'dogs', 'giant.png'), png(20000, 20000, false));
    const app = await openApp('/train-it/1', { backend: 'wasm' });
    const { page } = app;
    try {
      await waitForReady(page);
      await page.waitForSelector('[data-testid=dataset-summary]', { timeout: 60_000 });
      await watchLongTasks(page);
      await page.setInputFiles('input[webkitdirectory]', join(root, 'mine'));
      await page.waitForFunction(() => document.querySelector('[data-testid=dataset-summary]')?.textContent?.includes('2 classes'), null, { timeout: 120_000 });
      const problems = await page.textContent('.problems');
      expect(problems).toMatch(/giant\.png.*"mine\/dogs\/giant\.png" is 20000×20000 px \(400 megapixels\); pictures over 64 megapixels are not decoded here/s);
      expect(problems).not.toMatch(/huge\.png/);
      expect(await page.textContent('[data-testid=dataset-summary]')).toMatch(/9\s+training|training/);
      const tasks = await longTasks(page);
      expect(Math.max(0, ...tasks), `long tasks: ${tasks.join(', ')} ms`).toBeLessThan(200);
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a CIFAR-10 "archive" that inflates to 1 GiB is refused in words, the page staying responsive', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nb-bomb-'));
    const size = 2 ** 30;
    const gz = gzipSync(Buffer.concat([tarHeader('cifar-10-batches-bin/data_batch_1.bin', size), Buffer.alloc(size)]), { level: 1 });
    writeFileSync(join(dir, 'cifar-10-binary.tar.gz'), gz);
    const app = await openApp('/train-it/1', { backend: 'wasm' });
    const { page } = app;
    try {
      await waitForReady(page);
      await page.waitForSelector('[data-testid=dataset-summary]', { timeout: 60_000 });
      await watchLongTasks(page);
      await page.setInputFiles('input[type=file][accept*=".tgz"]', join(dir, 'cifar-10-binary.tar.gz'));
      await page.waitForFunction(() => /unpacks to more than/.test(document.querySelector('.problems')?.textContent ?? ''), null, { timeout: 120_000 });
      expect(await page.textContent('.problems')).toMatch(/cifar-10-binary\.tar\.gz unpacks to more than 200 MB, the most this page unpacks/);
      const tasks = await longTasks(page);
      expect(Math.max(0, ...tasks), `long tasks: ${tasks.join(', ')} ms`).toBeLessThan(200);
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
