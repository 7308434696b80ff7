/**
 * The page side of a training comparison: one worker per run (compare.worker.ts), the curves as they arrive, and
 * stop. Terminating the worker frees everything it held (its own tfjs backend and heap). Failures are kept as
 * their cause and worded when shown (errorText), so a language switch rewords them.
 */
import type { BackendName } from '../../src/lib/backend/choose';
import type { CurvePoint } from './studentRun';
import type { CompareMessage, CompareRequest, Comparison } from './compare.worker';
import type { StudioDistillInput } from './studioDistill';
import { t } from '../../src/lib/i18n/index';

/** Why a run ended early: the worker died, the loss diverged, or another error (its English message). */
export type CompareFailure = { kind: 'worker'; reason: string } | { kind: 'diverged'; loss: number } | { kind: 'error'; message: string };

export class CompareLab {
  /** Validation curve of each run so far, by run name ('teacher', 'alone', 'distilled' or 'plain', 'se'). */
  curves = $state.raw<Record<string, CurvePoint[]>>({});
  running = $state(false);
  /** The run being trained now. */
  current = $state<string | null>(null);
  failure = $state.raw<CompareFailure | null>(null);
  finished = $state(false);
  #worker: Worker | null = null;

  constructor(readonly comparison: Comparison) {}

  /** Starts the comparison afresh on `backend` in a new worker (ignored while one runs); 'studio-distill' needs `studio`. */
  start(backend: BackendName, studio?: StudioDistillInput): void {
    if (this.running) return;
    this.curves = {};
    this.failure = null;
    this.finished = false;
    this.running = true;
    const w = new Worker(new URL('./compare.worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (e: MessageEvent<CompareMessage>) => this.#receive(e.data);
    w.onerror = (e) => {
      e.preventDefault?.();
      this.#end({ kind: 'worker', reason: e.message });
    };
    this.#worker = w;
    w.postMessage({ type: 'start', comparison: this.comparison, backend, studio } satisfies CompareRequest);
  }

  /**
   * Stops now, keeping the curves so far: the worker is terminated, because its training loop awaits only
   * microtasks (wasm reads resolve at once) and would not see a 'stop' message before the run ends.
   */
  stop(): void {
    this.#end(null);
  }

  /** Ends the worker (leaving the page). */
  dispose(): void {
    this.#end(null);
  }

  /** A run's curve (empty before its first point). */
  curve(run: string): CurvePoint[] {
    return this.curves[run] ?? [];
  }

  /** The failure in the page's language (call it where it is shown), or null. */
  errorText(): string | null {
    const f = this.failure;
    if (!f) return null;
    if (f.kind === 'diverged') return t('The loss became {loss}: the run diverged.', { loss: String(f.loss) });
    if (f.kind === 'worker') return t('The training worker stopped: {reason}', { reason: f.reason || t('out of memory?') });
    return f.message;
  }

  #receive(m: CompareMessage): void {
    if (m.type === 'point') {
      this.current = m.run;
      this.curves = { ...this.curves, [m.run]: [...this.curve(m.run), m.point] };
    } else if (m.type === 'done') {
      this.finished = true;
      this.#end(null);
    } else this.#end(m.divergedLoss !== undefined ? { kind: 'diverged', loss: m.divergedLoss } : { kind: 'error', message: m.message });
  }

  #end(failure: CompareFailure | null): void {
    this.#worker?.terminate();
    this.#worker = null;
    this.running = false;
    this.current = null;
    if (failure) this.failure = failure;
  }
}
