/**
 * The page side of a training comparison: one worker per run (compare.worker.ts), the curves as they arrive, and
 * stop. Terminating the worker frees everything it held.
 */
import type { BackendName } from '../../src/lib/backend/choose';
import type { CurvePoint } from './studentRun';
import type { CompareMessage, CompareRequest, Comparison } from './compare.worker';
import { t } from '../../src/lib/i18n/index';

export class CompareLab {
  /** Validation curve of each run so far, by run name ('teacher', 'alone', 'distilled' or 'plain', 'se'). */
  curves = $state.raw<Record<string, CurvePoint[]>>({});
  running = $state(false);
  /** The run being trained now. */
  current = $state<string | null>(null);
  error = $state<string | null>(null);
  finished = $state(false);
  #worker: Worker | null = null;

  constructor(readonly comparison: Comparison) {}

  /** Starts the comparison afresh on `backend` in a new worker (ignored while one runs). */
  start(backend: BackendName): void {
    if (this.running) return;
    this.curves = {};
    this.error = null;
    this.finished = false;
    this.running = true;
    const w = new Worker(new URL('./compare.worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (e: MessageEvent<CompareMessage>) => this.#receive(e.data);
    w.onerror = (e) => {
      e.preventDefault?.();
      this.#end(t('The training worker stopped: {reason}', { reason: e.message || t('out of memory?') }));
    };
    this.#worker = w;
    w.postMessage({ type: 'start', comparison: this.comparison, backend } satisfies CompareRequest);
  }

  /** Asks the worker to stop after its current step. */
  stop(): void {
    this.#worker?.postMessage({ type: 'stop' } satisfies CompareRequest);
  }

  /** Ends the worker (leaving the page). */
  dispose(): void {
    this.#end(null);
  }

  /** A run's curve (empty before its first point). */
  curve(run: string): CurvePoint[] {
    return this.curves[run] ?? [];
  }

  #receive(m: CompareMessage): void {
    if (m.type === 'point') {
      this.current = m.run;
      this.curves = { ...this.curves, [m.run]: [...this.curve(m.run), m.point] };
    } else if (m.type === 'done') {
      this.finished = !m.stopped;
      this.#end(null);
    } else this.#end(m.message);
  }

  #end(error: string | null): void {
    this.#worker?.terminate();
    this.#worker = null;
    this.running = false;
    this.current = null;
    if (error) this.error = error;
  }
}
