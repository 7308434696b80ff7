/**
 * The notebook in Chinese, as a learner sees it: every step of every ready lesson opened with `?lang=zh` shows no
 * English prose (code, maths, units, proper names and the bracketed English of glossary terms allowed), no
 * unfilled {placeholder}, no console error; the language switch keeps the step and the figure's settings; the
 * busiest steps hold their layout at 360 px in Chinese.
 */
import { describe, it, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { openApp, openStep as open, waitForReady } from './harness';
import { SYLLABUS, isReady } from '../../lessons/index';

const openStep = (page: Page, id: string, step: number) => open(page, id, step, { pauseMs: 800 });

const ready = SYLLABUS.filter((l) => isReady(l.id)).map((l) => l.id);

/**
 * English that may stay: names of papers, people, libraries, datasets and file formats, code identifiers.
 * A run of three or more English words outside these is untranslated prose.
 */
const ALLOWED = [
  /Deep Residual Learning for Image Recognition/, /Identity Mappings in Deep Residual Networks/,
  /Squeeze-and-Excitation Networks/, /Distilling the Knowledge in a Neural Network/, /Batch Normalization: Accelerating/,
  /How to train your ResNet/, /Visual Explanations from Deep Networks/, /Teachable Machine/, /TensorFlow Playground/,
  /CNN Explainer/, /Dive into Deep Learning/, /Hugging Face(?: hub)?/, /Learning Multiple Layers of Features from Tiny Images/,
];
const ENGLISH_RUN = /[A-Za-z][a-z]+(?:[ ,'’-]+[A-Za-z][a-z]+){2,}/g;

/** The visible words of the page's lesson, header and table of contents, minus code, maths and term brackets. */
async function visibleWords(page: Page): Promise<string> {
  return page.evaluate(() => {
    const parts: string[] = [];
    for (const root of document.querySelectorAll('header.topbar, nav, [data-testid=lesson]')) {
      const copy = root.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.katex, .katex-display, pre, code, textarea, script, style, .term-en, .term-tip, [translate=no], cite, .cm-editor, option')
        .forEach((e) => e.remove());
      parts.push(copy.textContent ?? '');
      for (const el of copy.querySelectorAll('[aria-label], [title], [alt]')) {
        parts.push(el.getAttribute('aria-label') ?? '', el.getAttribute('title') ?? '', el.getAttribute('alt') ?? '');
      }
    }
    return parts.join('\n');
  });
}

function englishRuns(text: string): string[] {
  let rest = text;
  for (const a of ALLOWED) rest = rest.replace(new RegExp(a.source, 'g'), ' ');
  return (rest.match(ENGLISH_RUN) ?? []).filter((r) => !/^(et al|ResNet|ImageNet|CIFAR|PyTorch|TensorFlow)/.test(r));
}

describe('the notebook in Chinese', () => {
  it('every step of every lesson reads in Chinese, with no missing-key markers or console errors', async () => {
    const app = await openApp('/welcome/1', { backend: 'wasm', lang: 'zh' });
    const { page } = app;
    try {
      await waitForReady(page);
      expect(await page.getAttribute('html', 'lang')).toBe('zh-Hans');
      const bad: string[] = [];
      let steps = 0;
      for (const id of ready) {
        const n = await openStep(page, id, 1);
        expect(await page.textContent('[data-testid=lesson] .crumb'), `${id}: the crumb is in Chinese`).toContain(`共 ${n} 步`);
        for (let s = 1; s <= n; s++) {
          if (s > 1) await openStep(page, id, s);
          steps++;
          const words = await visibleWords(page);
          const runs = englishRuns(words);
          const holes = words.match(/\{[a-z]\w*\}/g) ?? [];
          if (runs.length || holes.length) bad.push(`${id}/${s}: ${[...new Set([...runs, ...holes])].slice(0, 8).join(' | ')}`);
        }
      }
      expect(steps).toBeGreaterThan(50);
      expect(bad).toEqual([]);
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('switching language keeps the step and the figure settings, and remembers the choice', async () => {
    const app = await openApp('/convolution/2', { backend: 'wasm' });
    const { page } = app;
    try {
      await waitForReady(page);
      await page.waitForSelector('[data-testid=lesson][data-step="2"]');
      const before = await page.evaluate(() => location.hash);
      const selects = await page.$$eval('[data-testid=lesson] select', (s) => s.map((e) => (e as HTMLSelectElement).value));
      await page.click('[data-testid=lang-switch] button[lang=zh-Hans]');
      await page.waitForFunction(() => /第 2 步/.test(document.querySelector('[data-testid=lesson] .crumb')?.textContent ?? ''));
      expect(await page.evaluate(() => location.hash)).toBe(before);
      expect(await page.$$eval('[data-testid=lesson] select', (s) => s.map((e) => (e as HTMLSelectElement).value))).toEqual(selects);
      expect(await page.getAttribute('html', 'lang')).toBe('zh-Hans');
      expect(await page.evaluate(() => new URL(location.href).searchParams.get('lang'))).toBe('zh');
      // Remembered: a visit without ?lang= opens in Chinese.
      await page.goto(app.baseUrl + 'index.html#/pooling/1');
      await page.waitForSelector('[data-testid=lesson][data-lesson=pooling]');
      expect(await page.textContent('[data-testid=lesson] h1')).toMatch(/[\u4e00-\u9fff]/);
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('the busiest steps hold their layout at 360 px in Chinese', async () => {
    const app = await openApp('/architecture/2', { backend: 'wasm', lang: 'zh', width: 360, height: 740 });
    const { page } = app;
    try {
      await waitForReady(page);
      for (const [id, step] of [['architecture', 2], ['train-it', 2], ['ship-it', 2], ['how-networks-learn', 3], ['convolution', 2]] as const) {
        await openStep(page, id, step);
        await page.waitForTimeout(1500);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${id}/${step} scrolls sideways`).toBeLessThanOrEqual(1);
      }
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
