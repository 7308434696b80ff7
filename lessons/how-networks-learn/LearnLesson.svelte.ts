import { Latest } from './latest.svelte';
import { t } from '../../src/lib/i18n/index';
import { softmaxLoss, START_LOGITS, LOGIT_RANGE, type SoftmaxLoss } from './softmaxLoss';
import { makeLineData, quadratic, lossGrid, START, type LossGrid } from './surface';
import { descend, type Method, type Trajectory } from './descent';
import { gradCheck, makeTinyNet, type GradCheck, type WeightAt } from './tinyNet';
import { batchNoise, BATCH_SIZES, type BatchNoise } from './minibatch';

/**
 * The state of the lesson's figures, one class per figure, each holding plain numbers ($state.raw) and
 * recomputing with tfjs when a control moves (newest request wins). The points and the surface's closed forms
 * are plain JS, made once when the lesson opens.
 */

/** The seeded points of the two-weight surface and its closed forms (float64). */
export const LINE = makeLineData();
export const SURFACE = quadratic(LINE);

/** The surface's contour grid, computed once with tfjs and shared by steps 2, 4 and 5. */
export class SurfaceGrid {
  grid = new Latest<LossGrid>();
  #pending: Promise<void> | null = null;
  /** Computes the grid once; every caller gets the same promise. */
  ensure(): Promise<void> {
    this.#pending ??= this.grid.run(() => lossGrid(LINE), () => t('The loss surface'));
    return this.#pending;
  }
}

/** Step 1: four logits and the true class → softmax, loss and ∂L/∂z. */
export class LogitsState {
  logits = $state<number[]>([...START_LOGITS]);
  label = $state(0);
  result = new Latest<SoftmaxLoss>();

  /** Sets logit k (clamped to the slider's range; non-finite input ignored) and recomputes. */
  setLogit(k: number, v: number): Promise<void> {
    if (!Number.isFinite(v)) return Promise.resolve();
    const next = [...this.logits];
    next[k] = Math.max(LOGIT_RANGE.min, Math.min(LOGIT_RANGE.max, v));
    this.logits = next;
    return this.refresh();
  }

  setLabel(k: number): Promise<void> {
    this.label = k;
    return this.refresh();
  }

  refresh(): Promise<void> {
    const logits = [...this.logits];
    const label = this.label;
    return this.result.run(() => softmaxLoss(logits, label), () => t('The loss'));
  }
}

/** Learning rates offered in step 2: from crawling, through the fastest (≈ 0.51), to past the edge 2/λmax ≈ 0.57. */
export const LR_CHOICES = [0.001, 0.003, 0.01, 0.03, 0.1, 0.2, 0.3, 0.4, 0.5, 0.55, 0.6, 0.7, 1] as const;
export const STEP_CHOICES = [10, 25, 50, 100, 200] as const;

/** Step 2: plain gradient descent with a learning rate the learner picks. */
export class DescentState {
  lr = $state(0.1);
  steps = $state(50);
  /** The run on screen, with the settings it was computed for. */
  path = new Latest<{ lr: number; steps: number; tr: Trajectory }>();

  set(lr: number, steps: number): Promise<void> {
    this.lr = lr;
    this.steps = steps;
    return this.refresh();
  }

  refresh(): Promise<void> {
    const spec = { method: 'sgd' as const, lr: this.lr, steps: this.steps };
    return this.path.run(async (stale) => ({ lr: spec.lr, steps: spec.steps, tr: await descend(LINE, spec, stale) }), () => t('Gradient descent'));
  }
}

/**
 * Step 4's runs: each method with its learning rate (and momentum), on the same surface from the same start.
 * `label` is a getter so the words are read in the page's current language where they are shown.
 */
export const RACE: Record<Method, { readonly label: string; lr: number; color: string; dashed?: boolean }> = {
  sgd: { get label() { return t('SGD, lr 0.1'); }, lr: 0.1, color: '#4e79a7' },
  momentum: { get label() { return t('SGD + momentum 0.9, lr 0.1'); }, lr: 0.1, color: '#e15759' },
  adam: { get label() { return t('Adam, lr 0.1'); }, lr: 0.1, color: '#59a14f' },
  'sgd-l2': { get label() { return t('SGD + weight decay λ (L2), lr 0.1'); }, lr: 0.1, color: '#4e79a7' },
  'adam-l2': { get label() { return t('Adam + weight decay λ (L2, coupled), lr 0.1'); }, lr: 0.1, color: '#f28e2b' },
  adamw: { get label() { return t('AdamW, weight decay λ (decoupled), lr 0.1'); }, lr: 0.1, color: '#b07aa1', dashed: true },
};
export const LAMBDA_CHOICES = [0, 0.1, 0.2, 0.5, 1] as const;
export const RACE_STEPS = [25, 50, 100, 200, 400, 1000] as const;

/** Step 4: several optimisers' trajectories side by side; weight decay λ and the number of steps are shared. */
export class OptimizerRace {
  readonly methods: Method[];
  lambda = $state(0.5);
  steps = $state(100);
  /** The runs on screen, with the λ and step count they were computed for. */
  paths = new Latest<{ lambda: number; steps: number; runs: Map<Method, Trajectory> }>();

  constructor(methods: Method[]) {
    this.methods = methods;
  }

  set(lambda: number, steps: number): Promise<void> {
    this.lambda = lambda;
    this.steps = steps;
    return this.refresh();
  }

  refresh(): Promise<void> {
    const { lambda, steps } = this;
    return this.paths.run(async (stale) => {
      const runs = new Map<Method, Trajectory>();
      for (const m of this.methods) {
        runs.set(m, await descend(LINE, { method: m, lr: RACE[m].lr, momentum: 0.9, weightDecay: lambda, steps }, stale));
      }
      return { lambda, steps, runs };
    }, () => t('The optimisers'));
  }
}

/** Step 3: the tiny network's gradient for one conv weight, three ways. */
export class BackpropState {
  readonly net = makeTinyNet();
  label = $state(0);
  at = $state<WeightAt>({ u: 0, v: 0, c: 0 });
  check = new Latest<GradCheck>();

  set(label: number, at: WeightAt): Promise<void> {
    this.label = label;
    this.at = at;
    return this.refresh();
  }

  refresh(): Promise<void> {
    const label = this.label;
    const at = { ...this.at };
    return this.check.run(() => gradCheck(this.net, label, at), () => t('The gradient'));
  }
}

/** Step 5: batch gradients around the full gradient, at the start point or at the minimum. */
export class BatchState {
  batch = $state(8);
  where = $state<'start' | 'minimum'>('start');
  current = new Latest<BatchNoise>();
  table = new Latest<BatchNoise[]>();
  #tableFor: string | null = null;

  get point(): [number, number] {
    return this.where === 'start' ? [...START] : SURFACE.minimum;
  }

  set(batch: number, where: 'start' | 'minimum'): Promise<void> {
    this.batch = batch;
    this.where = where;
    return this.refresh();
  }

  refresh(): Promise<void> {
    const w = this.point;
    const batch = this.batch;
    const jobs = [this.current.run(() => batchNoise(LINE, w, batch), () => t('The batch gradients'))];
    if (this.#tableFor !== this.where) {
      this.#tableFor = this.where;
      jobs.push(this.table.run(async () => {
        const rows: BatchNoise[] = [];
        for (const b of BATCH_SIZES) rows.push(await batchNoise(LINE, w, b));
        return rows;
      }, () => t('The table of batch sizes')));
    }
    return Promise.all(jobs).then(() => undefined);
  }
}
