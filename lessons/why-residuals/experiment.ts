import * as tf from '@tensorflow/tfjs-core';
import { Optimizer } from '../../src/lib/nn';
import { initParams, layerNames, makeSpirals, smallNetForward, type InitScheme, type PointSet, type SmallNetSpec } from './smallnets';

/**
 * The plain-vs-residual experiment: two nets of the same depth and the same seeded starting weights, one
 * with identity shortcuts, trained side by side by full-batch SGD with momentum on the same seeded two-spiral
 * set. Each step records both training losses and, per weighted layer, the norm of the loss gradient with
 * respect to that layer's weight matrix ‖∂L/∂W‖ (Frobenius). tfjs only; runs in Node and in the browser.
 */

/** Everything that decides what the experiment shows. Same settings → same numbers (up to float rounding). */
export interface ExperimentSettings {
  /** Weighted layers per net (even, ≥ 4): stem + (depth − 2) hidden + output. */
  depth: number;
  width: number;
  batchNorm: boolean;
  init: InitScheme;
  /** SGD learning rate and momentum (torch semantics: buf = m·buf + g; w −= lr·buf). */
  lr: number;
  momentum: number;
  /** Seed of the weights (both nets share them) and of the data set's noise. */
  seed: number;
  points: number;
  turns: number;
  noise: number;
}

/** Half-width of the square the decision regions are drawn over (the spirals lie within about ±1). */
export const GRID_EXTENT = 1.2;

/** Depths the page offers. */
export const DEPTH_CHOICES = [8, 20, 32] as const;

/**
 * The lesson's defaults: the page starts with these and test/lessons/why-residuals/experiment-claims.test.ts pins every claim
 * the lesson text makes with exactly these (plus the named depth / BN switches).
 */
export const EXPERIMENT_DEFAULTS: Readonly<ExperimentSettings> = Object.freeze({
  depth: 32,
  width: 16,
  batchNorm: true,
  init: 'torch-default',
  lr: 0.01,
  momentum: 0.9,
  seed: 1,
  points: 200,
  turns: 1.5,
  noise: 0.03,
});

/**
 * L2 norm of any tensor as m·‖g/m‖ with m = max|g| (0 for an all-zero g): the plain net's input-side gradients
 * get below 1e-20, whose squares underflow float32 (a GPU flushes them to 0), so tf.norm alone gave 0 and the log
 * plot's line just stopped (rough edge 10). Returns a scalar; call inside tf.tidy (caller disposes).
 */
export function gradNorm(g: tf.Tensor): tf.Scalar {
  const m = tf.max(tf.abs(g));
  return tf.mul(m, tf.norm(tf.divNoNan(g, m))) as tf.Scalar;
}

/** The two nets of an experiment. */
export type NetKind = 'plain' | 'residual';

/** What one step measured for one net (before that step's update was applied). */
export interface NetStepRecord {
  loss: number;
  /** ‖∂L/∂W‖ per weighted layer, in `layerNames(depth)` order. */
  gradNorms: number[];
}

/** One training step of both nets. `step` counts from 1. */
export interface ExperimentStepRecord {
  step: number;
  plain: NetStepRecord;
  residual: NetStepRecord;
}

/** One net: its tfjs variables and its torch-semantics SGD (both owned by the experiment). */
interface NetState {
  params: Map<string, tf.Variable>;
  opt: Optimizer;
}

let instanceCount = 0;

function makeNet(init: Map<string, { shape: number[]; data: Float32Array }>, tag: string, s: ExperimentSettings): NetState {
  const params = new Map<string, tf.Variable>();
  for (const [name, v] of init) params.set(name, tf.tidy(() => tf.variable(tf.tensor(v.data, v.shape), true, `${tag}.${name}`)));
  return { params, opt: new Optimizer({ kind: 'sgd', lr: s.lr, momentum: s.momentum }, params) };
}

/**
 * A running experiment. Holds tfjs variables: call dispose() when done. `step()` trains both nets once and
 * returns plain numbers (read with `await data()`); it leaves no tensors behind.
 */
export class Experiment {
  readonly settings: ExperimentSettings;
  readonly spec: SmallNetSpec;
  readonly data: PointSet;
  readonly layers: string[];
  private stepCount = 0;
  private readonly x: tf.Tensor2D;
  private readonly y: tf.Tensor2D;
  private readonly nets: Record<NetKind, NetState>;

