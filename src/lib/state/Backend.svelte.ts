/**
 * App state for the compute backend: probes WebGL, chooses and starts a tfjs backend, remembers the
 * learner's override, and recovers from a lost WebGL context. The status chip and figures read it.
 */
import { probeWebgl, classifyRenderer, type WebglProbe } from '../backend/renderer';
import { chooseBackend, parseBackendName, planReason, fallbackMessage, type BackendName, type BackendPlan } from '../backend/choose';
import { t } from '../i18n/index';
import type { BackendInfo } from '../backend/init';

/** localStorage key for the learner's backend choice ('webgl' | 'wasm' | 'cpu'; absent = automatic). */
export const BACKEND_KEY = 'resnet18-notebook.backend';

/** Lifecycle: starting → ready; ready → lost (WebGL context lost) → starting → ready; or failed. */
export type BackendStatus = 'starting' | 'ready' | 'lost' | 'failed';

function readPreference(): BackendName | null {
  const fromUrl = parseBackendName(new URLSearchParams(location.search).get('backend'));
  if (fromUrl) return fromUrl;
  try {
    return parseBackendName(localStorage.getItem(BACKEND_KEY));
  } catch {
    return null;
  }
}

/** Reactive backend state: status, the running backend's facts, the plan and why, and a restart counter. */
export class Backend {
  status = $state<BackendStatus>('starting');
  info = $state.raw<BackendInfo | null>(null);
  probe = $state.raw<WebglProbe | null>(null);
  plan = $state.raw<BackendPlan | null>(null);
  /** Error text when no backend could start. */
  error = $state<string | null>(null);
  /** Bumped each time the backend (re)starts; figures keyed on it re-mount and recompute. */
  generation = $state(0);
  #unwatch: (() => void) | null = null;
  /** Increments per start(); a start that was overtaken by a newer one drops its result. */
  #attempt = 0;

  /** Backend in use, or null while starting. */
  get name(): BackendName | null {
    return this.info?.name ?? null;
  }

  /**
   * Threads that compute on wasm: tfjs's pool size for the threaded build (half the logical cores, so 1 on a
   * 2-core machine), 1 for the single-threaded build; null on other backends or while starting.
   */
  get computeThreads(): number | null {
    const i = this.info;
    if (i?.name !== 'wasm') return null;
    return i.threaded && i.threads ? i.threads : 1;
  }

  /** Renderer string of this machine's WebGL, or null without WebGL2. */
  get renderer(): string | null {
    return this.probe?.renderer ?? null;
  }

  /** True when WebGL is a software renderer (SwiftShader, llvmpipe, …). */
  get softwareRenderer(): boolean {
    return this.probe?.renderer ? classifyRenderer(this.probe.renderer).software : false;
  }

  /** Probes WebGL once and starts the chosen backend. Safe to call again after a failure. */
  async start(preference: BackendName | null = readPreference()): Promise<void> {
    const attempt = ++this.#attempt;
    this.status = 'starting';
    this.error = null;
    this.probe ??= probeWebgl(document);
    const plan = chooseBackend(this.probe, preference);
    this.plan = plan;
    try {
      const { startBackend } = await import('../backend/init');
      const info = await startBackend(plan);
      if (attempt !== this.#attempt) return;
      this.info = info;
      this.status = 'ready';
      this.generation += 1;
      await this.#watchContext();
    } catch (err) {
      if (attempt !== this.#attempt) return;
      this.status = 'failed';
      this.error = err instanceof Error ? err.message : String(err);
    }
  }

  /** The learner's choice from the chip menu (null = automatic): stored, mirrored in the URL, applied. */
  async choose(preference: BackendName | null): Promise<void> {
    try {
      if (preference) localStorage.setItem(BACKEND_KEY, preference);
      else localStorage.removeItem(BACKEND_KEY);
    } catch {
      /* private mode: the choice lasts for this page only */
    }
    const url = new URL(location.href);
    if (preference) url.searchParams.set('backend', preference);
    else url.searchParams.delete('backend');
    history.replaceState(history.state, '', url);
    await this.start(preference);
  }

  /**
   * Plain-words notice for the banner: a fallback that happened, or WebGL2 missing altogether; null when the
   * machine runs what it should.
   */
  get notice(): string | null {
    if (this.status !== 'ready') return null;
    if (this.info?.fallback) return this.fallbackText;
    if (this.probe && !this.probe.webgl2 && !this.plan?.overridden) return this.reasonText;
    return null;
  }

  /** Why the plan's first backend was chosen, in the page's language (read where shown, so a switch re-words it). */
  get reasonText(): string | null {
    const p = this.plan;
    if (!p) return null;
    return p.why ? planReason(p.why, (en, params) => t(en, params)) : p.reason;
  }

  /** The fallback that happened (the plan's first backend failed), in the page's language; null when none did. */
  get fallbackText(): string | null {
    const i = this.info;
    if (!i?.fallback || !this.plan) return null;
    return fallbackMessage(this.plan, i.name, i.failures, (en, params) => t(en, params));
  }

  /** The learner's stored/URL preference, or null for automatic. */
  get preference(): BackendName | null {
    return this.plan?.overridden ? this.plan.order[0] : null;
  }

  async #watchContext(): Promise<void> {
    this.#unwatch?.();
    this.#unwatch = null;
    const { webglCanvas, rebuildWebgl } = await import('../backend/init');
    const canvas = webglCanvas();
    if (!canvas) return;
    const onLost = (ev: Event) => {
      ev.preventDefault(); // tells the browser we want a webglcontextrestored event
      this.status = 'lost';
    };
    const onRestored = async () => {
      await rebuildWebgl();
      await this.start(this.plan?.overridden ? this.plan.order[0] : null);
    };
    canvas.addEventListener('webglcontextlost', onLost);
    canvas.addEventListener('webglcontextrestored', onRestored);
    this.#unwatch = () => {
      canvas.removeEventListener('webglcontextlost', onLost);
      canvas.removeEventListener('webglcontextrestored', onRestored);
    };
  }

  /** Recover by hand when a lost context never comes back: rebuild WebGL and restart. */
  async recover(): Promise<void> {
    const { rebuildWebgl } = await import('../backend/init');
    await rebuildWebgl();
    await this.start(this.plan?.overridden ? this.plan.order[0] : null);
  }
}

/** "1 thread" / "4 threads": a thread count in words, for the chip and the backend facts. */
export function threadWords(n: number, noun = 'thread'): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** A thread count in the page's language: "1 thread" / "4 compute threads" / "4 个计算线程". */
export function threadText(n: number, compute = false): string {
  if (compute) return n === 1 ? t('{n} compute thread', { n }) : t('{n} compute threads', { n });
  return n === 1 ? t('{n} thread', { n }) : t('{n} threads', { n });
}

/** The one backend state of the app (the shell starts it; lessons pass it to figures). */
export const backend = new Backend();
