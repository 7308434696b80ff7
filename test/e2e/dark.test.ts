/**
 * Dark mode in real Chromium against the built site: the page follows the system's prefers-color-scheme, the
 * header switch overrides it (remembered across reloads, and given back to the system by a second click);
 * every ready lesson's first and busiest step pass the axe-core checks (contrast included) in dark mode, and
 * their screenshots go to test-output/screenshots/dark-<lesson>-<step>.png to be looked at; the loss-surface contour
 * plots' marks and labels keep their contrast on the dark surface.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Page } from 'playwright-core';
import { SYLLABUS, isReady } from '../../lessons/index';
import { axeCheck, formatAxe, openApp, openStep as open, shot, waitForReady, type OpenedApp } from './harness';

const openStep = (page: Page, id: string, step: number) => open(page, id, step, { figures: { quietMs: 800, maxMs: 30_000 } });

const ready = SYLLABUS.filter((l) => isReady(l.id)).map((l) => l.id);

/** The step of each lesson with the most on screen (figures, legends, tables); step 1 for lessons not listed. */
const BUSIEST: Record<string, number> = {
  welcome: 4,
  convolution: 2,
  pooling: 2,
  batchnorm: 2,
  'how-networks-learn': 4,
  'residual-block': 2,
  'why-residuals': 2,
  architecture: 1,
  'run-it': 3,
  'train-it': 1,
};

/** Relative luminance (WCAG) of a CSS rgb()/rgba() colour. */
function luminance(css: string): number {
  const [r, g, b] = (css.match(/[\d.]+/g) ?? ['0', '0', '0']).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

describe('dark mode', () => {
  let app: OpenedApp;
  beforeAll(async () => {
    app = await openApp(`/${ready[0]}/1`, { backend: 'wasm', colorScheme: 'dark' });
    await waitForReady(app.page);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('follows the system setting: dark colours on the page and in the header', async () => {
    const { page } = app;
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    const ink = await page.evaluate(() => getComputedStyle(document.querySelector('h1')!).color);
    expect(luminance(bg)).toBeLessThan(0.05);
    expect(luminance(ink)).toBeGreaterThan(0.6);
    expect(await page.getByTestId('theme-switch').getAttribute('aria-pressed')).toBe('true');
  });

  it.each(ready)('%s: first and busiest step pass the axe checks in dark mode (screenshots taken)', async (id) => {
    const { page } = app;
    const steps = [...new Set([1, BUSIEST[id] ?? 1])];
    const problems: string[] = [];
    for (const step of steps) {
      await openStep(page, id, step);
      const findings = await axeCheck(page);
      if (findings.length) problems.push(`#/${id}/${step}:\n${formatAxe(findings)}`);
      await shot(page, `dark-${id}-${step}`);
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('draws figure text in the light ink of the dark theme (architecture graph, top-5) and no white filter gaps', async () => {
    const { page } = app;
    await openStep(page, 'architecture', 1);
    const labels = await page.$$eval('.arch-edge text.arch-shape', (ts) => ts.slice(0, 5).map((t) => getComputedStyle(t).fill));
    expect(labels.length).toBeGreaterThan(0);
    for (const fill of labels) expect(luminance(fill)).toBeGreaterThan(0.6);
    const main = await page.$eval('.arch-edge.main path', (p) => getComputedStyle(p).stroke);
    expect(luminance(main)).toBeGreaterThan(0.25); // visible on the dark surface
    await openStep(page, 'run-it', 2);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=topk] .topk-bar').length === 5, null, { timeout: 120_000 });
    const text = await page.$$eval('[data-testid=topk] text', (ts) => ts.map((t) => getComputedStyle(t).fill));
    expect(text.length).toBe(10);
    for (const fill of text) expect(luminance(fill)).toBeGreaterThan(0.6);
    // The first-layer filters' 1-px gaps are transparent (the dark figure shows through), not white.
    await openStep(page, 'run-it', 3);
    const gap = await page.$eval('[data-testid=filters] canvas', (c) => {
      const canvas = c as HTMLCanvasElement;
      const ctx = canvas.getContext('2d')!;
      return { gap: Array.from(ctx.getImageData(7, 0, 1, 1).data), tile: ctx.getImageData(0, 0, 1, 1).data[3] };
    });
    expect(gap).toEqual({ gap: [0, 0, 0, 0], tile: 255 }); // 7×7 stem filters: column 7 is the first gap
  });

  it('how-networks-learn: the loss-surface contour plots draw their marks and labels readable on the dark surface', async () => {
    const { page } = app;
    const found: string[] = [];
    for (const step of [2, 4, 5]) {
      await openStep(page, 'how-networks-learn', step);
      await page.waitForSelector('.contour-plot .markers text', { timeout: 60_000 });
      // Text needs 4.5:1 against what is behind the figure, lines and marks 3:1 (WCAG 1.4.3, 1.4.11).
      const marks = await page.$$eval('.contour-plot', (svgs) => svgs.flatMap((svg) => {
        let bgEl: Element | null = svg;
        while (bgEl && getComputedStyle(bgEl).backgroundColor.replace(/\s/g, '').match(/^(transparent|rgba\(0,0,0,0\))$/)) bgEl = bgEl.parentElement;
        const bg = getComputedStyle(bgEl ?? document.documentElement).backgroundColor;
        const text = [...svg.querySelectorAll('.markers text, .x-axis text, .y-axis text')].map((t) => ({ what: `text "${t.textContent}"`, colour: getComputedStyle(t).fill, bg, min: 4.5 }));
        const lines = [...svg.querySelectorAll('.markers path, .arrows line, .paths path')].map((l) => ({ what: l.tagName, colour: getComputedStyle(l).stroke, bg, min: 3 }));
        return [...text, ...lines];
      }));
      expect(marks.length).toBeGreaterThan(10);
      for (const m of marks) {
        const [hi, lo] = [luminance(m.colour), luminance(m.bg)].sort((a, b) => b - a);
        const ratio = (hi + 0.05) / (lo + 0.05);
        if (ratio < m.min) found.push(`step ${step}: ${m.what} ${m.colour} on ${m.bg}: ${ratio.toFixed(2)}:1`);
      }
    }
    expect([...new Set(found)]).toEqual([]);
  });

  it('the header switch overrides the system, is remembered, and a second click follows the system again', async () => {
    const { page } = app;
    const sw = page.getByTestId('theme-switch');
    await sw.click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    expect(await sw.getAttribute('aria-pressed')).toBe('false');
    expect(luminance(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor))).toBeGreaterThan(0.8);
    await page.reload();
    await page.getByTestId('theme-switch').waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    expect(await page.evaluate(() => localStorage.getItem('resnet18-notebook.theme'))).toBe('light');
    await page.getByTestId('theme-switch').click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await page.evaluate(() => localStorage.getItem('resnet18-notebook.theme'))).toBeNull();
    expect(app.consoleErrors).toEqual([]);
  });
});