  constructor(settings: Partial<ExperimentSettings> = {}) {
    this.settings = { ...EXPERIMENT_DEFAULTS, ...settings };
    const s = this.settings;
    this.spec = { depth: s.depth, width: s.width, inputs: 2, classes: 2, batchNorm: s.batchNorm, init: s.init };
    this.data = makeSpirals(s.points, s.turns, s.noise, s.seed + 1000);
    this.layers = layerNames(s.depth);
    this.x = tf.tensor2d(this.data.x, [s.points, 2]);
    this.y = tf.tidy(() => tf.oneHot(tf.tensor1d(this.data.y, 'int32'), 2).toFloat() as tf.Tensor2D);
    const init = initParams(this.spec, s.seed);
    const tag = `experiment${++instanceCount}`;
    this.nets = { plain: makeNet(init, `${tag}.plain`, s), residual: makeNet(init, `${tag}.residual`, s) };
  }

  /** Steps taken so far. */
  get steps(): number {
    return this.stepCount;
  }

  /** Trains both nets one full-batch SGD step; returns their losses and per-layer gradient norms. */
  async step(): Promise<ExperimentStepRecord> {
    const plain = await this.stepNet('plain');
    const residual = await this.stepNet('residual');
    this.stepCount += 1;
    return { step: this.stepCount, plain, residual };
  }

  /** Training-set accuracy of each net now (fraction in [0, 1]); BN nets use this batch's statistics. */
  async accuracy(): Promise<Record<NetKind, number>> {
    const result = { plain: 0, residual: 0 };
    for (const kind of ['plain', 'residual'] as const) {
      const correct = tf.tidy(() => {
        const logits = smallNetForward(this.spec, kind === 'residual', this.nets[kind].params, this.x);
        return tf.sum(tf.equal(tf.argMax(logits, 1), tf.argMax(this.y, 1)).toFloat());
      });
      result[kind] = (await correct.data())[0] / this.settings.points;
      correct.dispose();
    }
    return result;
  }

  /**
   * P(class 1) of each net on a res×res grid over [−extent, extent]² (row-major, row 0 at y = +extent), for
   * drawing decision regions. BN nets normalise with the training set's statistics (it is run first in the same
   * batch), i.e. exactly as in the training pass. Plain arrays out; no tensors escape.
   */
  async decisionGrid(res: number, extent = GRID_EXTENT): Promise<Record<NetKind, Float32Array>> {
    const pts = new Float32Array(res * res * 2);
    for (let r = 0; r < res; r++) {
      for (let c = 0; c < res; c++) {
        pts[2 * (r * res + c)] = -extent + (2 * extent * (c + 0.5)) / res;
        pts[2 * (r * res + c) + 1] = extent - (2 * extent * (r + 0.5)) / res;
      }
    }
    const out: Record<NetKind, Float32Array> = { plain: new Float32Array(0), residual: new Float32Array(0) };
    for (const kind of ['plain', 'residual'] as const) {
      const prob = tf.tidy(() => {
        const x = tf.concat([this.x, tf.tensor2d(pts, [res * res, 2])]);
        const logits = smallNetForward(this.spec, kind === 'residual', this.nets[kind].params, x, this.settings.points);
        return tf.slice(tf.softmax(logits), [this.settings.points, 1], [res * res, 1]);
      });
      out[kind] = (await prob.data()) as Float32Array;
      prob.dispose();
    }
    return out;
  }

  private async stepNet(kind: NetKind): Promise<NetStepRecord> {
    const net = this.nets[kind];
    const names = [...net.params.keys()];
    const vars = names.map((n) => net.params.get(n)!);
    const { loss, norms, grads } = tf.tidy(() => {
      const f = (...ts: tf.Tensor[]) => {
        const p = new Map(names.map((n, i) => [n, ts[i]]));
        const logits = smallNetForward(this.spec, kind === 'residual', p, this.x);
        return tf.losses.softmaxCrossEntropy(this.y, logits) as tf.Scalar;
      };
      const { value, grads } = tf.valueAndGrads(f)(vars);
      const norms = tf.stack(this.layers.map((l) => gradNorm(grads[names.indexOf(`${l}.weight`)])));
      return { loss: value, norms, grads };
    });
    net.opt.apply(new Map(names.map((n, i) => [n, grads[i]])));
    tf.dispose(grads);
    const [lossData, normData] = await Promise.all([loss.data(), norms.data()]);
    loss.dispose();
    norms.dispose();
    return { loss: lossData[0], gradNorms: Array.from(normData) };
  }

  /** Frees every tensor the experiment holds. */
  dispose(): void {
    this.x.dispose();
    this.y.dispose();
    for (const net of Object.values(this.nets)) {
      for (const v of net.params.values()) v.dispose();
      net.opt.dispose();
    }
  }
}
