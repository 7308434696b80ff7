/**
 * The notebook's service worker. Built by src/sw/plugin.ts into dist/sw.js, which prepends PRECACHE (every
 * file the build emitted, as [path relative to the scope, content hash]) and VERSION (a hash of that list).
 *
 * Two jobs:
 * - Offline: the built app (chunks, wasm, fonts, sample photos) is kept in one Cache API cache per version and
 *   served from there first, so after one visit every lesson opens with the network off. The hub loader's
 *   weights cache (src/lib/hub, another cache name) is never touched.
 * - Cross-origin isolation on hosts that cannot send headers (GitHub Pages): every same-origin response it
 *   serves gets COOP/COEP, so the page (after one reload, see register.ts) may use SharedArrayBuffer and the
 *   threaded wasm build. Cross-origin requests (hub downloads) are left to the browser: they are CORS fetches,
 *   which COEP require-corp allows.
 *
 * Self-contained on purpose (no imports): it is compiled alone into one classic script.
 */

declare const PRECACHE: readonly (readonly [path: string, hash: string])[];
declare const VERSION: string;

const sw = self as unknown as ServiceWorkerGlobalScope;
/** Caches of older versions share this prefix and are deleted on activation. */
const PREFIX = 'resnet18-notebook-app-';
const CACHE = PREFIX + VERSION;
/** Response header recording which build of a file a cached copy is, so an update re-downloads only changes. */
const HASH_HEADER = 'x-notebook-hash';
const scope = new URL(sw.registration.scope);
const INDEX = new URL('index.html', scope).href;
/** Absolute URL (no query) → content hash, for every precached file. */
const wanted = new Map(PRECACHE.map(([path, hash]) => [new URL(path, scope).href, hash]));

const ISOLATION: Record<string, string> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** A copy of `res` with the isolation headers (and `extra`) set; opaque responses cannot be copied and pass as they are. */
function withHeaders(res: Response, extra: Record<string, string> = {}): Response {
  if (res.status === 0) return res;
  const headers = new Headers(res.headers);
  for (const [k, v] of Object.entries({ ...ISOLATION, ...extra })) headers.set(k, v);
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
}

/** The cache key of a same-origin GET: the page itself for the scope root, else the URL without its query. */
function keyOf(url: URL): string {
  if (url.href.startsWith(scope.href) && (url.pathname === scope.pathname || url.href.split(/[?#]/)[0] === INDEX)) return INDEX;
  return url.origin + url.pathname;
}

/** A copy of this build's file from any notebook cache (an older version's too), or null. */
async function cachedCopy(url: string, hash: string): Promise<Response | null> {
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX)) continue;
    const hit = await (await caches.open(name)).match(url);
    if (hit?.headers.get(HASH_HEADER) === hash) return hit;
  }
  return null;
}

/** Puts one precache file into this version's cache: reused when unchanged, else downloaded. Throws on failure. */
async function fillOne(cache: Cache, url: string, hash: string): Promise<void> {
  if (await cache.match(url)) return;
  const old = await cachedCopy(url, hash);
  if (old) return cache.put(url, old);
  const res = await fetch(url, { cache: 'no-cache' });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  await cache.put(url, withHeaders(res, { [HASH_HEADER]: hash }));
}

let filling: Promise<void> | null = null;

/** Makes this version's cache complete (a few files at a time); concurrent callers share one run. */
function fillCache(): Promise<void> {
  filling ??= (async () => {
    const cache = await caches.open(CACHE);
    const queue = [...wanted];
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await fillOne(cache, next[0], next[1]);
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
  })().catch((err) => {
    filling = null; // let a later request try again
    throw err;
  });
  return filling;
}

sw.addEventListener('install', (event) => {
  // First install: take over at once so the page can reload into isolation without waiting for 5 MB of files;
  // the page then asks for the precache ('precache' message). An update downloads first and waits for the
  // learner's "Reload" ('skip-waiting'), so a lesson never mixes files of two versions.
  if (!sw.registration.active) event.waitUntil(sw.skipWaiting());
  else event.waitUntil(fillCache());
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener('message', (event) => {
  const type = (event.data as { type?: string } | null)?.type;
  const reply = (msg: object) => (event.source as Client | null)?.postMessage(msg);
  if (type === 'skip-waiting') event.waitUntil(sw.skipWaiting());
  else if (type === 'precache') {
    event.waitUntil(
      fillCache().then(
        () => reply({ type: 'offline-ready', version: VERSION, files: wanted.size }),
        (err: unknown) => reply({ type: 'offline-failed', version: VERSION, reason: err instanceof Error ? err.message : String(err) }),
      ),
    );
  }
});

/** Cache first for this build's files (filling the cache on a miss), network for the rest; always isolated. */
async function respond(request: Request): Promise<Response> {
  const key = keyOf(new URL(request.url));
  const hash = wanted.get(key);
  if (hash !== undefined) {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(key);
    if (hit) return withHeaders(hit);
    const res = await fetch(key === INDEX ? INDEX : request, { cache: 'no-cache' });
    if (res.ok) {
      const stored = withHeaders(res, { [HASH_HEADER]: hash });
      await cache.put(key, stored.clone());
      return stored;
    }
    return withHeaders(res);
  }
  return withHeaders(await fetch(request));
}

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== scope.origin) return;
  // Range requests (media seeking) need the network's 206; none of the app's files are fetched that way.
  if (request.headers.has('range')) return;
  event.respondWith(respond(request));
});
