/**
 * Kernel-edit → redrawn-output time of the convolution lesson's live photo figure, read from the page itself
 * (the "Last update: … ms" it shows: tf.conv2d on a ≤256 px grey picture + reading the values back).
 * Builds nothing: it serves an existing build (DIST_DIR, default dist/) through the e2e harness and drives
 * /usr/bin/chromium. On this machine WebGL is SwiftShader (a software GPU), so the WebGL figure is not the
 * number a learner with a real GPU sees; the target is a GPU machine.
 *
 *   npx vite build && npx tsx scripts/bench-conv-browser.ts          (or: npm run bench -- conv-browser)
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openApp, waitForReady } from '../test/e2e/harness';

const EDITS = Number(process.env.BENCH_EDITS ?? 30);
const WARMUP = 3;
const dist = process.env.DIST_DIR ?? 'dist';

function stats(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1)))];
  return `median ${q(0.5).toFixed(1)} ms, p90 ${q(0.9).toFixed(1)} ms, min ${s[0].toFixed(1)} ms, max ${s[s.length - 1].toFixed(1)} ms (n=${s.length})`;
}

async function measure(backend: 'webgl' | 'wasm' | 'cpu', size: 3 | 5): Promise<void> {
  const app = await openApp('/convolution/2', { backend });
  try {
    const { page } = app;
    await waitForReady(page);
    const canvas = page.locator('[data-testid="photo-output"] canvas');
    const version = async () => Number((await canvas.getAttribute('data-version')) ?? 0);
    await page.waitForFunction(() => document.querySelector('[data-testid="photo-output"] canvas[data-version]') !== null, null, { timeout: 120_000 });
    if (size === 5) {
      const v0 = await version();
      await page.getByLabel('5×5').check();
      await page.waitForFunction((v) => Number(document.querySelector('[data-testid="photo-output"] canvas')?.getAttribute('data-version')) > v, v0);
    }
    const backendName = await page.evaluate(() => (window as unknown as { notebook: { tf: { getBackend(): string } } }).notebook.tf.getBackend());
    const label = await page.evaluate(() => [...document.querySelectorAll('.photo-conv figcaption')].map((f) => f.textContent ?? '').find((t) => t.startsWith('Input:')));
    const times: number[] = [];
    const cell = page.locator('.photo-conv .kernel-editor input').nth(0);
    for (let i = 0; i < EDITS + WARMUP; i++) {
      const v = await version();
      await cell.fill(String((i % 7) - 3));
      await page.waitForFunction((old) => Number(document.querySelector('[data-testid="photo-output"] canvas')?.getAttribute('data-version')) > old, v, { timeout: 60_000 });
      const ms = Number(await page.getAttribute('[data-testid="photo-update-ms"]', 'data-ms'));
      if (i >= WARMUP) times.push(ms);
    }
    console.log(`${backendName.padEnd(6)} ${size}×${size} kernel on ${label?.replace(/^Input: /, '')}: ${stats(times)}`);
  } finally {
    await app.close();
  }
}

if (!existsSync(join(dist, 'index.html'))) {
  console.error(`bench-conv-browser: no build in ${dist}/ — run \`npx vite build\` first (or set DIST_DIR).`);
  process.exit(1);
}
console.log(`Kernel edit → output update on the convolution lesson's photo (${EDITS} edits after ${WARMUP} warm-up edits each).`);
console.log('Chromium headless; WebGL here is SwiftShader (software), not a GPU. Times are what the page shows.');
for (const backend of ['webgl', 'wasm'] as const) for (const size of [3, 5] as const) await measure(backend, size);
