/**
 * The convolution and pooling lessons in real Chromium (SwiftShader WebGL): walked with the keyboard, numbers
 * on the page checked against naive loops run here in Node, a kernel edit must change the live photo output,
 * no console errors, and nothing wider than a 360 px phone screen.
 */
import { describe, it, expect, afterAll } from 'vitest';
import type { Page } from 'playwright-core';
import { openApp, shot, waitForReady, type OpenedApp } from './harness';

const apps: OpenedApp[] = [];
afterAll(async () => {
  for (const a of apps) await a.close();
});

async function gridValues(page: Page, testidOrSel: string): Promise<number[][]> {
  return page.$$eval(`${testidOrSel} g.cell:not(.pad)`, (cells) => {
    const out: number[][] = [];
    for (const c of cells) {
      const r = Number(c.getAttribute('data-r'));
      const k = Number(c.getAttribute('data-c'));
      (out[r] ??= [])[k] = Number(c.getAttribute('data-value') ?? NaN);
    }
    return out;
  });
}

async function kernelValues(page: Page, scope: string): Promise<number[][]> {
  return page.$$eval(`${scope} .kernel-editor input`, (inputs) => {
    const k = Math.round(Math.sqrt(inputs.length));
    return Array.from({ length: k }, (_, r) => Array.from({ length: k }, (_, c) => Number((inputs[r * k + c] as HTMLInputElement).value)));
  });
}

/** Valid cross-correlation, float64. */
function naiveValid(x: number[][], w: number[][]): number[][] {
  const k = w.length;
  return Array.from({ length: x.length - k + 1 }, (_, i) => Array.from({ length: x[0].length - k + 1 }, (_, j) => {
    let a = 0;
    for (let u = 0; u < k; u++) for (let v = 0; v < k; v++) a += x[i + u][j + v] * w[u][v];
    return a;
  }));
}

async function pressLessonRight(page: Page, expectHash: string) {
  await page.locator('h1').first().focus();
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction((h) => location.hash === h, expectHash, { timeout: 30_000 });
}

