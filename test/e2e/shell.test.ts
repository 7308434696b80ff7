/**
 * The notebook shell in real Chromium (SwiftShader WebGL) against the built site: backend choice and
 * override, the welcome lesson's live conv checked against a naive loop, keyboard/URL navigation with
 * progress across reloads, the no-WebGL fallback, WebGL context loss, and the 360 px layout.
 */
import { describe, it, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { openApp, shot, waitForReady } from './harness';

/** Reads a NumberGrid's full-precision values (data-value) row by row. */
async function grid(page: Page, testid: string): Promise<number[][]> {
  return page.$$eval(`[data-testid=${testid}] tr`, (rows) =>
    rows.map((r) => Array.from(r.querySelectorAll('td')).map((td) => Number(td.dataset.value))),
  );
}

/** Independent reference: valid, stride-1 cross-correlation in float64. */
function naiveConv(x: number[][], w: number[][]): number[][] {
  const k = w.length;
  const n = x.length - k + 1;
  const y: number[][] = [];
  for (let i = 0; i < n; i++) {
    y.push([]);
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let u = 0; u < k; u++) for (let v = 0; v < k; v++) s += x[i + u][j + v] * w[u][v];
      y[i].push(s);
    }
  }
  return y;
}

/** Waits for the self-check output and compares every shown number with the naive loop. */
async function expectSelfCheckCorrect(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid=conv-selfcheck][data-state=done] [data-testid=conv-output]', { timeout: 60_000 });
  const x = await grid(page, 'conv-input');
  const w = await grid(page, 'conv-kernel');
  const y = await grid(page, 'conv-output');
  expect(x.length).toBe(5);
  expect(w.length).toBe(3);
  const ref = naiveConv(x, w);
  expect(y.length).toBe(3);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(y[i][j]).toBeCloseTo(ref[i][j], 4);
  // The text the learner reads matches too (2 decimals).
  const shown = await page.$$eval('[data-testid=conv-output] td', (tds) => tds.map((td) => td.textContent?.trim()));
  expect(shown).toEqual(ref.flat().map((v) => v.toFixed(2)));
}

