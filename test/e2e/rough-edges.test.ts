/**
 * Rough edges a new learner hit (issue 15), each tried as they tried it: the architecture detail panel after
 * "Expand all" (2), batch-norm tables wider than their box (3), studio thumbnails (4), graph text, the studio's
 * confusion matrix and per-class table and tap targets on a phone (5),
 * the photo drop-down after an upload (6), feature-map
 * tiles without a key (9), the no-BN plain net's gradient line that stopped short (10).
 */
import { describe, it, expect, afterAll } from 'vitest';
import type { Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApp, waitForReady, type OpenedApp } from './harness';
import { buildTinySyntheticDataset } from './studio';

const DIST = process.env.DIST_DIR ?? 'dist';
const apps: OpenedApp[] = [];
afterAll(async () => {
  for (const a of apps) await a.close();
});

/** The lesson's shown controls smaller than a 44 px tap target; a checkbox or radio counts by the label that toggles it. */
function smallTargets(page: Page): Promise<string[]> {
  return page.$$eval('main :is(button, select, input, summary)', (els) => els.flatMap((el) => {
    const input = el as HTMLInputElement;
    const target = input.type === 'checkbox' || input.type === 'radio' ? (input.closest('label') ?? el) : el;
    const r = target.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) return []; // not shown (display none, a closed <details>, visually hidden)
    const name = (el.textContent || el.getAttribute('aria-label') || `${el.tagName} ${input.type ?? ''}`).trim().slice(0, 40);
    return Math.min(r.width, r.height) < 44 ? [`${name}: ${Math.round(r.width)}×${Math.round(r.height)}`] : [];
  }));
}

/** How many px the lesson (everything under <main>) runs wider than the screen: 0 when nothing pushes it sideways. */
function lessonOverflow(page: Page): Promise<number> {
  return page.$eval('main', (m) => Math.max(0, m.scrollWidth - m.clientWidth, m.getBoundingClientRect().right - innerWidth));
}

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

  it('5: on a 360 px phone the confusion matrix and per-class table are readable, and the studio controls are 44 px tap targets', async () => {
    const app = await openApp('/train-it/1', { backend: 'wasm', width: 360, height: 800 });
    apps.push(app);
    const { page } = app;
    await waitForReady(page);
    await buildTinySyntheticDataset(page);
    expect(await smallTargets(page)).toEqual([]);
    // The header's controls too (menu, brand, language, theme, backend chip), and the header fits the screen.
    const header = await page.$$eval('header.topbar :is(button, a)', (els) => els.flatMap((el) => {
      const r = el.getBoundingClientRect();
      const name = (el.textContent || el.getAttribute('aria-label') || el.tagName).trim().slice(0, 30);
      return r.width >= 2 && Math.min(r.width, r.height) < 44 ? [`${name}: ${Math.round(r.width)}×${Math.round(r.height)}`] : [];
    }));
    expect(header).toEqual([]);
    expect(await page.$eval('header.topbar', (h) => h.scrollWidth - h.clientWidth)).toBeLessThanOrEqual(0);
    await page.goto(page.url().replace(/#.*$/, '#/train-it/2'));
    await page.waitForSelector('[data-testid=recipe]');
    await page.check('input[type=radio][value="0.125"]');
    await page.selectOption('[data-testid=recipe] select', '8');
    await page.fill('[data-testid=epochs]', '1');
    await page.fill('[data-testid=warmup]', '0');
    expect(await smallTargets(page)).toEqual([]);
    expect(await lessonOverflow(page)).toBe(0);
    await page.goto(page.url().replace(/#.*$/, '#/train-it/3'));
    await page.click('[data-testid=start]');
    await page.waitForSelector('[data-testid=run-status][data-phase=finished]', { timeout: 180_000 });
    expect(await smallTargets(page)).toEqual([]);
    await page.goto(page.url().replace(/#.*$/, '#/train-it/4'));
    await page.waitForSelector('[data-testid=results] [data-testid=confusion] g.cell');
    // Class names and counts at 12 px or more; each cell a 44 px target; the matrix scrolls in its own box and says so.
    const matrix = await page.$eval('[data-testid=confusion]', (el) => {
      const svg = el.querySelector('svg')!;
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      const fonts = [...svg.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
      const cells = [...svg.querySelectorAll('g.cell rect')].map((r) => r.getBoundingClientRect());
      const box = svg.parentElement!;
      return { texts: fonts.length, font: Math.min(...fonts), cells: cells.length, cell: Math.min(...cells.map((r) => Math.min(r.width, r.height))),
        scrolls: box.scrollWidth > box.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(box).overflowX) };
    });
    expect(matrix).toMatchObject({ texts: 120, cells: 100 });
    expect(matrix.font).toBeGreaterThanOrEqual(12);
    expect(matrix.cell).toBeGreaterThanOrEqual(44);
    expect(matrix.scrolls).toBe(true);
    expect(await page.textContent('[data-testid=confusion-more]')).toContain('→');
    // The per-class table: no number broken over two lines ("55.0 / %"), text 12 px or more, hidden columns announced.
    const table = await page.$eval('[data-testid=prf-table]', (t) => {
      const cells = [...t.querySelectorAll('td, th')];
      const lines = (c: Element) => {
        const range = document.createRange();
        range.selectNodeContents(c);
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
      };
      const box = t.parentElement!;
      return { cells: cells.length, wrapped: cells.filter((c) => lines(c) > 1).map((c) => c.textContent),
        font: Math.min(...cells.map((c) => parseFloat(getComputedStyle(c).fontSize))), hidden: t.getBoundingClientRect().width > box.clientWidth + 1 };
    });
    expect(table).toMatchObject({ cells: 55, wrapped: [] });
    expect(table.font).toBeGreaterThanOrEqual(12);
    if (table.hidden) expect(await page.isVisible('[data-testid=prf-table-more]')).toBe(true);
    expect(await lessonOverflow(page)).toBe(0);
    expect(await smallTargets(page)).toEqual([]);
    expect(app.consoleErrors).toEqual([]);
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
