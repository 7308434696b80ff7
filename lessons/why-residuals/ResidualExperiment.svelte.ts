import * as tf from '@tensorflow/tfjs-core';
import { Experiment, EXPERIMENT_DEFAULTS, GRID_EXTENT, type ExperimentSettings } from './experiment';
import type { PointSet } from './smallnets';
import { WHY_CLAIMS } from './experimentClaims';
import { t } from '../../src/lib/i18n/index';

/** Losses per step of both nets (index i = step i + 1). */
export interface LossHistory {
  plain: number[];
  residual: number[];
}

/** Per-layer gradient norms of both nets at one step. */
export interface GradSnapshot {
  step: number;
  plain: number[];
  residual: number[];
}

/** What went wrong, as facts; the page words it when it shows it (so a language switch re-words it). */
type Failure =
  | { kind: 'decision'; reason: string }
  | { kind: 'loss'; plain: number; residual: number; step: number }
  | { kind: 'training'; reason: string };

const reasonOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * The live plain-vs-residual experiment shared by the figures of the "Why residuals train" lesson.
 * Training runs in small async chunks (one step of both nets, then `tf.nextFrame()`), so the page stays
 * responsive; run/pause/step/reset; seeded, so a reset replays the same story. The tfjs Experiment is made
 * lazily (the backend must be ready) and disposed on reset and dispose().
 */
export class ResidualExperiment {
  /** Settings of the current run; change them with configure(), which resets. */
  settings = $state<ExperimentSettings>({ ...EXPERIMENT_DEFAULTS });
  /** Where "Run" stops by itself: the step count the lesson's claims are about. */
  targetSteps = $state<number>(WHY_CLAIMS.steps);
  steps = $state(0);
  running = $state(false);
  losses = $state.raw<LossHistory>({ plain: [], residual: [] });
  /** Gradient norms at step 1 (the initial weights) and at the latest step. */
  firstGrads = $state.raw<GradSnapshot | null>(null);
  latestGrads = $state.raw<GradSnapshot | null>(null);
  accuracy = $state.raw<{ plain: number; residual: number } | null>(null);
  #failure = $state.raw<Failure | null>(null);
  /** The training points, and each net's P(class 1) over a grid (refreshed every 10 steps and when a run stops). */
  data = $state.raw<PointSet | null>(null);
  decision = $state.raw<{ step: number; res: number; extent: number; plain: Float32Array; residual: Float32Array } | null>(null);

  #exp: Experiment | null = null;
  #loop: Promise<void> | null = null;
  #stopRequested = false;

  /** The last failure in plain words, in the page's current language; null when there is none. */
  get error(): string | null {
    const f = this.#failure;
    if (!f) return null;
    if (f.kind === 'decision') return t('Could not draw the decision regions: {reason}', { reason: f.reason });
    if (f.kind === 'training') return t('Training failed: {reason}', { reason: f.reason });
    return t('A loss became {plain} / {residual} at step {step}; training stopped. Reset to start again.',
      { plain: String(f.plain), residual: String(f.residual), step: f.step });
  }

  /** Runs until targetSteps (or pause()). Resolves when the loop stops. */
  run(): Promise<void> {
    if (this.#loop) return this.#loop;
    this.#stopRequested = false;
    this.running = true;
    this.#failure = null;
    this.#loop = this.#runLoop().finally(() => {
      this.running = false;
      this.#loop = null;
    });
    return this.#loop;
  }

  /** Stops after the step in flight. */
  async pause(): Promise<void> {
    this.#stopRequested = true;
    await this.#loop;
  }

  /** One step of both nets (pauses a run first). */
  async step(): Promise<void> {
    await this.pause();
    this.#failure = null;
    if (await this.#stepOnce()) await this.#refreshDecision();
  }

  /** Computes the decision regions now if there are none for the current step (figures call this on mount). */
  async ensureDecision(): Promise<void> {
    if (this.decision?.step === this.steps || this.running) return;
    await this.#refreshDecision();
  }

  async #refreshDecision(): Promise<void> {
    const exp = this.#experiment();
    try {
      const res = 48;
      const g = await exp.decisionGrid(res);
      if (exp !== this.#exp) return; // reset meanwhile
      this.decision = { step: exp.steps, res, extent: GRID_EXTENT, ...g };
    } catch (e) {
      if (exp !== this.#exp) return; // its nets were freed by a reset while it ran
      this.#failure = { kind: 'decision', reason: reasonOf(e) };
    }
  }

  #experiment(): Experiment {
    if (!this.#exp) {
      this.#exp = new Experiment(this.settings);
      this.data = this.#exp.data;
    }
    return this.#exp;
  }

  /** Back to step 0 with the same (or new) settings; frees the old nets. */
  async configure(changes: Partial<ExperimentSettings> = {}): Promise<void> {
    await this.pause();
    this.#exp?.dispose();
    this.#exp = null;
    this.settings = { ...this.settings, ...changes };
    this.steps = 0;
    this.losses = { plain: [], residual: [] };
    this.firstGrads = null;
    this.latestGrads = null;
    this.accuracy = null;
    this.#failure = null;
    this.decision = null;
  }

  /** Same settings, step 0. */
  reset(): Promise<void> {
    return this.configure();
  }

  /** Frees the tfjs variables (the instance can be reused: it starts again at step 0). */
  async dispose(): Promise<void> {
    await this.configure();
  }

  async #runLoop(): Promise<void> {
    while (!this.#stopRequested && this.steps < this.targetSteps) {
      if (!(await this.#stepOnce())) break;
      if (this.steps % 10 === 0) await this.#refreshDecision();
      await tf.nextFrame();
    }
    if (this.#exp && !this.#failure) {
      this.accuracy = await this.#exp.accuracy();
      await this.#refreshDecision();
    }
  }

  /** One step; false (with `error` set) when the loss is not finite or tfjs fails. */
  async #stepOnce(): Promise<boolean> {
    try {
      const r = await this.#experiment().step();
      this.steps = r.step;
      this.losses = { plain: [...this.losses.plain, r.plain.loss], residual: [...this.losses.residual, r.residual.loss] };
      const snap = { step: r.step, plain: r.plain.gradNorms, residual: r.residual.gradNorms };
      if (r.step === 1) this.firstGrads = snap;
      this.latestGrads = snap;
      if (!Number.isFinite(r.plain.loss) || !Number.isFinite(r.residual.loss)) {
        this.#failure = { kind: 'loss', plain: r.plain.loss, residual: r.residual.loss, step: r.step };
        return false;
      }
      return true;
    } catch (e) {
      this.#failure = { kind: 'training', reason: reasonOf(e) };
      return false;
    }
  }
}