describe('notebook shell', () => {
  it('loads without console errors, picks wasm on SwiftShader and says why; the live conv is right', async () => {
    const app = await openApp('/welcome/3');
    const scripts: string[] = [];
    app.page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
    });
    try {
      await waitForReady(app.page);
      const chip = app.page.getByTestId('backend-chip');
      await expect.poll(() => chip.getAttribute('data-backend')).toBe('wasm');
      const chipText = (await chip.textContent()) ?? '';
      // Served with COOP/COEP → cross-origin isolated; the chip counts the threads that compute (#8).
      const threads = await app.page.evaluate(() => window.notebook!.backend.info!.threads!);
      expect(chipText).toContain(`wasm · ${threads} thread${threads === 1 ? '' : 's'}`);
      expect(chipText).toMatch(/SwiftShader \(software\)/);
      await chip.click();
      expect(await app.page.getByTestId('backend-reason').textContent()).toMatch(/SwiftShader, a software renderer/);
      expect(await app.page.getByTestId('backend-renderer').textContent()).toMatch(/SwiftShader/);
      await chip.click();
      expect(await app.page.getByTestId('facts-backend').textContent()).toMatch(/wasm/);
      await shot(app.page, 'shell-welcome-backend');
      await app.page.keyboard.press('ArrowRight');
      await expectSelfCheckCorrect(app.page);
      await shot(app.page, 'shell-welcome-selfcheck');

      // Lessons are code-split: walking the welcome lesson (its chunk came with the page) loads no lesson chunk.
      // Every lessons/<id>/lesson.ts becomes an assets/lesson-<hash>.js chunk (the name is the module's, not the id's).
      expect(scripts.filter((p) => /\/lesson-[\w-]+\.js$/.test(p))).toEqual([]);

      // The chip menu switches backend at run time; figures recompute on the new one.
      await chip.click();
      await app.page.getByRole('radio', { name: /^cpu/ }).check();
      await expect.poll(() => chip.getAttribute('data-backend')).toBe('cpu');
      expect(app.page.url()).toMatch(/\?backend=cpu#\/welcome\/4$/);
      await expectSelfCheckCorrect(app.page);
      expect(await app.page.evaluate(() => localStorage.getItem('resnet18-notebook.backend'))).toBe('cpu');
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('computes correctly with several wasm threads in the minified build', async () => {
    const app = await openApp('/welcome/1');
    const { page } = app;
    try {
      // tfjs computes with half the logical cores, so on a 2-core CI machine the worker threads would sit
      // idle. Report 8 cores to get 4 threads and exercise the threaded code path of the production bundle.
      await page.addInitScript(`Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => 8 });`);
      await page.reload();
      await waitForReady(page);
      const info = await page.evaluate(() => window.notebook!.backend.info);
      expect(info).toMatchObject({ name: 'wasm', threaded: true, threads: 4, isolated: true });
      // A conv big enough for XNNPACK to split across both threads, checked against a naive loop.
      const [h, c, k] = [24, 8, 3];
      const x = Array.from({ length: h * h * c }, (_, i) => ((i * 7919) % 13) - 6);
      const w = Array.from({ length: k * k * c * c }, (_, i) => (((i * 104729) % 11) - 5) / 4);
      const y = await page.evaluate(
        async ({ x, w, h, c, k }) => {
          const tf = window.notebook!.tf;
          const out = tf.conv2d(tf.tensor4d(x, [1, h, h, c]), tf.tensor4d(w, [k, k, c, c]), 1, 'valid');
          return Array.from(await out.data());
        },
        { x, w, h, c, k },
      );
      const n = h - k + 1;
      let maxErr = 0;
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++)
          for (let o = 0; o < c; o++) {
            let s = 0;
            for (let u = 0; u < k; u++)
              for (let v = 0; v < k; v++)
                for (let q = 0; q < c; q++) s += x[((i + u) * h + (j + v)) * c + q] * w[((u * k + v) * c + q) * c + o];
            maxErr = Math.max(maxErr, Math.abs(s - y[(i * n + j) * c + o]));
          }
      expect(y.length).toBe(n * n * c);
      expect(maxErr).toBeLessThan(1e-3);
      // The pool's workers really run (they execute the bundled wasm factory, the part minifiers can break).
      const running = await page.evaluate(
        () => (window.notebook!.tf.backend() as unknown as { wasm: { PThread: { runningWorkers: unknown[] } } }).wasm.PThread.runningWorkers.length,
      );
      expect(running).toBeGreaterThanOrEqual(3);
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('lets the learner override to WebGL (?backend=webgl), where tf.conv2d gives the right numbers', async () => {
    const app = await openApp('/welcome/4', { backend: 'webgl' });
    try {
      await waitForReady(app.page);
      expect(await app.page.evaluate(() => window.notebook!.tf.getBackend())).toBe('webgl');
      expect(await app.page.getByTestId('backend-chip').textContent()).toMatch(/webgl.*SwiftShader/);
      await expectSelfCheckCorrect(app.page);
      await app.page.getByTestId('conv-again').click();
      await expectSelfCheckCorrect(app.page);
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('steps with ← →, opens a step straight from its URL, and remembers progress across reloads', async () => {
    const app = await openApp('/welcome/2');
    const { page } = app;
    const at = () => page.getByTestId('lesson').getAttribute('data-step');
    try {
      await expect.poll(at).toBe('2');
      expect(await page.locator('h1').textContent()).toMatch(/What this notebook lets you do/);
      await page.keyboard.press('ArrowRight');
      await expect.poll(at).toBe('3');
      expect(page.url()).toMatch(/#\/welcome\/3$/);
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('ArrowLeft');
      await expect.poll(at).toBe('1');
      await page.keyboard.press('ArrowLeft'); // nothing before the first step
      await expect.poll(at).toBe('1');
      await page.getByTestId('next').click();
      await expect.poll(at).toBe('2');

      await page.reload();
      await expect.poll(at).toBe('2');
      // Visited steps survive the reload, and a bare URL resumes at the last position.
      await expect.poll(() => page.locator('nav[aria-label=Lessons] a.visited').count()).toBe(3);
      await page.goto(app.baseUrl + 'index.html');
      await expect.poll(() => page.url()).toMatch(/#\/welcome\/2$/);
      await expect.poll(at).toBe('2');

      // Lessons not built yet are marked, not linked; their URL says so honestly. (Which lessons are still
      // coming changes as the team builds them, so the test asks the page.)
      const coming = page.locator('nav[aria-label=Lessons] .coming').first();
      if ((await coming.count()) > 0) {
        const id = await coming.getAttribute('data-lesson');
        expect(await coming.textContent()).toMatch(/coming soon/i);
        expect(await page.locator(`nav[aria-label=Lessons] a[href="#/${id}/1"]`).count()).toBe(0);
        await page.goto(`${app.baseUrl}index.html#/${id}/1`);
        await expect.poll(() => page.getByTestId('coming-soon').textContent()).toMatch(/not built yet/);
      }
      await page.goto(app.baseUrl + 'index.html#/no-such-lesson/1');
      await expect.poll(() => page.getByTestId('coming-soon').textContent()).toMatch(/No lesson called/);
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('falls back to wasm with a plain-words message when WebGL is disabled', async () => {
    const app = await openApp('/welcome/3', { disableWebgl: true });
    try {
      await waitForReady(app.page);
      expect(await app.page.getByTestId('backend-chip').getAttribute('data-backend')).toBe('wasm');
      expect(await app.page.getByTestId('backend-chip').textContent()).toMatch(/no WebGL2/);
      const banner = (await app.page.getByTestId('backend-fallback').textContent()) ?? '';
      expect(banner).toMatch(/WebGL2 is not available/);
      expect(banner).toMatch(/slower than on a GPU/);
      expect(banner).toMatch(/hardware acceleration/);
      await shot(app.page, 'shell-no-webgl');
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('falls back to the cpu backend, saying so, when neither WebGL2 nor wasm can start', async () => {
    const app = await openApp('/welcome/4', { disableWebgl: true });
    const { page } = app;
    try {
      await page.route('**/*.wasm', (route) => route.abort()); // as if the host could not serve the binaries
      await page.reload();
      await waitForReady(page);
      expect(await page.getByTestId('backend-chip').getAttribute('data-backend')).toBe('cpu');
      const banner = (await page.getByTestId('backend-fallback').textContent()) ?? '';
      expect(banner).toMatch(/Neither WebGL2 nor WebAssembly could start/);
      expect(banner).toMatch(/slower/);
      await expectSelfCheckCorrect(page);
      await shot(page, 'shell-cpu-fallback');
      // Only the blocked downloads themselves may complain.
      expect(app.consoleErrors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('pauses figures when the WebGL context is lost and recomputes correctly after restore', async () => {
    const app = await openApp('/welcome/4', { backend: 'webgl' });
    const { page } = app;
    try {
      await waitForReady(page);
      await expectSelfCheckCorrect(page);
      await page.evaluate(() => {
        const b = window.notebook!.tf.backend() as unknown as { gpgpu: { gl: WebGL2RenderingContext } };
        const ext = b.gpgpu.gl.getExtension('WEBGL_lose_context')!;
        (window as unknown as { loseExt: WEBGL_lose_context }).loseExt = ext;
        ext.loseContext();
      });
      await page.getByTestId('context-lost').waitFor();
      expect(await page.getByTestId('conv-selfcheck').count()).toBe(0); // no stale numbers on screen
      await shot(page, 'shell-context-lost');
      await page.evaluate(() => (window as unknown as { loseExt: WEBGL_lose_context }).loseExt.restoreContext());
      await page.getByTestId('context-lost').waitFor({ state: 'detached' });
      await expectSelfCheckCorrect(page);
      expect(await page.evaluate(() => window.notebook!.tf.getBackend())).toBe('webgl');
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('fits a 360 px wide phone: no sideways scrolling, the lesson list behind a menu', async () => {
    const app = await openApp('/welcome/4', { width: 360, height: 740 });
    const { page } = app;
    try {
      await waitForReady(page);
      await page.waitForSelector('[data-testid=conv-output]');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      expect(await page.locator('#toc').isVisible()).toBe(false);
      await shot(page, 'shell-360');
      await page.getByTestId('menu').click();
      expect(await page.locator('#toc').isVisible()).toBe(true);
      await shot(page, 'shell-360-menu');
      await page.locator('#toc .steps a[href="#/welcome/1"]').click();
      expect(await page.locator('#toc').isVisible()).toBe(false);
      await expect.poll(() => page.getByTestId('lesson').getAttribute('data-step')).toBe('1');
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });
});

/** The TOC link of a lesson (its first step). */
const tocLesson = (page: Page, id: string) => page.locator(`nav[aria-label=Lessons] > ol > li > a[href="#/${id}/1"]`);

describe('rough edges of the shell (issue 15)', () => {
  it('#1: a lesson opened from the table of contents starts at its top, for every lesson', async () => {
    const app = await openApp('/welcome/1', { backend: 'wasm', height: 420 });
    const { page } = app;
    try {
      await waitForReady(page);
      const ids = await page.$$eval('nav[aria-label=Lessons] > ol > li > a', (as) => as.map((a) => a.getAttribute('href')!.split('/')[1]));
      expect(ids.length).toBeGreaterThan(5);
      // Each lesson in turn: scroll to the bottom of the current one, then open the next from the TOC.
      for (let i = 1; i < ids.length; i++) {
        await page.locator(`[data-testid=lesson][data-lesson="${ids[i - 1]}"]`).waitFor({ timeout: 60_000 });
        await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
        await expect.poll(() => page.evaluate(() => window.scrollY), { message: `${ids[i - 1]} scrolls` }).toBeGreaterThan(0);
        await tocLesson(page, ids[i]).click();
        await page.locator(`[data-testid=lesson][data-lesson="${ids[i]}"][data-step="1"]`).waitFor({ timeout: 60_000 });
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        expect(await page.evaluate(() => window.scrollY), `${ids[i]} opened at its top`).toBe(0);
        const top = await page.locator('[data-testid=lesson] h1').evaluate((h) => h.getBoundingClientRect().top);
        expect(top).toBeGreaterThanOrEqual(0);
        expect(top).toBeLessThan(420);
      }
      // A step opened from the TOC starts at its top too.
      const last = ids[ids.length - 1];
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await page.locator(`#toc .steps a[href="#/${last}/2"]`).click();
      await page.locator(`[data-testid=lesson][data-lesson="${last}"][data-step="2"]`).waitFor();
      await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('#7: the ✓ beside a lesson means every step was seen, not that step 1 opened', async () => {
    const app = await openApp('/batchnorm/1', { backend: 'wasm' });
    const { page } = app;
    const at = () => page.getByTestId('lesson').getAttribute('data-step');
    try {
      await expect.poll(at).toBe('1');
      const n = await page.locator('#toc .steps a').count();
      expect(n).toBeGreaterThan(2);
      const link = tocLesson(page, 'batchnorm');
      expect(await link.textContent()).not.toContain('✓');
      expect(await link.getByText(`1/${n}`).getAttribute('aria-label')).toBe(`1 of ${n} steps seen`);
      for (let s = 2; s <= n; s++) {
        await page.keyboard.press('ArrowRight');
        await expect.poll(at).toBe(String(s));
        if (s < n) expect(await link.textContent()).not.toContain('✓');
      }
      await expect.poll(() => link.textContent()).toContain('✓');
      expect(await link.getByText('✓').getAttribute('aria-label')).toBe(`all ${n} steps seen`);
      // Another lesson, not open, keeps its mark after a reload (the TOC knows its step count without loading it).
      await tocLesson(page, 'welcome').click();
      await expect.poll(() => page.getByTestId('lesson').getAttribute('data-lesson')).toBe('welcome');
      await page.reload();
      await expect.poll(() => page.getByTestId('lesson').getAttribute('data-lesson')).toBe('welcome');
      expect(await tocLesson(page, 'batchnorm').getByText('✓').count()).toBe(1);
      expect(await tocLesson(page, 'welcome').textContent()).not.toContain('✓');
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('#8: the chip and the backend facts give the same number of compute threads', async () => {
    for (const cores of [2, 8]) {
      const app = await openApp('/welcome/3', { backend: 'wasm' });
      const { page } = app;
      try {
        // tfjs computes with half the logical cores: 2 cores → 1 thread (the threaded build, computing on one).
        await page.addInitScript(`Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => ${cores} });`);
        await page.reload();
        await waitForReady(page);
        const info = await page.evaluate(() => window.notebook!.backend.info!);
        expect(info).toMatchObject({ name: 'wasm', threaded: true, isolated: true, threads: cores / 2 });
        const words = cores === 2 ? '1 thread' : '4 threads';
        const chip = (await page.getByTestId('backend-chip').textContent()) ?? '';
        expect(chip).toContain(`wasm · ${words}`);
        expect(chip).not.toMatch(/threaded/);
        await expect.poll(() => page.getByTestId('backend-facts').textContent()).toContain(`${cores / 2} compute thread${cores === 2 ? '' : 's'}`);
        await page.getByTestId('backend-chip').click();
        expect(await page.locator('#backend-panel').textContent()).toContain(`${cores / 2} compute thread${cores === 2 ? '' : 's'}`);
        expect(app.consoleErrors).toEqual([]);
      } finally {
        await app.close();
      }
    }
  });
});
