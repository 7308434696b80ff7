import { t } from '../../src/lib/i18n/index';

/**
 * The newest answer to a question that keeps changing (a slider moves while tfjs is still computing):
 * requests run one after another, a request overtaken by a newer one is skipped, and only the newest result is
 * shown. Errors become a plain-words message; the last good value stays on screen.
 */
export class Latest<T> {
  value = $state.raw<T | null>(null);
  /** What failed (its words, as a function so they follow the page's language) and why. */
  #failure = $state.raw<{ what: string | (() => string); reason: string } | null>(null);

  /** The newest request's failure in plain words, in the current language; null when it succeeded. */
  get error(): string | null {
    const f = this.#failure;
    if (!f) return null;
    return t('{what} could not be computed: {reason}', { what: typeof f.what === 'function' ? f.what() : f.what, reason: f.reason });
  }
  #version = 0;
  #queue: Promise<void> = Promise.resolve();

  /**
   * Queues `compute`; the promise resolves once the newest request has been shown (or failed). `compute` may
   * poll `stale()` and give up (throw) once a newer request is waiting: its error is then not shown.
   */
  run(compute: (stale: () => boolean) => Promise<T>, what: string | (() => string)): Promise<void> {
    const version = ++this.#version;
    const stale = () => version !== this.#version;
    this.#queue = this.#queue.then(async () => {
      if (stale()) return;
      try {
        const v = await compute(stale);
        if (version !== this.#version) return;
        this.value = v;
        this.#failure = null;
      } catch (e) {
        if (version === this.#version) this.#failure = { what, reason: e instanceof Error ? e.message : String(e) };
      }
    });
    return this.#queue;
  }
}
