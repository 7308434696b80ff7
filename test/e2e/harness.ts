/**
 * Browser harness for e2e tests: serves the BUILT site (process.env.DIST_DIR ?? 'dist') on a random
 * localhost port with the COOP/COEP headers a static host must send (so wasm threads work; `isolation: false`
 * serves without them, like GitHub Pages), and drives Debian's /usr/bin/chromium through playwright-core with
 * WebGL on SwiftShader. Service workers are blocked unless a test asks for them (`serviceWorkers: true`), so
 * other tests see every request. Never a downloaded browser, never the network.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, mkdirSync, rmSync, statSync, createReadStream, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Options for {@link openApp}. `backend` adds `?backend=` to the URL (the learner's override). */
export interface OpenOptions {
  backend?: 'webgl' | 'wasm' | 'cpu';
  /** Launch Chromium with WebGL and WebGL2 switched off, to test the fallback path. */
  disableWebgl?: boolean;
  width?: number;
  height?: number;
  /** Serve with the COOP/COEP headers (default true); false = a header-less host such as GitHub Pages. */
  isolation?: boolean;
  /** Let the page register service workers (default false: blocked, as before the app had one). */
  serviceWorkers?: boolean;
  /** The browser's prefers-color-scheme (default light). */
  colorScheme?: 'light' | 'dark';
  /** Folder to serve (default process.env.DIST_DIR ?? 'dist'). */
  root?: string;
  /** A script run in every page before its own (context.addInitScript), from the very first load. */
  initScript?: string;
  /** Adds `lang=` to the address (the page's language; default: the page's own choice, English here). */
  lang?: 'en' | 'zh';
}

/** What {@link openApp} returns; call close() in a finally/afterAll. */
export interface OpenedApp {
  page: Page;
  /** console.error messages and uncaught page errors, in order. */
  consoleErrors: string[];
  /** The base URL of the served site (ends with '/'). */
  baseUrl: string;
  /** Every path the server was asked for, in order, e.g. '/assets/index-x.js' (also those dropped while down). */
  requests: string[];
  /** Takes the server off the network (true: every connection is dropped unanswered) or puts it back. */
  setServerDown(down: boolean): void;
  close(): Promise<void>;
}

/** Options for {@link serveStatic}. */
export interface ServeOptions {
  /** Send COOP/COEP/CORP (default true). */
  isolation?: boolean;
}

/** A running static server: its base URL, the paths it was asked for, and an off switch for its network. */
export interface StaticServer {
  server: Server;
  baseUrl: string;
  requests: string[];
  setDown(down: boolean): void;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.md': 'text/markdown; charset=utf-8',
  '.bin': 'application/octet-stream',
  '.safetensors': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT_DIR = resolve('test-output/screenshots');

/** Starts a static file server for `root`; resolves with the server and its base URL. */
export function serveStatic(root: string, opts: ServeOptions = {}): Promise<StaticServer> {
  const absRoot = resolve(root);
  const isolation = opts.isolation ?? true;
  const requests: string[] = [];
  let down = false;
  const server = createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(urlPath);
    if (down) {
      req.socket.destroy(); // as if the network were gone: no answer at all
      return;
    }
    let file = resolve(join(absRoot, urlPath));
    if (file !== absRoot && !file.startsWith(absRoot + sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      const size = statSync(file).size;
      res.writeHead(200, {
        'Content-Type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Length': size,
        ...(isolation
          ? {
              'Cross-Origin-Opener-Policy': 'same-origin',
              'Cross-Origin-Embedder-Policy': 'require-corp',
              'Cross-Origin-Resource-Policy': 'same-origin',
            }
          : {}),
        'Cache-Control': 'no-store',
      });
      if (req.method === 'HEAD') res.end();
      else createReadStream(file).pipe(res);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      if (addr === null || typeof addr === 'string') return fail(new Error('no port'));
      ok({ server, baseUrl: `http://127.0.0.1:${addr.port}/`, requests, setDown: (d) => (down = d) });
    });
  });
}

function launchArgs(disableWebgl: boolean): string[] {
  const args = [
    '--enable-unsafe-swiftshader',
    '--use-angle=swiftshader',
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ];
  if (disableWebgl) args.push('--disable-webgl', '--disable-webgl2');
  return args;
}

/**
 * Serves dist/ and opens `index.html#<hashPath>` (e.g. '/welcome/2') in a fresh Chromium profile.
 * Does not wait for the backend; call {@link waitForReady} when the test needs `window.notebook`.
 */
