/**
 * The scaffolding for a learner who knows a little Python, in real Chromium against the built site: a glossary
 * term shows its definition on keyboard focus and on hover (and the tooltip fits a 360 px screen); a check
 * question's answer stays folded until asked for; a code cell's PyTorch equivalent opens; the residual block is
 * drawn as a labelled diagram that follows dark mode. axe-core finds nothing serious on those pages.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { axeCheck, formatAxe, openApp, openStep, shot, waitForReady, type OpenedApp } from './harness';
import { lookupTerm } from '../../src/lib/text/glossary';

describe('scaffolding at 360 px', () => {
  let app: OpenedApp;
  beforeAll(async () => {
    app = await openApp('/convolution/3', { backend: 'cpu', width: 360, height: 800 });
    await waitForReady(app.page);
  });
  afterAll(async () => app?.close());

  it('a glossary term shows its definition on keyboard focus and on hover, within the screen, and Escape closes it', async () => {
    const { page } = app;
    await openStep(page, 'convolution', 3);
    const term = page.locator('.prose dfn', { hasText: 'Stride' }).first();
    const tip = page.locator(`#${await term.getAttribute('aria-describedby')}`);
    expect(await tip.isVisible()).toBe(false);
    // Reach the term with the keyboard: Tab from the element just before it in the document.
    await term.evaluate((el) => {
      const before = document.createElement('span');
      before.tabIndex = 0;
      before.id = 'tab-start';
      el.parentElement!.before(before);
      before.focus();
    });
    await page.keyboard.press('Tab');
    expect(await term.evaluate((el) => el === document.activeElement)).toBe(true);
    await tip.waitFor({ state: 'visible' });
    expect(await tip.getAttribute('role')).toBe('tooltip');
    expect(await tip.textContent()).toBe(`stride: ${lookupTerm('stride')!.definition}`);
    const box = (await tip.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(360);
    await shot(page, 'scaffolding-glossary-focus-360');
    // Escape closes it without moving focus (WCAG 1.4.13); moving focus on and back opens it again.
    await page.keyboard.press('Escape');
    await tip.waitFor({ state: 'hidden' });
    expect(await term.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    await tip.waitFor({ state: 'visible' });
    await page.keyboard.press('Tab');
    await tip.waitFor({ state: 'hidden' });
    await page.locator('.prose dfn', { hasText: 'Padding' }).first().hover();
    await page.locator('.term-tip', { hasText: lookupTerm('padding')!.definition }).waitFor({ state: 'visible' });
    expect(app.consoleErrors).toEqual([]);
  });

  it('a check question\'s answer is folded until the learner opens it', async () => {
    const { page } = app;
    await openStep(page, 'pooling', 5);
    expect(await page.locator('h2, h1').filter({ hasText: 'What you learned' }).count()).toBeGreaterThan(0);
    const answer = page.locator('details.check-answer').first();
    expect(await answer.locator('text=pooling has no weights').isVisible()).toBe(false);
    await answer.locator('summary').click();
    await answer.locator('text=pooling has no weights').waitFor({ state: 'visible' });
    expect(await answer.textContent()).toContain('3×3');
    await shot(page, 'scaffolding-check-question-360');
    const found = await axeCheck(page);
    expect(found, formatAxe(found)).toEqual([]);
  });

  it('a code cell shows the PyTorch equivalent beside the tfjs call', async () => {
    const { page } = app;
    await openStep(page, 'convolution', 1);
    const torch = page.locator('details.torch-cell').first();
    await torch.waitFor({ timeout: 60_000 });
    expect(await torch.locator('pre').isVisible()).toBe(false);
    await torch.locator('summary').click();
    const code = torch.locator('pre code');
    await code.waitFor({ state: 'visible' });
    const text = (await code.textContent())!;
    expect(text).toContain('import torch.nn.functional as F');
    expect(text).toContain('.reshape(1, 1, 7, 7)  # NCHW');
    expect(text).toContain('y = F.conv2d(x, w, stride=1, padding=0)');
    // The Sobel x kernel of the figure, as PyTorch will read it.
    expect(text).toContain('w = torch.tensor([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=torch.float32).reshape(1, 1, 3, 3)');
    const found = await axeCheck(page);
    expect(found, formatAxe(found)).toEqual([]);
  });

  it('the residual block is drawn as a labelled diagram that fits the screen', async () => {
    const { page } = app;
    await openStep(page, 'residual-block', 1);
    const svg = page.locator('[data-testid=residual-diagram]');
    await svg.waitFor({ state: 'visible' });
    const name = await svg.evaluate((el) => el.getAttribute('aria-labelledby')!.split(' ').map((id) => document.getElementById(id)!.textContent).join(' '));
    expect(name).toMatch(/^A basic residual block .*ReLU after the sum/);
    const box = (await svg.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(360);
    expect(box.width).toBeGreaterThan(250);
    await shot(page, 'scaffolding-residual-diagram-360');
    const found = await axeCheck(page);
    expect(found, formatAxe(found)).toEqual([]);
    expect(app.consoleErrors).toEqual([]);
  });
});

describe('every lesson\'s "What you learned" step, in dark mode', () => {
  const LESSONS = ['welcome', 'convolution', 'pooling', 'batchnorm', 'how-networks-learn', 'residual-block', 'why-residuals', 'architecture', 'run-it', 'train-it', 'teach-it', 'ship-it'];
  let app: OpenedApp;
  beforeAll(async () => {
    app = await openApp('/welcome/1', { backend: 'cpu', colorScheme: 'dark' });
    await waitForReady(app.page);
  });
  afterAll(async () => app?.close());

  it.each(LESSONS)('%s ends with it: folded answers that open, and nothing serious for axe', async (id) => {
    const { page } = app;
    const last = await page.evaluate(async (lesson) => {
      location.hash = `#/${lesson}/1`;
      return new Promise<number>((done) => {
        const poll = () => {
          const el = document.querySelector(`[data-testid=lesson][data-lesson="${lesson}"]`);
          const of = /of (\d+)/.exec(document.querySelector('[data-testid=lesson]')?.textContent ?? '');
          if (el && of) done(Number(of[1])); else setTimeout(poll, 50);
        };
        poll();
      });
    }, id);
    await openStep(page, id, last);
    expect(await page.locator('[data-testid=lesson] h1').textContent()).toBe('What you learned');
    const answers = page.locator('details.check-answer');
    const n = await answers.count();
    expect(n).toBeGreaterThanOrEqual(2);
    expect(n).toBeLessThanOrEqual(3);
    for (let i = 0; i < n; i++) await answers.nth(i).locator('summary').click();
    expect(await page.locator('details.check-answer[open]').count()).toBe(n);
    const found = await axeCheck(page);
    expect(found, formatAxe(found)).toEqual([]);
  });
});

describe('the residual diagram in dark mode', () => {
  it('draws its lines and words in the dark theme\'s ink, on the dark surface', async () => {
    const app = await openApp('/residual-block/1', { backend: 'cpu', colorScheme: 'dark' });
    try {
      const svg = app.page.locator('[data-testid=residual-diagram]');
      await svg.waitFor({ state: 'visible', timeout: 60_000 });
      const colours = await svg.evaluate((el) => ({
        line: getComputedStyle(el.querySelector('line')!).stroke,
        text: getComputedStyle(el.querySelector('text')!).fill,
        box: getComputedStyle(el.querySelector('rect')!).fill,
      }));
      expect(colours).toEqual({ line: 'rgb(227, 231, 237)', text: 'rgb(227, 231, 237)', box: 'rgb(26, 30, 36)' });
      await shot(app.page, 'scaffolding-residual-diagram-dark');
    } finally {
      await app.close();
    }
  });
});
