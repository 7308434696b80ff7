/**
 * Page side of the service worker (src/sw/sw.ts): registers dist/sw.js, reloads once into cross-origin
 * isolation on hosts that send no COOP/COEP headers (the coi-serviceworker technique), asks the worker to store
 * the build for offline use, and offers a waiting new version. Drives the {@link Offline} state the shell shows.
 */
import type { Offline } from './Offline.svelte';

/** sessionStorage key set just before the isolation reload, so a page that stays unisolated never loops. */
export const RELOAD_KEY = 'resnet18-notebook.isolation-reload';
/** How long a first visit waits for the new worker to take over before giving up on the reload (ms). */
const TAKEOVER_MS = 10_000;
/** How often an open page asks whether a new version was deployed (ms); navigations ask too. */
const UPDATE_EVERY_MS = 60 * 60 * 1000;

type Container = ServiceWorkerContainer;

function isolated(): boolean {
  return typeof crossOriginIsolated !== 'undefined' && crossOriginIsolated;
}

/** The service-worker container, or null where the page cannot have one (dev server, http address, old browser). */
function container(): Container | null {
  if (import.meta.env.DEV || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return null;
  return isSecureContext ? navigator.serviceWorker : null;
}

/** Resolves with the controlling worker once one takes over, or null after `ms`. */
function controllerWithin(sw: Container, ms: number): Promise<ServiceWorker | null> {
  if (sw.controller) return Promise.resolve(sw.controller);
  return new Promise((done) => {
    const timer = setTimeout(() => done(null), ms);
    sw.addEventListener('controllerchange', () => {
      clearTimeout(timer);
      done(sw.controller);
    }, { once: true });
  });
}

/** True once this tab has already reloaded for isolation; false when it may (and records that it will). */
function alreadyTried(): boolean {
  try {
    if (sessionStorage.getItem(RELOAD_KEY)) return true;
    sessionStorage.setItem(RELOAD_KEY, String(Date.now()));
    return false;
  } catch {
    return true; // no sessionStorage to guard the reload with: never risk a loop
  }
}

/** Listens for the worker's answers to 'precache' and asks the active worker to complete the offline copy. */
async function storeForOffline(sw: Container, reg: ServiceWorkerRegistration, state: Offline): Promise<void> {
  sw.addEventListener('message', (event: MessageEvent) => {
    const data = event.data as { type?: string; files?: number; reason?: string } | null;
    if (data?.type === 'offline-ready') {
      state.files = data.files ?? 0;
      state.status = 'ready';
    } else if (data?.type === 'offline-failed') {
      state.reason = data.reason ?? null;
      state.status = 'failed';
    }
  });
  sw.startMessages();
  state.status = 'saving';
  const ready = await sw.ready;
  (ready.active ?? reg.active)?.postMessage({ type: 'precache' });
}

/** Offers a new version once it has installed (while this page runs an older one); reloads when one takes over. */
function watchUpdates(sw: Container, reg: ServiceWorkerRegistration, state: Offline): void {
  const offer = (w: ServiceWorker) => state.offerUpdate(() => w.postMessage({ type: 'skip-waiting' }));
  if (reg.waiting && sw.controller) offer(reg.waiting);
  reg.addEventListener('updatefound', () => {
    const w = reg.installing;
    w?.addEventListener('statechange', () => {
      if (w.state === 'installed' && sw.controller) offer(w);
    });
  });
  // A first takeover changes nothing on screen; a later one (an update accepted here or in another tab) means
  // this page's lazily loaded chunks may be gone from the new cache: reload into the new version.
  let controlled = sw.controller !== null;
  sw.addEventListener('controllerchange', () => {
    if (controlled) location.reload();
    controlled = true;
  });
  setInterval(() => reg.update().catch(() => undefined), UPDATE_EVERY_MS);
}

async function register(sw: Container): Promise<ServiceWorkerRegistration | null> {
  try {
    // undefined when something (a test harness, a browser policy) blocks registration without an error.
    return (await sw.register('./sw.js', { scope: './' })) ?? null;
  } catch (err) {
    console.warn('The offline copy is unavailable: the service worker could not be registered.', err);
    return null;
  }
}

/**
 * Starts the service worker. Resolves true when the page is about to reload into cross-origin isolation (the
 * caller should not start the app), false otherwise. Never throws: without a worker the notebook runs online.
 */
export async function startServiceWorker(state: Offline): Promise<boolean> {
  const sw = container();
  if (!sw) return false;
  const reload = !isolated() && !alreadyTried();
  const pending = register(sw).then((reg) => {
    if (!reg) return null;
    watchUpdates(sw, reg, state);
    void storeForOffline(sw, reg, state);
    return reg;
  });
  if (isolated()) {
    try {
      sessionStorage.removeItem(RELOAD_KEY);
    } catch {
      /* nothing to clear */
    }
  }
  if (!reload || !(await pending) || !(await controllerWithin(sw, TAKEOVER_MS))) return false;
  location.reload();
  return true;
}
