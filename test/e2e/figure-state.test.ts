/**
 * A figure's settings travel in the address (issue 15): settings changed on a step are read back from
 * location.href, that link opens in a fresh page, and the fresh page shows the same settings and the same numbers.
 */
import { describe, it, expect, afterAll } from 'vitest';
import type { Page } from 'playwright-core';
import { openApp, waitForReady, type OpenedApp } from './harness';

const apps: OpenedApp[] = [];
afterAll(async () => {
  for (const a of apps) await a.close();
});

async function gridValues(page: Page, sel: string): Promise<number[][]> {
  return page.$$eval(`${sel} g.cell:not(.pad)`, (cells) => {
    const out: number[][] = [];
    for (const c of cells) (out[Number(c.getAttribute('data-r'))] ??= [])[Number(c.getAttribute('data-c'))] = Number(c.getAttribute('data-value'));
    return out;
  });
}
const selectValues = (page: Page, sel: string) => page.$$eval(`${sel} select`, (els) => els.map((e) => (e as HTMLSelectElement).value));
const kernel = (page: Page) => page.$$eval('.photo-conv .kernel-editor input', (els) => els.map((e) => Number((e as HTMLInputElement).value)));
const canvasPixels = (page: Page, sel: string) => page.$eval(sel, (c) => (c as HTMLCanvasElement).toDataURL());

async function fresh(app: OpenedApp, href: string): Promise<Page> {
  const page = await app.page.context().newPage();
  await page.goto(href, { waitUntil: 'load' });
  await waitForReady(page);
  return page;
}

