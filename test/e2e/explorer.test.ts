/**
 * The explorer lessons in real Chromium on the wasm backend: load the fixture checkpoint by file input (as a
 * drop would), run the default sample photo, and check top-5 (against the torchvision reference logits of
 * the same photo), feature maps, filters and Grad-CAM are drawn with no console errors, and that no figure still
 * says the weights are untrained; architecture graph at desktop width and at 360 px, whose feature maps say
 * visibly that the weights are random while nothing is loaded.
 */
import { describe, it, expect } from 'vitest';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { openApp, shot, waitForReady } from './harness';
import { parseSafetensors, toFloat32 } from '../../src/lib/nn/io/safetensors';

const HF = path.resolve(__dirname, '../../../shared/fixtures/resnet18/hf');

/** Reference top-3 (label, probability) of image `n` of the fixture, from torchvision's logits. */
function referenceTop(n: number): { label: string; prob: number }[] {
  const ref = parseSafetensors(new Uint8Array(readFileSync(path.join(HF, 'reference.safetensors'))));
  const logits = toFloat32(ref.tensors.get('logits')!).subarray(n * 1000, (n + 1) * 1000);
  const labels = JSON.parse(readFileSync(path.join(HF, 'config.json'), 'utf8')).id2label as Record<string, string>;
  const max = Math.max(...logits);
  const z = logits.reduce((a, v) => a + Math.exp(v - max), 0);
  return Array.from(logits.keys()).sort((a, b) => logits[b] - logits[a]).slice(0, 3)
    .map((i) => ({ label: labels[String(i)].split(',')[0], prob: Math.exp(logits[i] - max) / z }));
}

/** Number of distinct colours in a canvas (0 when it was never drawn). */
function distinctColours(page: Page, selector: string): Promise<number> {
  return page.$eval(selector, (c) => {
    const canvas = c as HTMLCanvasElement;
    if (!canvas.width) return 0;
    const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < d.length; i += 4) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    return seen.size;
  });
}

