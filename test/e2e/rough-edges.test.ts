/**
 * Rough edges a new learner hit (issue 15), each tried as they tried it: the architecture detail panel after
 * "Expand all" (2), batch-norm tables wider than their box (3), studio thumbnails (4), graph text on a phone (5),
 * the photo drop-down after an upload (6), feature-map
 * tiles without a key (9), the no-BN plain net's gradient line that stopped short (10).
 */
import { describe, it, expect, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApp, waitForReady, type OpenedApp } from './harness';
import { buildTinySyntheticDataset } from './studio';

const DIST = process.env.DIST_DIR ?? 'dist';
const apps: OpenedApp[] = [];
afterAll(async () => {
  for (const a of apps) await a.close();
});

describe('rough edges', () => {
  it('2: after Expand all, a stage-4 layer picked far down the graph shows its detail panel on screen', async () => {
    const app = await openApp('/architecture/1', { backend: 'wasm', width: 1440, height: 900 });
    apps.push(app);
    const { page } = app;
    await waitForReady(page);
    await page.waitForSelector('[data-testid=arch-graph] .arch-totals');
    await page.click('text=Expand all');
    const node = page.locator('.arch-node[data-id="stage4.block2.conv2"]');
    await node.waitFor();
    await node.scrollIntoViewIfNeeded();
    await node.click();
    await page.waitForFunction(() => document.querySelector('[data-testid=arch-side] h3')?.textContent?.includes('stage4.block2.conv2'));
    const nodeBox = (await node.boundingBox())!;
    const side = await page.evaluate(() => {
      const r = document.querySelector('[data-testid=arch-side] h3')!.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, vh: innerHeight };
    });
    expect(nodeBox.y).toBeGreaterThanOrEqual(0); // the layer clicked is still on screen too
    expect(nodeBox.y).toBeLessThan(side.vh);
    expect(side.top).toBeGreaterThanOrEqual(0);
    expect(side.bottom).toBeLessThanOrEqual(side.vh);
    expect(app.consoleErrors).toEqual([]);
  });

  it('3: a batch-norm table wider than its box says so, at 1280 px and at 360 px', async () => {
    const app = await openApp('/batchnorm/1', { backend: 'wasm', width: 1280, height: 800 });
    apps.push(app);
    const { page } = app;
    await waitForReady(page);
    const tables = () => page.$$eval('[role=region] table', (ts) => ts.map((t) => {
      const box = t.parentElement!;
      const hint = box.parentElement!.querySelector('.more-hint');
      return { overflow: box.scrollWidth > box.clientWidth + 1, hint: !!hint && (hint as HTMLElement).offsetParent !== null };
    }));
    for (const step of [1, 3]) {
      await page.evaluate((s) => { location.hash = `#/batchnorm/${s}`; }, step);
      await page.waitForSelector('[role=region] table tbody tr');
      for (const t of await tables()) expect(t.hint).toBe(t.overflow);
    }
    await page.setViewportSize({ width: 360, height: 800 });
    await expect.poll(async () => (await tables()).some((t) => t.overflow && t.hint)).toBe(true);
    for (const t of await tables()) expect(t.hint).toBe(t.overflow);
    // Scrolled to the end, the hint points back.
    const box = page.locator('[role=region]').first();
    await box.evaluate((el) => { el.scrollLeft = el.scrollWidth; });
    await expect.poll(() => page.locator('.more-hint').first().textContent()).toContain('←');
  });

  it('6: after uploading a picture the photo drop-down names it, not the previous sample', async () => {
    const app = await openApp('/convolution/2', { backend: 'wasm' });
    apps.push(app);
    const { page } = app;
    await waitForReady(page);
    await page.waitForSelector('[data-testid="photo-output"] canvas[data-version]', { timeout: 60_000 });
    const chosen = () => page.$eval('[data-testid="photo-sample"]', (s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent ?? '');
    expect(await chosen()).not.toContain('my-photo');
    await page.setInputFiles('.photo-conv input[type="file"]', { name: 'my-photo.png', mimeType: 'image/png', buffer: readFileSync(join(DIST, 'samples/coffee.png')) });
    await expect.poll(chosen).toContain('my-photo.png');
    expect(await page.textContent('.photo-conv')).toContain('Input: my-photo.png');
    // Picking a sample again still works.
    await page.locator('[data-testid="photo-sample"]').selectOption({ index: 0 });
    await expect.poll(chosen).not.toContain('my-photo');
    expect(app.consoleErrors).toEqual([]);
  });

  it('4: studio thumbnail captions do not run into each other; each original-plus-five group stays on one row', async () => {
    const app = await openApp('/train-it/1', { backend: 'wasm', width: 360, height: 800 });
    apps.push(app);
    const { page } = app;
    await waitForReady(page);
    await buildTinySyntheticDataset(page);
    // No caption's box overlaps another's, and none is wider than its thumbnail.
    const overlaps = () => page.$$eval('.thumb-grid figcaption', (caps) => {
      const boxes = caps.map((c) => c.getBoundingClientRect());
      let n = 0;
      boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => {
        if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) n++;
      }));
      const wide = caps.filter((c) => c.scrollWidth > c.parentElement!.clientWidth + 1).length;
      return { n, wide, count: caps.length };
    });
    await page.waitForSelector('.thumb-grid figcaption');
    expect(await overlaps()).toMatchObject({ n: 0, wide: 0 });
    await page.goto(page.url().replace(/#.*$/, '#/train-it/2'));
    await page.waitForSelector('[data-testid=augment-preview] canvas');
    for (const width of [360, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      const rows = await page.$$eval('[data-testid=augment-preview] .thumb-grid figure', (figs) => {
        const tops = figs.map((f) => Math.round(f.getBoundingClientRect().top));
        return Array.from({ length: figs.length / 6 }, (_, g) => new Set(tops.slice(g * 6, g * 6 + 6)).size);
      });
      expect(rows).toEqual([1, 1, 1, 1]);
      expect((await overlaps()).n).toBe(0);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
  });

  it('5: on a 360 px phone the architecture graph text is at least 12 px and the page does not scroll sideways', async () => {
    const app = await openApp('/architecture/1', { backend: 'wasm', width: 360, height: 800 });
    apps.push(app);
    const { page } = app;
    await waitForReady(page);
    await page.waitForSelector('[data-testid=arch-graph] .arch-totals');
    await page.click('text=Expand all');
    await page.waitForSelector('.arch-node[data-id="stage4.block2.relu2"]');
    const sizes = await page.$$eval('svg.arch-svg text', (texts) => texts.map((t) => {
      const svg = (t as SVGTextElement).ownerSVGElement!;
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      return Number(getComputedStyle(t).fontSize.replace('px', '')) * scale;
    }));
    expect(sizes.length).toBeGreaterThan(50);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(12);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    // The figure menu's button is a 44 px tap target on a phone.
    const box = (await page.getByTestId('figure-menu').first().boundingBox())!;
    expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(44);
  });

  it('9: the feature-map grid says which colour map its tiles use', async () => {
    const app = await openApp('/architecture/1', { backend: 'wasm', width: 1280, height: 800 });
    apps.push(app);
    const { page } = app;
    await waitForReady(page);
    await page.waitForSelector('[data-testid=arch-graph] .arch-totals');
    await page.click('text=Expand all');
    await page.click('.arch-node[data-id="stage2.block1.conv1"]');
    const key = page.locator('[data-testid=arch-side] .feature-grid-key');
    await key.waitFor({ timeout: 120_000 });
    await expect.poll(() => key.textContent(), { timeout: 60_000 }).toMatch(/\d+ tiles?/);
    expect(await key.isVisible()).toBe(true);
  });

  it('10: without batch norm the plain net keeps a gradient point for every layer at step 300, or says why not', async () => {
    // The settings come from the address (figure state): depth 32, batch norm off.
    const app = await openApp('/why-residuals/2?exp.bn=0', { backend: 'webgl', width: 1280, height: 900 });
    apps.push(app);
    const { page } = app;
    await waitForReady(page);
    await page.waitForSelector('[data-testid=exp-run]', { timeout: 60_000 });
    await expect.poll(() => page.isChecked('[aria-label="Experiment controls"] input[type=checkbox]')).toBe(false);
    await page.click('[data-testid=exp-run]');
    await page.waitForFunction(() => document.querySelector('[data-testid=exp-steps]')?.textContent?.startsWith('step 300 '), null, { timeout: 400_000 });
    const line = page.locator('[data-testid=grad-plot] path.series[data-name="plain, step 300"]');
    await expect.poll(() => line.getAttribute('data-points')).not.toBeNull();
    const points = Number(await line.getAttribute('data-points'));
    const note = (await page.locator('[data-testid=grad-plot] .grad-norm-note').textContent()) ?? '';
    if (points < 32) expect(note).toMatch(/plain, step 300, layers? [\d–, ]+: /);
    else expect(points).toBe(32);
    expect(app.consoleErrors).toEqual([]);
  }, 480_000);
});
