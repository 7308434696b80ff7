/**
 * The service worker (src/sw) in real Chromium against the built site: after one visit every lesson opens and
 * Run it classifies with the network off (app files from the worker's cache, weights from the hub loader's);
 * on a host without COOP/COEP headers the page reloads once into cross-origin isolation and wasm computes on
 * several threads, hub downloads still work under COEP, and a worker that cannot isolate does not loop; a new
 * deploy downloads only the changed files and is offered with "Reload".
 */
import { describe, it, expect } from 'vitest';
import path from 'node:path';
import http from 'node:http';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { openApp, openStep as open, shot, waitForReady } from './harness';
import { precacheList, serviceWorkerSource, versionOf } from '../../scripts/serviceWorkerPlugin';
import { parseSafetensors, toFloat32 } from '../../src/lib/nn/io/safetensors';

/** Opens a step and waits for its figures; none of them may have failed. */
async function openStep(page: Page, id: string, step: number): Promise<void> {
  await open(page, id, step, { figures: {} });
  expect(await page.locator('.figure .broken').count(), `a figure of #/${id}/${step} failed`).toBe(0);
}

const DIST = path.resolve(process.env.DIST_DIR ?? 'dist');
const HF = path.resolve(__dirname, '../../../shared/fixtures/resnet18/hf');
/** tfjs computes with half the logical cores; 8 reported cores → a pool of 4 threads. */
const EIGHT_CORES = `Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => 8 });`;
/** Counts the tab's page loads in sessionStorage (survives reloads), so a test sees the isolation reload. */
const COUNT_LOADS = `if (location.protocol === 'http:') try {
  sessionStorage.setItem('test-loads', String(Number(sessionStorage.getItem('test-loads') ?? 0) + 1));
} catch { /* no storage: not counted */ }`;
const loadsOf = (page: Page) => page.evaluate(() => Number(sessionStorage.getItem('test-loads')));

/** The label torchvision ranks first for the fixture's first image (chelsea.png), from its reference logits. */
function referenceTop1(): string {
  const ref = parseSafetensors(new Uint8Array(readFileSync(path.join(HF, 'reference.safetensors'))));
  const logits = toFloat32(ref.tensors.get('logits')!).subarray(0, 1000);
  const labels = JSON.parse(readFileSync(path.join(HF, 'config.json'), 'utf8')).id2label as Record<string, string>;
  let best = 0;
  for (let i = 1; i < 1000; i++) if (logits[i] > logits[best]) best = i;
  return labels[String(best)].split(',')[0];
}