describe('ResNet-18 explorer in the browser (wasm)', () => {
  it('loads the fixture checkpoint by file drop, runs a sample photo, shows top-5, feature maps and Grad-CAM', async () => {
    const app = await openApp('/run-it/1', { backend: 'wasm' });
    const { page } = app;
    try {
      await waitForReady(page);
      await page.waitForSelector('[data-testid=weights-status]');
      expect(await page.textContent('[data-testid=weights-status]')).toContain('Untrained model');
      await page.waitForSelector('[data-testid=preprocess-strip]', { timeout: 120_000 });
      await page.setInputFiles('[data-testid=weights-input]', ['config.json', 'preprocessor_config.json', 'model.safetensors'].map((f) => path.join(HF, f)));
      await page.waitForFunction(() => document.querySelector('[data-testid=weights-status]')?.textContent?.includes('Weights from your files'), null, { timeout: 120_000 });
      expect(await page.textContent('[data-testid=weights-status]')).toMatch(/model\.safetensors: 102 tensors, hf names/); // 20 conv + 20 BN × 4 + fc weight, bias
      await shot(page, 'explorer-run-1-desktop');

      await page.evaluate(() => { location.hash = '#/run-it/2'; });
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=topk] .topk-bar').length === 5, null, { timeout: 120_000 });
      const shown = await page.$eval('[data-testid=topk] svg', (s) => s.getAttribute('aria-label')!);
      const want = referenceTop(0); // chelsea.png, the first sample
      const rows = shown.split('; ');
      for (let i = 0; i < 3; i++) {
        expect(rows[i].startsWith(want[i].label), `${rows[i]} vs ${want[i].label}`).toBe(true);
      }
      expect(Math.abs(parseFloat(rows[0].slice(want[0].label.length)) - 100 * want[0].prob)).toBeLessThan(0.15);
      expect(await page.textContent('[data-testid=latency]')).toMatch(/Forward pass of all layers on wasm: \d+ ms/);
      expect(await page.$$('[data-testid=random-weights-notice]')).toEqual([]);
      await shot(page, 'explorer-run-2-desktop');

      await page.evaluate(() => { location.hash = '#/run-it/3'; });
      await page.waitForSelector('[data-testid=feature-grid] canvas');
      await page.selectOption('[data-testid=layer-select]', 'stage3.block1.conv2');
      await page.waitForFunction(() => document.querySelector('.feature-stats')?.textContent?.includes('of 256'));
      expect(await distinctColours(page, '[data-testid=feature-grid] canvas')).toBeGreaterThan(50);
      expect(await distinctColours(page, '[data-testid=filters] canvas')).toBeGreaterThan(50);
      expect(await page.$$('[data-testid=random-weights-notice]')).toEqual([]); // loaded weights: no untrained notice
      await shot(page, 'explorer-run-3-desktop');

      await page.evaluate(() => { location.hash = '#/run-it/4'; });
      await page.waitForSelector('[data-testid=gradcam] canvas[aria-label^="Grad-CAM for"]');
      expect(await distinctColours(page, '[data-testid=gradcam] canvas')).toBeGreaterThan(50);
      const second = await page.$$eval('[data-testid=cam-class] option', (o) => (o[1] as HTMLOptionElement).value);
      await page.selectOption('[data-testid=cam-class]', second);
      await page.waitForSelector('[data-testid=gradcam] canvas[aria-label^="Grad-CAM for Welsh"]');
      expect(await page.$$('[data-testid=random-weights-notice]')).toEqual([]);
      await shot(page, 'explorer-run-4-desktop');
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('draws the architecture graph at 360 px, expands a stage by keyboard, and shows a receptive field', async () => {
    const app = await openApp('/architecture/1', { backend: 'wasm', width: 360, height: 740 });
    const { page } = app;
    try {
      await waitForReady(page);
      await page.waitForSelector('[data-testid=arch-graph] .arch-totals');
      expect(await page.textContent('[data-testid=arch-graph] .arch-totals')).toContain('11,689,512 parameters · 1.81 G multiply-adds');
      await page.focus('.arch-node[data-id="stage2"]');
      await page.keyboard.press('Enter');
      await page.focus('.arch-node[data-id="stage2.block1"]');
      await page.keyboard.press('Enter');
      await page.waitForSelector('.arch-node[data-id="stage2.block1.shortcut.conv"]');
      await page.click('.arch-node[data-id="stage2.block1.conv1"]');
      await page.waitForFunction(() => document.querySelector('.rf-text')?.textContent?.includes('stage2.block1.conv1 sees a 51×51'), null, { timeout: 120_000 });
      const notice = page.locator('[data-testid=arch-graph] ~ .side [data-testid=random-weights-notice]');
      expect(await notice.isVisible()).toBe(true); // nothing loaded: the feature maps say they come from random weights
      expect(await notice.textContent()).toContain('Untrained weights');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(360);
      await shot(page, 'explorer-arch-360');
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.click('text=Expand all');
      await page.waitForSelector('.arch-node[data-id="stage4.block2.relu2"]');
      expect(await page.$$eval('.arch-edge.identity', (e) => e.length)).toBe(5);
      expect(await page.$$eval('.arch-edge.projection', (e) => e.length)).toBe(9);
      await shot(page, 'explorer-arch-desktop');
      await page.evaluate(() => { location.hash = '#/architecture/2'; });
      await page.waitForSelector('[data-testid=stage-table]');
      expect(await page.textContent('[data-testid=stage-table] tfoot')).toContain('17 conv + 1 fc = 18');
      await shot(page, 'explorer-arch-table-360');
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('downloads weights from a hub-layout server with progress, then serves the reload from the browser cache', async () => {
    const hits: string[] = [];
    const server = http.createServer((req, res) => {
      hits.push(req.url!);
      const m = /^\/microsoft\/resnet-18\/resolve\/main\/([\w.]+)$/.exec(req.url!);
      const cors = { 'access-control-allow-origin': '*', 'cross-origin-resource-policy': 'cross-origin' };
      if (!m) { res.writeHead(404, cors).end('Entry not found'); return; }
      const body = readFileSync(path.join(HF, m[1]));
      res.writeHead(200, { ...cors, 'content-length': body.length, 'content-type': 'application/octet-stream' }).end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const hub = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const app = await openApp('', { backend: 'wasm' });
    const { page } = app;
    const load = async () => {
      await page.goto(`${app.baseUrl}index.html?backend=wasm&hub=${encodeURIComponent(hub)}#/run-it/1`);
      await waitForReady(page);
      await page.click('text=Load pretrained ImageNet weights');
      // The status keeps naming the live weights while a load runs; the loading line says when it is over.
      await page.waitForFunction(() => !document.querySelector('[data-testid=weights-loading]')
        && document.querySelector('[data-testid=weights-status]')?.textContent?.includes('Pretrained weights'), null, { timeout: 120_000 });
      return page.textContent('[data-testid=weights-status]');
    };
    try {
      expect(await load()).toMatch(/microsoft\/resnet-18@main: 102 tensors, hf names$/);
      expect(hits.filter((h) => h.includes('/resolve/')).length).toBe(3);
      expect(await load()).toMatch(/microsoft\/resnet-18@main \(from the browser cache\): 102 tensors/);
      expect(hits.filter((h) => h.includes('/resolve/')).length).toBe(3); // second visit: no request
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
      server.closeAllConnections();
      server.close();
    }
  });
});