export async function openApp(hashPath: string, opts: OpenOptions = {}): Promise<OpenedApp> {
  const root = opts.root ?? process.env.DIST_DIR ?? 'dist';
  const { server, baseUrl, requests, setDown } = await serveStatic(root, { isolation: opts.isolation });
  const profile = mkdtempSync(join(tmpdir(), 'nb-e2e-'));
  let context: BrowserContext | undefined;
  const close = async () => {
    await context?.close().catch(() => undefined);
    await new Promise<void>((ok) => server.close(() => ok()));
    server.closeAllConnections?.();
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: launchArgs(opts.disableWebgl ?? false),
      viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 },
      serviceWorkers: opts.serviceWorkers ? 'allow' : 'block',
      colorScheme: opts.colorScheme ?? 'light',
    });
    if (opts.initScript) await context.addInitScript(opts.initScript);
    const page = context.pages()[0] ?? (await context.newPage());
    const consoleErrors: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(`pageerror: ${err.message}`));
    const params = new URLSearchParams();
    if (opts.backend) params.set('backend', opts.backend);
    if (opts.lang) params.set('lang', opts.lang);
    const query = params.size ? `?${params}` : '';
    const hash = hashPath ? `#${hashPath.startsWith('/') ? hashPath : '/' + hashPath}` : '';
    await page.goto(`${baseUrl}index.html${query}${hash}`, { waitUntil: 'load' });
    return { page, consoleErrors, baseUrl, requests, setServerDown: setDown, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Writes a full-page screenshot to test-output/screenshots/<name>.png and returns its path. */
export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Waits until the shell has initialised the tfjs backend (`window.notebook` is defined). */
export async function waitForReady(page: Page, timeoutMs = 120_000): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { notebook?: unknown }).notebook !== undefined, null, {
    timeout: timeoutMs,
  });
}

/** One axe-core rule that failed, with the CSS selectors of the elements that failed it. */
export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

let axeSource: string | undefined;

/**
 * Runs axe-core (its default rule set) on the page's current document and returns the violations whose
 * impact is 'serious' or 'critical', or those of `impacts`. Injects axe the first time per document.
 */
export async function axeCheck(page: Page, impacts: string[] = ['serious', 'critical']): Promise<AxeFinding[]> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol, not as an inline <script>: the page's Content-Security-Policy
  // (script-src without 'unsafe-inline') refuses the latter, and it would report the refusal as a console error.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    type Result = { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] };
    const axe = (window as unknown as { axe: { run(ctx: Document): Promise<{ violations: Result[] }> } }).axe;
    const { violations } = await axe.run(document);
    return violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      targets: v.nodes.map((n) => n.target.map(String).join(' >> ')),
    }));
  });
  return found.filter((f) => impacts.includes(f.impact));
}

/** One line per finding: "rule (impact): help — selector, selector, …" for a failing test's message. */
export function formatAxe(findings: AxeFinding[]): string {
  return findings.map((f) => `${f.id} (${f.impact}): ${f.help} — ${f.targets.join(', ')}`).join('\n');
}

/**
 * Resolves once the document has gone `quietMs` without a DOM change (figures finished drawing), or after
 * `maxMs` for figures that never stop animating.
 */
export async function waitForQuiet(page: Page, quietMs = 500, maxMs = 15_000): Promise<void> {
  // No named inner functions: tsx (scripts) compiles with keepNames, whose __name helper the page lacks.
  await page.evaluate(
    ({ quietMs, maxMs }) =>
      new Promise<void>((done) => {
        const start = performance.now();
        let last = start;
        const obs = new MutationObserver(() => (last = performance.now()));
        obs.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
        const tick = setInterval(() => {
          const now = performance.now();
          if (now - last < quietMs && now - start < maxMs) return;
          clearInterval(tick);
          obs.disconnect();
          done();
        }, 50);
      }),
    { quietMs, maxMs },
  );
}

/** How {@link openStep} lets a step settle after it is shown. */
export interface StepSettle {
  /** Wait until no figure is still loading (`.waiting`), then for the page to go quiet (waitForQuiet's quietMs, maxMs). */
  figures?: { quietMs?: number; maxMs?: number };
  /** A fixed pause, for figures that typeset what they compute a moment after they appear. */
  pauseMs?: number;
}

/**
 * Opens step `step` of lesson `id` through the address (the app stays loaded, as a learner's link click does),
 * waits until that step is the one shown, then settles as `settle` says. Returns the lesson's number of steps.
 */
export async function openStep(page: Page, id: string, step: number, settle: StepSettle = {}): Promise<number> {
  await page.evaluate((h) => { location.hash = h; }, `#/${id}/${step}`);
  const lesson = page.locator(`[data-testid=lesson][data-lesson="${id}"][data-step="${step}"]`);
  await lesson.waitFor({ timeout: 60_000 });
  if (settle.figures) {
    await page.locator('.waiting').first().waitFor({ state: 'detached', timeout: 60_000 });
    await waitForQuiet(page, settle.figures.quietMs, settle.figures.maxMs);
  }
  if (settle.pauseMs) await page.waitForTimeout(settle.pauseMs);
  const steps = Number(await lesson.getAttribute('data-steps'));
  // A walk that loops to this count must not pass by visiting nothing.
  if (!(steps >= step)) throw new Error(`#/${id}/${step}: the lesson says it has ${steps} steps`);
  return steps;
}