describe('convolution and pooling lessons (keyboard, WebGL)', () => {
  it('steps through both lessons; every checked number equals a naive loop; a kernel edit redraws the photo', async () => {
    const app = await openApp('/convolution/1', { backend: 'webgl' });
    apps.push(app);
    const { page } = app;
    await waitForReady(page);

    // Step 1: the step-through. Input and kernel from the page, output checked against a naive loop.
    const fig = '.conv-stepper';
    await page.waitForSelector('[data-testid="conv-step-output"] g.cell[data-value]');
    const input = await gridValues(page, `${fig} figure:nth-of-type(1)`);
    expect(input.length).toBe(7);
    let kernel = await kernelValues(page, fig);
    let ref = naiveValid(input, kernel);
    const next = page.getByRole('button', { name: 'Next window position' });
    await next.focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.textContent('.conv-stepper .step-count')).toContain('4 / 25');
    expect(Number(await page.textContent('[data-testid="conv-step-sum"]'))).toBe(ref[0][3]);
    await page.keyboard.press('End');
    await expect.poll(async () => (await gridValues(page, '[data-testid="conv-step-output"]')).flat().length).toBe(25);
    expect(await gridValues(page, '[data-testid="conv-step-output"]')).toEqual(ref);

    // Edit a weight: the output (tf.conv2d on WebGL) follows.
    const cell = page.locator(`${fig} .kernel-editor input`).nth(4);
    await cell.fill('3');
    kernel = await kernelValues(page, fig);
    expect(kernel[1][1]).toBe(3);
    ref = naiveValid(input, kernel);
    await expect.poll(() => gridValues(page, '[data-testid="conv-step-output"]')).toEqual(ref);

    // Step 2: the live photo. Editing a kernel cell must repaint the output canvas.
    await pressLessonRight(page, '#/convolution/2');
    const canvas = page.locator('[data-testid="photo-output"] canvas');
    await expect.poll(async () => Number((await canvas.getAttribute('data-version')) ?? 0), { timeout: 60_000 }).toBeGreaterThan(0);
    const before = await canvas.evaluate((c: HTMLCanvasElement) => c.toDataURL());
    const version = Number(await canvas.getAttribute('data-version'));
    await page.locator('.photo-conv .kernel-editor input').nth(0).fill('4');
    await expect.poll(async () => Number(await canvas.getAttribute('data-version')), { timeout: 60_000 }).toBeGreaterThan(version);
    expect(await canvas.evaluate((c: HTMLCanvasElement) => c.toDataURL())).not.toBe(before);
    expect(Number(await page.getAttribute('[data-testid="photo-update-ms"]', 'data-ms'))).toBeGreaterThan(0);
    await shot(page, 'conv-pooling-photo-desktop');

    // Step 3: the formula evaluated live for the default 7, 3, 1, 0, 1.
    await pressLessonRight(page, '#/convolution/3');
    await expect.poll(async () => (await gridValues(page, '[data-testid="geometry-output"]')).flat().length).toBe(25);
    expect(await page.textContent('.conv-geometry .tex-formula annotation')).toMatch(/= 5$/);
    // Stride 2 with dilation 2 and explicit padding 1 (tfjs needs the stride-1-then-subsample path here).
    const sel = (i: number) => page.locator('.conv-geometry .controls select').nth(i); // k, s, d, padding, p
    await sel(1).selectOption('2');
    await sel(2).selectOption('2');
    await sel(3).selectOption('explicit');
    await sel(4).selectOption('1');
    const gin = await gridValues(page, '.conv-geometry figure:nth-of-type(1)');
    const at = (r: number, c: number) => (r < 0 || c < 0 || r >= 7 || c >= 7 ? 0 : gin[r][c]);
    // o = ⌊(7 + 2 − 2·2 − 1)/2⌋ + 1 = 3; kernel of ones: each output is the sum of its 9 dilated taps
    const want3 = [0, 1, 2].map((i) => [0, 1, 2].map((j) => {
      let a = 0;
      for (let u = 0; u < 3; u++) for (let v = 0; v < 3; v++) a += at(2 * i - 1 + 2 * u, 2 * j - 1 + 2 * v);
      return a;
    }));
    await expect.poll(() => gridValues(page, '[data-testid="geometry-output"]')).toEqual(want3);
    expect(await page.textContent('.conv-geometry .tex-formula annotation')).toMatch(/= 3$/);

    // Step 4: weight count tied to the ResNet-18 stem.
    await pressLessonRight(page, '#/convolution/4');
    expect(await page.textContent('[data-testid="mc-weight-count"]')).toContain('9,408');

    // Past the lesson's "What you learned" step, on to pooling: max-pool step-through, checked against a naive max.
    await pressLessonRight(page, '#/convolution/5');
    await pressLessonRight(page, '#/pooling/1');
    await page.waitForSelector('[data-testid="pool-step-output"] g.cell[data-value]');
    const pin = await gridValues(page, '.pool-stepper figure:nth-of-type(1)');
    await page.getByRole('button', { name: 'Next window position' }).focus();
    await page.keyboard.press('ArrowRight');
    // 2×2/2 window at output (0, 1): rows 0–1, cols 2–3
    const want = Math.max(pin[0][2], pin[0][3], pin[1][2], pin[1][3]);
    await expect.poll(() => page.textContent('[data-testid="pool-step-explain"] strong')).toBe(String(want));
    await page.keyboard.press('End');
    const pooled = await gridValues(page, '[data-testid="pool-step-output"]');
    expect(pooled).toEqual([0, 1, 2].map((i) => [0, 1, 2].map((j) => Math.max(pin[2 * i][2 * j], pin[2 * i][2 * j + 1], pin[2 * i + 1][2 * j], pin[2 * i + 1][2 * j + 1]))));

    await pressLessonRight(page, '#/pooling/2');
    await page.waitForSelector('[data-testid="pool-max-map"] canvas[data-version]', { timeout: 60_000 });
    await pressLessonRight(page, '#/pooling/3');
    const shapes = page.locator('[data-testid="resnet-pool-shapes"]');
    await shapes.waitFor({ timeout: 120_000 });
    const table = await shapes.textContent();
    expect(table).toContain('[1, 112, 112, 64]');
    expect(table).toContain('[1, 56, 56, 64]');
    expect(table).toContain('[1, 512]');
    await pressLessonRight(page, '#/pooling/4');
    await page.waitForSelector('[data-testid="down-conv"] canvas[data-version]', { timeout: 60_000 });
    await shot(page, 'conv-pooling-downsample-desktop');
    expect(app.consoleErrors).toEqual([]);
  });

  it('bad input gets a clear message and breaks nothing: no camera, a non-picture file, broken code', async () => {
    const app = await openApp('/convolution/2', { backend: 'wasm' });
    apps.push(app);
    const { page } = app;
    await waitForReady(page);
    await page.waitForSelector('[data-testid="photo-output"] canvas[data-version]', { timeout: 60_000 });
    await page.getByRole('button', { name: 'Take a webcam frame' }).click();
    await expect.poll(() => page.textContent('.photo-conv .error'), { timeout: 30_000 }).toMatch(/camera/i);
    await page.setInputFiles('.photo-conv input[type="file"]', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
    await expect.poll(() => page.textContent('.photo-conv .error')).toContain('"notes.txt" is not a picture');
    // The code cell: run the figure's own call, then broken code; the page keeps working.
    await page.locator('.photo-conv details.code-cell:not(.torch-cell) > summary').click();
    await page.getByRole('button', { name: 'Run (Ctrl+Enter)' }).click();
    await expect.poll(() => page.textContent('.photo-conv .code-result')).toMatch(/Tensor of shape \[1, 170, 256, 1\]/);
    await page.locator('.photo-conv .code-cell textarea').fill('return tf.conv2d(input, ');
    await page.locator('.photo-conv .code-cell textarea').press('Control+Enter');
    await expect.poll(() => page.textContent('.photo-conv .code-error')).toContain('does not parse');
    await page.locator('.photo-conv .code-cell textarea').fill('return 7');
    await page.getByRole('button', { name: 'Run (Ctrl+Enter)' }).click();
    await expect.poll(() => page.textContent('.photo-conv .code-error')).toContain('not a tensor');
    const canvas = page.locator('[data-testid="photo-output"] canvas');
    const v = Number(await canvas.getAttribute('data-version'));
    await page.locator('.photo-conv .kernel-editor input').nth(8).fill('2');
    await expect.poll(async () => Number(await canvas.getAttribute('data-version'))).toBeGreaterThan(v);
    expect(app.consoleErrors).toEqual([]);
  });

  it('fits a 360 px wide screen (no sideways scrolling) on the busiest steps', async () => {
    const app = await openApp('/convolution/2', { backend: 'wasm', width: 360, height: 800 });
    apps.push(app);
    const { page } = app;
    await waitForReady(page);
    for (const [hash, ready] of [
      ['#/convolution/2', '[data-testid="photo-output"] canvas[data-version]'],
      ['#/convolution/1', '[data-testid="conv-step-output"] g.cell[data-value]'],
      ['#/convolution/4', '[data-testid="mc-output-0"] g.cell'],
      ['#/pooling/3', '[data-testid="resnet-pool-shapes"]'],
    ] as const) {
      await page.evaluate((h) => (location.hash = h), hash);
      await page.waitForSelector(ready, { timeout: 120_000 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await shot(page, `conv-pooling-360-${hash.slice(2).replace('/', '-')}`);
    }
    expect(app.consoleErrors).toEqual([]);
  });
});