describe('figure settings in the address', () => {
  it('convolution geometry, photo kernel and pooling settings survive a copied link', async () => {
    const app = await openApp('/convolution/3', { backend: 'wasm' });
    apps.push(app);
    const { page } = app;
    await waitForReady(page);
    const sel = (i: number) => page.locator('.conv-geometry .controls select').nth(i); // k, s, d, padding, p
    await page.locator('.conv-geometry input[type="range"]').fill('9');
    await sel(1).selectOption('2');
    await sel(3).selectOption('same');
    await expect.poll(() => page.evaluate(() => location.hash)).toContain('geo.s=2');
    await expect.poll(async () => (await gridValues(page, '[data-testid="geometry-output"]')).flat().length).toBe(25);
    const out = await gridValues(page, '[data-testid="geometry-output"]');
    const href = await page.evaluate(() => location.href);
    expect(href).toMatch(/#\/convolution\/3\?/);
    expect(href).toContain('geo.n=9');
    expect(href).toContain('geo.pad=same');

    const p2 = await fresh(app, href);
    expect(await p2.getAttribute('[data-testid="lesson"]', 'data-step')).toBe('3');
    await expect.poll(() => selectValues(p2, '.conv-geometry .controls')).toEqual(await selectValues(page, '.conv-geometry .controls'));
    await expect.poll(() => gridValues(p2, '[data-testid="geometry-output"]')).toEqual(out);
    expect(await p2.textContent('.conv-geometry .tex-formula annotation')).toMatch(/= 5$/);

    // Photo step: a sample, a preset at 5×5, then one weight edited (a custom kernel).
    await page.goto(href.replace(/#.*$/, '#/convolution/2'));
    await page.waitForSelector('[data-testid="photo-output"] canvas[data-version]', { timeout: 60_000 });
    await page.locator('[data-testid="photo-sample"]').selectOption({ index: 1 });
    await page.locator('.photo-conv .kernel-row select').selectOption('gaussian');
    await page.locator('.photo-conv input[name="ksize"]').nth(1).check();
    await page.locator('.photo-conv .kernel-editor input').nth(0).fill('2');
    await expect.poll(() => page.evaluate(() => location.hash)).toContain('photo.p=custom');
    await page.waitForFunction(() => !document.querySelector('.photo-conv')?.textContent?.includes('loading'));
    const k1 = await kernel(page);
    expect(k1).toHaveLength(25);
    expect(k1[0]).toBe(2);
    const href2 = await page.evaluate(() => location.href);
    expect(href2).toContain('photo.n=5');
    const p3 = await fresh(app, href2);
    await p3.waitForSelector('[data-testid="photo-output"] canvas[data-version]', { timeout: 60_000 });
    await expect.poll(() => kernel(p3)).toEqual(k1);
    expect(await p3.locator('[data-testid="photo-sample"]').inputValue()).toBe(await page.locator('[data-testid="photo-sample"]').inputValue());
    await expect.poll(() => canvasPixels(p3, '[data-testid="photo-output"] canvas')).toBe(await canvasPixels(page, '[data-testid="photo-output"] canvas'));

    // Pooling step-through: average, 3×3, stride 1.
    await page.goto(href.replace(/#.*$/, '#/pooling/1'));
    await page.waitForSelector('[data-testid="pool-step-output"] g.cell[data-value]');
    const ps = page.locator('.pool-stepper .controls select');
    await ps.nth(0).selectOption('avg');
    await ps.nth(1).selectOption('3');
    await ps.nth(2).selectOption('1');
    await page.getByRole('button', { name: 'Next window position' }).focus();
    await page.keyboard.press('End');
    await expect.poll(async () => (await gridValues(page, '[data-testid="pool-step-output"]')).flat().length).toBe(16);
    const pooled = await gridValues(page, '[data-testid="pool-step-output"]');
    // The Grad-CAM step has no picture picker of its own: the fresh page opens the picture step first, then the link.
    const camHash = await page.evaluate(() => location.hash);
    const p4 = await fresh(app, href.replace(/#.*$/, '#/run-it/2'));
    await p4.waitForSelector('[data-testid=sample-select]');
    await p4.evaluate((h) => { location.hash = h; }, camHash);
    await expect.poll(() => selectValues(p4, '.pool-stepper .controls')).toEqual(['avg', '3', '1']);
    await p4.getByRole('button', { name: 'Next window position' }).focus();
    await p4.keyboard.press('End');
    await expect.poll(() => gridValues(p4, '[data-testid="pool-step-output"]')).toEqual(pooled);
    expect(app.consoleErrors).toEqual([]);
  });

  it('a link with nonsense settings opens the step with the defaults', async () => {
    const app = await openApp('/convolution/3?geo.n=99&geo.s=banana&geo.k=5', { backend: 'wasm' });
    apps.push(app);
    const { page } = app;
    await waitForReady(page);
    expect(await page.getAttribute('[data-testid="lesson"]', 'data-step')).toBe('3');
    await expect.poll(() => selectValues(page, '.conv-geometry .controls')).toEqual(['5', '1', '1', 'valid']);
    expect(await page.inputValue('.conv-geometry input[type="range"]')).toBe('7');
  });

  it('the picture, layer, channel and order of the feature maps, batch-norm γ and β, and the Grad-CAM class', async () => {
    const app = await openApp('/architecture/1', { backend: 'wasm', width: 1280, height: 900 });
    apps.push(app);
    const { page } = app;
    await waitForReady(page);
    await page.waitForSelector('[data-testid=arch-graph] .arch-totals');
    await page.locator('[data-testid=sample-select]').selectOption({ index: 2 });
    await page.click('text=Expand all');
    await page.click('.arch-node[data-id="stage2.block1.conv1"]');
    const stats = page.locator('[data-testid=arch-side] .feature-stats');
    await expect.poll(() => stats.textContent(), { timeout: 120_000 }).toContain('of 128');
    await page.locator('[data-testid=arch-side] .controls input[type=number]').fill('7');
    await page.locator('[data-testid=arch-side] .controls select').selectOption('mean');
    await expect.poll(() => stats.textContent()).toContain('channel 7 of 128');
    const href = await page.evaluate(() => location.href);
    expect(href).toContain('fm.l=stage2.block1.conv1');
    expect(href).toContain('fm.c=7');
    expect(href).toContain('fm.o=mean');
    expect(href).toContain('pic.s=');
    const want = await stats.textContent();
    const p2 = await fresh(app, href);
    await expect.poll(() => p2.locator('[data-testid=arch-side] .feature-stats').textContent(), { timeout: 120_000 }).toBe(want);
    expect(await p2.locator('[data-testid=sample-select]').inputValue()).toBe(await page.locator('[data-testid=sample-select]').inputValue());
    expect(await p2.locator('[data-testid=arch-side] h3').first().textContent()).toContain('stage2.block1.conv1');

    // Batch norm: γ and β of channel 2, and the training steps before evaluation mode.
    await page.goto(href.replace(/#.*$/, '#/batchnorm/2'));
    await page.waitForSelector('[data-testid=bn-worked] tbody tr');
    await page.getByLabel('gamma of channel 2').fill('2.5');
    await page.getByLabel('gamma of channel 2').press('Tab');
    await page.getByLabel('beta of channel 2').fill('-1');
    await page.getByLabel('beta of channel 2').press('Tab');
    await expect.poll(() => page.evaluate(() => location.hash)).toContain('bn.b=0_-1_0');
    const bnRows = () => page.locator('[data-testid=bn-worked] tbody').textContent();
    const bnWant = await bnRows();
    const p3 = await fresh(app, await page.evaluate(() => location.href));
    await p3.waitForSelector('[data-testid=bn-worked] tbody tr');
    expect(await p3.getByLabel('gamma of channel 2').inputValue()).toBe('2.5');
    await expect.poll(() => p3.locator('[data-testid=bn-worked] tbody').textContent()).toBe(bnWant);

    // Grad-CAM: the second of the top-5 classes.
    await page.goto(href.replace(/#.*$/, '#/run-it/2'));
    await page.waitForSelector('[data-testid=sample-select]');
    await page.goto(href.replace(/#.*$/, '#/run-it/4'));
    const cls = page.locator('[data-testid=cam-class]');
    await expect.poll(() => cls.locator('option').count(), { timeout: 120_000 }).toBe(5);
    const second = await cls.locator('option').nth(1).getAttribute('value');
    await cls.selectOption(second!);
    await expect.poll(() => page.evaluate(() => location.hash)).toContain(`cam.c=${second}`);
    // The Grad-CAM step has no picture picker of its own: the fresh page opens the picture step first, then the link.
    const camHash = await page.evaluate(() => location.hash);
    const p4 = await fresh(app, href.replace(/#.*$/, '#/run-it/2'));
    await p4.waitForSelector('[data-testid=sample-select]');
    await p4.evaluate((h) => { location.hash = h; }, camHash);
    await expect.poll(() => p4.locator('[data-testid=cam-class]').inputValue(), { timeout: 120_000 }).toBe(second);
    expect(app.consoleErrors).toEqual([]);
  }, 400_000);
});
