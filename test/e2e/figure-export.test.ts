/**
 * The figure menu saves a figure's pictures (issue 15): a canvas downloads as a real PNG, an SVG chart as an SVG
 * that parses and draws on its own; and wide screens give figures more room than the prose column, while a
 * 360 px phone still has no sideways scrolling.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { openApp, waitForReady, type OpenedApp } from './harness';

const apps: OpenedApp[] = [];
afterAll(async () => {
  for (const a of apps) await a.close();
});
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), click()]);
  return { name: dl.suggestedFilename(), bytes: readFileSync((await dl.path())!) };
}

describe('figure menu and widths', () => {
  it('saves a canvas as PNG and an SVG chart as SVG and PNG', async () => {
    const app = await openApp('/convolution/2', { backend: 'wasm', colorScheme: 'dark' });
    apps.push(app);
    const { page } = app;
    await waitForReady(page);
    await page.waitForSelector('[data-testid="photo-output"] canvas[data-version]', { timeout: 60_000 });
    const menu = page.locator('figure.figure').first().getByTestId('figure-menu');
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    const items = page.locator('.figure-menu .item');
    expect(await items.count()).toBeGreaterThanOrEqual(2);
    const png = await download(page, () => items.filter({ hasText: 'Output' }).first().getByRole('button', { name: 'PNG' }).click());
    expect(png.name).toMatch(/^fig-convolution-2-\d+-\d+\.png$/);
    expect([...png.bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    // Escape closes the menu and gives focus back to its button.
    await page.keyboard.press('Escape');
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await menu.evaluate((b) => b === document.activeElement)).toBe(true);

    // Step 3's number grids are SVG.
    await page.goto(page.url().replace(/#.*$/, '#/convolution/3'));
    await page.waitForSelector('[data-testid="geometry-output"] g.cell');
    await page.locator('figure.figure').first().getByTestId('figure-menu').click();
    const svgItem = page.locator('.figure-menu .item').filter({ has: page.getByRole('button', { name: 'SVG' }) }).first();
    const svg = await download(page, () => svgItem.getByRole('button', { name: 'SVG' }).click());
    expect(svg.name).toMatch(/\.svg$/);
    const text = svg.bytes.toString('utf8');
    const check = await page.evaluate(async (t) => {
      const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
      const img = new Image();
      img.src = URL.createObjectURL(new Blob([t], { type: 'image/svg+xml' }));
      await img.decode();
      return { error: doc.querySelector('parsererror')?.textContent ?? null, root: doc.documentElement.localName, w: img.naturalWidth, hasVar: /var\(--/.test(t), currentColor: /currentColor/i.test(doc.documentElement.getAttribute('style') ?? '') };
    }, text);
    expect(check.error).toBeNull();
    expect(check.root).toBe('svg');
    expect(check.w).toBeGreaterThan(50);
    expect(check.hasVar).toBe(false);
    expect(check.currentColor).toBe(false);
    // The dark figure background is painted in, so light text stays readable outside the page.
    expect(text).toMatch(/<rect[^>]*fill="rgb\(26, 30, 36\)"/);
    const svgPng = await download(page, () => svgItem.getByRole('button', { name: 'PNG' }).click());
    expect([...svgPng.bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(app.consoleErrors).toEqual([]);
  });

  it('gives figures more width than prose at 1440 px, and no sideways scrolling at 360 px', async () => {
    const app = await openApp('/convolution/2', { backend: 'wasm', width: 1440, height: 900 });
    apps.push(app);
    const { page } = app;
    await waitForReady(page);
    const widths = async () => page.evaluate(() => ({
      fig: document.querySelector('figure.figure')!.getBoundingClientRect().width,
      prose: document.querySelector('.lesson .prose')!.getBoundingClientRect().width,
    }));
    const w = await widths();
    expect(w.fig).toBeGreaterThan(900);
    expect(w.prose).toBeLessThan(720);
    await page.setViewportSize({ width: 360, height: 800 });
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });
});
