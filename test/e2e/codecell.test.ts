/**
 * Code cells run the learner's typed code in a throwaway worker (real Chromium, the built site with its
 * Content-Security-Policy): `tf.disposeVariables()` typed in a cell leaves the page's ResNet-18 working,
 * leaked tensors and timers stay in the worker, and `while (true) {}` ends with a timeout message while the
 * page keeps answering. No console errors (a CSP violation would be one).
 */
import { describe, it, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { openApp, waitForReady } from './harness';

type Nb = { notebook: { tf: { engine(): { state: { registeredVariables: Record<string, unknown> } }; memory(): { numTensors: number } } } };
const pageState = (page: Page) => page.evaluate(() => {
  const { tf } = (window as unknown as Nb).notebook;
  return { variables: Object.keys(tf.engine().state.registeredVariables).length, tensors: tf.memory().numTensors };
});

async function runCell(page: Page, code: string): Promise<void> {
  await page.locator('.photo-conv .code-cell textarea').fill(code);
  await page.getByRole('button', { name: 'Run (Ctrl+Enter)' }).click();
}

/** Milliseconds the page takes to answer a trivial evaluate, or Infinity when it does not within 3 s. */
async function answerMs(page: Page): Promise<number> {
  const t0 = Date.now();
  const answered = await Promise.race([page.evaluate(() => true), new Promise<false>((r) => setTimeout(() => r(false), 3000))]);
  return answered ? Date.now() - t0 : Infinity;
}

describe('code cells are sandboxed in a worker', () => {
  it('the page\'s model survives tf.disposeVariables() typed in a cell; while(true) times out and the page stays responsive', async () => {
    const app = await openApp('/run-it/2', { backend: 'wasm' });
    const { page } = app;
    try {
      await waitForReady(page);
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=topk] .topk-bar').length === 5, null, { timeout: 120_000 });
      const first = await page.$eval('[data-testid=topk] svg', (s) => s.getAttribute('aria-label'));
      const before = await pageState(page);
      expect(before.variables).toBeGreaterThan(100); // ResNet-18: 62 parameters + 40 BN statistics at least

      await page.evaluate(() => { location.hash = '#/convolution/2'; });
      await page.waitForSelector('[data-testid="photo-output"] canvas[data-version]', { timeout: 60_000 });
      await page.locator('.photo-conv details.code-cell:not(.torch-cell) > summary').click();
      const inCell = await pageState(page);
      await runCell(page, 'tf.disposeVariables();\ntf.keep(tf.ones([1000]));\nsetTimeout(() => tf.ones([1000]), 0);\nreturn tf.conv2d(input, kernel, 1, "same").shape.length === 4 ? tf.zeros([2, 2]) : null;');
      await expect.poll(() => page.textContent('.photo-conv .code-result'), { timeout: 60_000 }).toMatch(/Tensor of shape \[2, 2\]/);
      expect(await pageState(page)).toEqual(inCell); // no variable disposed, no tensor leaked into the page
      // the worker has no way out: no fetch, XMLHttpRequest, WebSocket, importScripts or indexedDB
      await runCell(page, 'return tf.tensor([typeof fetch, typeof XMLHttpRequest, typeof WebSocket, typeof importScripts, typeof indexedDB].filter((t) => t === "undefined").length);');
      await expect.poll(() => page.textContent('.photo-conv .code-values'), { timeout: 60_000 }).toBe('5');

      await runCell(page, 'while (true) {}');
      await new Promise((r) => setTimeout(r, 500));
      expect(await answerMs(page)).toBeLessThan(1000); // the loop runs in the worker, not on the page
      await expect.poll(() => page.textContent('.photo-conv .code-error'), { timeout: 30_000 })
        .toMatch(/The code ran for more than 4 s and was stopped \(an endless loop\?\)/);
      await runCell(page, 'return tf.add(input, 1);'); // the next run gets a fresh worker
      await expect.poll(() => page.textContent('.photo-conv .code-result'), { timeout: 60_000 }).toMatch(/Tensor of shape \[1, 170, 256, 1\]/);

      await page.evaluate(() => { location.hash = '#/run-it/2'; });
      // The step renders after the hash changes: wait for its picker, not the convolution step's.
      await page.waitForSelector('[data-testid=lesson][data-lesson="run-it"] [data-testid=sample-select] option:nth-child(2)', { state: 'attached', timeout: 60_000 });
      const second = await page.$$eval('[data-testid=sample-select] option', (o) => (o[1] as HTMLOptionElement).value);
      await page.selectOption('[data-testid=sample-select]', second);
      await page.waitForFunction((was) => {
        const label = document.querySelector('[data-testid=topk] svg')?.getAttribute('aria-label');
        return !!label && label !== was && document.querySelectorAll('[data-testid=topk] .topk-bar').length === 5;
      }, first, { timeout: 120_000 });
      expect((await pageState(page)).variables).toBe(before.variables);
      expect(await page.locator('[role=alert]').count()).toBe(0);
      // the page's own reach is limited by its Content-Security-Policy
      const violated = await page.evaluate(() => new Promise<string>((resolve) => {
        document.addEventListener('securitypolicyviolation', (e) => resolve(`${e.violatedDirective} ${e.blockedURI}`), { once: true });
        fetch('https://example.org/exfiltrate').catch(() => undefined);
      }));
      expect(violated).toBe('connect-src https://example.org/exfiltrate');
      expect(app.consoleErrors.filter((m) => !m.includes('example.org'))).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