/** A hub-layout server for the fixture checkpoint, answering with CORS (as huggingface.co does) but no CORP. */
async function hubMirror(): Promise<{ url: string; hits: string[]; close(): void }> {
  const hits: string[] = [];
  let open = true;
  const server = http.createServer((req, res) => {
    hits.push(req.url!);
    const m = /^\/microsoft\/resnet-18\/resolve\/main\/([\w.]+)$/.exec(req.url!);
    const cors = { 'access-control-allow-origin': '*' };
    if (!m) return void res.writeHead(404, cors).end('Entry not found');
    const body = readFileSync(path.join(HF, m[1]));
    res.writeHead(200, { ...cors, 'content-length': body.length, 'content-type': 'application/octet-stream' }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () => {
      if (!open) return;
      open = false;
      server.closeAllConnections();
      server.close();
    },
  };
}

/** Every file under `dir`, relative, with forward slashes. */
function walk(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(path.join(dir, d.name), base) : [path.relative(base, path.join(dir, d.name)).split(path.sep).join('/')],
  );
}

/** The PRECACHE list written into a built sw.js. */
function precacheOf(swJs: string): [string, string][] {
  return JSON.parse(/^const PRECACHE = (.*);$/m.exec(swJs)![1]);
}

describe('offline and on header-less hosts (service worker)', () => {
  it('precaches every built file; after one visit, lessons and Run it work with the network off', async () => {
    const hub = await hubMirror();
    const app = await openApp('', { backend: 'wasm', serviceWorkers: true });
    const { page } = app;
    try {
      // The worker lists every file the build wrote except itself, source maps and KaTeX's woff/ttf fallbacks.
      const list = precacheOf(readFileSync(path.join(DIST, 'sw.js'), 'utf8'));
      const want = walk(DIST).filter((f) => f !== 'sw.js' && !/\.(woff|ttf|map)$/.test(f)).sort();
      expect(list.map(([f]) => f)).toEqual(want);
      expect(want).toContain('samples/chelsea.png');
      expect(want.filter((f) => /\/tfjs-backend-wasm(-simd|-threaded-simd)?-[\w-]+\.wasm$/.test(f)).length).toBe(3);

      await page.goto(`${app.baseUrl}index.html?backend=wasm&hub=${encodeURIComponent(hub.url)}#/run-it/1`);
      await waitForReady(page);
      await page.getByTestId('offline-ready').waitFor({ timeout: 120_000 });
      expect(await page.getByTestId('offline-ready').getAttribute('title')).toBe(`${list.length} files are stored in this browser`);
      await page.click('text=Load pretrained ImageNet weights');
      await expect.poll(() => page.getByTestId('weights-status').textContent(), { timeout: 120_000 }).toMatch(/Pretrained weights: microsoft\/resnet-18@main: 102 tensors/);
      const names = await page.evaluate(() => caches.keys());
      expect(names.sort()).toEqual([expect.stringMatching(/^resnet18-notebook-app-[0-9a-f]{12}$/), 'resnet18-notebook-weights']);

      // Network off: the browser is offline, the site's server and the hub answer nothing.
      await page.context().setOffline(true);
      app.setServerDown(true);
      hub.close();
      const before = app.requests.length;
      await page.reload();
      await waitForReady(page);
      for (const [id, steps] of [['convolution', [1, 2]], ['pooling', [1, 2]], ['batchnorm', [1]], ['architecture', [1]]] as const) {
        for (const s of steps) await openStep(page, id, s);
      }
      await openStep(page, 'run-it', 1);
      await page.click('text=Load pretrained ImageNet weights');
      await expect.poll(() => page.getByTestId('weights-status').textContent(), { timeout: 120_000 }).toMatch(/\(from the browser cache\): 102 tensors/);
      await page.evaluate(() => (location.hash = '#/run-it/2'));
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=topk] .topk-bar').length === 5, null, { timeout: 120_000 });
      expect(await page.$eval('[data-testid=topk] svg', (s) => s.getAttribute('aria-label'))).toMatch(new RegExp(`^${referenceTop1()} `));
      await shot(page, 'offline-run-it-2');
      // Nothing reached (or tried to reach) the site's server except the browser's own check for a new sw.js.
      expect(app.requests.slice(before).filter((p) => p !== '/sw.js')).toEqual([]);
      expect(app.consoleErrors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to load resource|sw\.js/.test(e))).toEqual([]);
    } finally {
      await app.close();
      hub.close();
    }
  });

  it('on a host without COOP/COEP headers, reloads once into isolation: wasm computes on 4 threads, hub downloads work', async () => {
    const hub = await hubMirror();
    const initScript = `${EIGHT_CORES}\n${COUNT_LOADS}`;
    const app = await openApp('/welcome/3', { backend: 'wasm', isolation: false, serviceWorkers: true, initScript });
    const { page } = app;
    try {
      await page.waitForFunction(() => crossOriginIsolated, null, { timeout: 60_000 });
      await waitForReady(page);
      expect(await loadsOf(page)).toBe(2); // the first visit, then one reload under the service worker
      const info = await page.evaluate(() => window.notebook!.backend.info);
      expect(info).toMatchObject({ name: 'wasm', threaded: true, threads: 4, isolated: true });
      expect(await page.getByTestId('backend-chip').textContent()).toContain('wasm · 4 threads');
      await expect.poll(() => page.getByTestId('backend-facts').textContent()).toContain('4 compute threads');
      // The pool's workers really run here (blob workers under the worker's COEP).
      const x = Array.from({ length: 24 * 24 * 8 }, (_, i) => ((i * 7919) % 13) - 6);
      const sum = await page.evaluate(async (x) => {
        const tf = window.notebook!.tf;
        const y = tf.conv2d(tf.tensor4d(x, [1, 24, 24, 8]), tf.ones([3, 3, 8, 8]), 1, 'valid');
        return (await tf.sum(y).data())[0];
      }, x);
      let ref = 0; // every output channel sums the same 3×3×8 window of x
      for (let i = 0; i < 22; i++) for (let j = 0; j < 22; j++) for (let u = 0; u < 3; u++) for (let v = 0; v < 3; v++)
        for (let c = 0; c < 8; c++) ref += 8 * x[((i + u) * 24 + (j + v)) * 8 + c];
      expect(sum).toBeCloseTo(ref, 0);
      const running = await page.evaluate(
        () => (window.notebook!.tf.backend() as unknown as { wasm: { PThread: { runningWorkers: unknown[] } } }).wasm.PThread.runningWorkers.length,
      );
      expect(running).toBeGreaterThanOrEqual(3);
      await shot(page, 'offline-headerless-threads');

      // A CORS download from another origin (the hub) still works under COEP require-corp. This visit is isolated
      // from its first byte: no second reload.
      await page.goto(`${app.baseUrl}index.html?backend=wasm&hub=${encodeURIComponent(hub.url)}#/run-it/1`);
      await waitForReady(page);
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
      expect(await loadsOf(page)).toBe(3);
      await page.click('text=Load pretrained ImageNet weights');
      await expect.poll(() => page.getByTestId('weights-status').textContent(), { timeout: 120_000 }).toMatch(/Pretrained weights: microsoft\/resnet-18@main: 102 tensors/);
      expect(hub.hits.filter((h) => h.includes('/resolve/')).length).toBe(3);
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
      hub.close();
    }
  });

  it('does not reload in a loop when the service worker cannot isolate the page', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'nb-dist-'));
    cpSync(DIST, root, { recursive: true });
    const sw = path.join(root, 'sw.js');
    const source = readFileSync(sw, 'utf8');
    const crippled = source.replace(`"Cross-Origin-Embedder-Policy": "require-corp",`, '');
    expect(crippled).not.toBe(source);
    writeFileSync(sw, crippled);
    const app = await openApp('/welcome/3', { backend: 'wasm', isolation: false, serviceWorkers: true, root, initScript: COUNT_LOADS });
    const { page } = app;
    try {
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
      await waitForReady(page);
      await page.waitForTimeout(1500); // room for a loop to show itself
      expect(await loadsOf(page)).toBe(2); // tried once, then runs single-threaded
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
      const info = await page.evaluate(() => window.notebook!.backend.info);
      expect(info).toMatchObject({ name: 'wasm', threaded: false, isolated: false });
      expect(await page.getByTestId('backend-chip').textContent()).toContain('wasm · 1 thread');
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('offers a new deploy with "Reload", downloading only the files that changed', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'nb-dist-'));
    cpSync(DIST, root, { recursive: true });
    const app = await openApp('/welcome/1', { backend: 'wasm', serviceWorkers: true, root });
    const { page } = app;
    try {
      await page.getByTestId('offline-ready').waitFor({ timeout: 120_000 });
      const firstCache = await page.evaluate(() => caches.keys());
      expect(await page.getByTestId('update-ready').count()).toBe(0);

      // Deploy a new version: index.html changes; the worker is regenerated as the build would.
      const html = path.join(root, 'index.html');
      writeFileSync(html, readFileSync(html, 'utf8').replace('<head>', '<head><meta name="x-build" content="v2" />'));
      const files = new Map(walk(root).map((f) => [f, readFileSync(path.join(root, f))] as const));
      const list = precacheList(files);
      writeFileSync(path.join(root, 'sw.js'), await serviceWorkerSource(list, versionOf(list)));
      const before = app.requests.length;
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
      await page.getByTestId('update-ready').waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('update-ready').textContent()).toMatch(/A new version of the notebook is ready\.\s*Reload/);
      expect(app.requests.slice(before).sort()).toEqual(['/index.html', '/sw.js']); // the other files came from the old cache
      expect(await page.locator('meta[name=x-build]').count()).toBe(0); // nothing changes until the learner says so

      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Reload' }).click()]);
      await page.locator('meta[name=x-build][content=v2]').waitFor({ state: 'attached' });
      await waitForReady(page);
      const names = await page.evaluate(() => caches.keys());
      expect(names).toEqual([`resnet18-notebook-app-${versionOf(list)}`]); // the old version's cache is gone
      expect(names).not.toEqual(firstCache);
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
