import * as tf from '@tensorflow/tfjs-core';
import { Optimizer, type OptimizerConfig } from '../../src/lib/nn';
import { dataTensors, lossAt, START, type LineData } from './surface';

/**
 * Steps 2 and 4: descents on the two-weight surface with the notebook's torch.optim optimizers (the same
 * Optimizer class the studio trains ResNet-18 with). Each step: the gradient of L at w by tf.grad, then one
 * update. AdamW is torch.optim.AdamW: w ← w·(1 − lr·λ) first, outside Adam's normalisation, then a plain
 * Adam step with the gradient taken before the shrink (Loshchilov & Hutter 2019).
 */

/** The optimisers the figures compare. "-l2" adds λ·w to the gradient (torch's weight_decay for SGD and Adam). */
export type Method = 'sgd' | 'momentum' | 'adam' | 'sgd-l2' | 'adam-l2' | 'adamw';

/** One run: method, learning rate, momentum (SGD kinds), weight decay λ (the -l2 kinds and AdamW), steps. */
export interface RunSpec {
  method: Method;
  lr: number;
  momentum?: number;
  weightDecay?: number;
  steps: number;
  start?: readonly [number, number];
}

/** Positions and losses after 0, 1, …, steps updates (float32 values as plain numbers). */
export interface Trajectory {
  w1: number[];
  w2: number[];
  loss: number[];
  /** Index of the first point whose loss is not finite (float32 overflow), or -1. Points from there are cut. */
  overflowAt: number;
}

/** Upper bound on the steps of one run (each is a few small tfjs ops). */
export const MAX_STEPS = 1000;
/** Steps between two yields to the event loop, so a long run never freezes the page. */
const STEPS_PER_SLICE = 25;

/** Thrown (and never shown) when a newer request has made this run pointless. */
export class Superseded extends Error {
  override name = 'Superseded';
}

/** The Optimizer configuration for a method (torch defaults: Adam β 0.9/0.999, ε 1e-8). */
export function optimizerConfig(spec: RunSpec): OptimizerConfig {
  const wd = spec.method.endsWith('-l2') ? spec.weightDecay ?? 0 : 0;
  switch (spec.method) {
    case 'sgd': case 'sgd-l2': return { kind: 'sgd', lr: spec.lr, weightDecay: wd };
    case 'momentum': return { kind: 'sgd', lr: spec.lr, momentum: spec.momentum ?? 0.9 };
    default: return { kind: 'adam', lr: spec.lr, weightDecay: wd };
  }
}

/**
 * Runs `spec.steps` updates from spec.start (default START) on the data's mean squared error, with tfjs.
 * Yields to the event loop every few steps and stops with Superseded once `stale()` says a newer request
 * wants the backend. Reads every position back in one await at the end; disposes everything it makes.
 */
export async function descend(data: LineData, spec: RunSpec, stale: () => boolean = () => false): Promise<Trajectory> {
  const steps = Math.max(0, Math.min(MAX_STEPS, Math.round(spec.steps)));
  if (!(spec.lr > 0)) throw new Error(`The learning rate must be a positive number, got ${spec.lr}.`);
  const { x, y } = dataTensors(data);
  const init = tf.tensor2d([...(spec.start ?? START)], [2, 1]);
  const w = tf.variable(init); // a variable shares its initial tensor's data but not its lifetime
  init.dispose();
  const opt = new Optimizer(optimizerConfig(spec), new Map([['w', w]]));
  const shrink = spec.method === 'adamw' ? 1 - spec.lr * (spec.weightDecay ?? 0) : 1;
  const lossOf = (ww: tf.Tensor) => tf.reshape(lossAt(x, y, ww as tf.Tensor2D), []) as tf.Scalar;
  const points: tf.Tensor[] = [];
  try {
    for (let t = 0; t <= steps; t++) {
      const { value, grad } = tf.valueAndGrad(lossOf)(w);
      points.push(tf.tidy(() => tf.concat([tf.reshape(w, [2]), tf.reshape(value, [1])])));
      value.dispose();
      if (t < steps) {
        if (shrink !== 1) tf.tidy(() => w.assign(tf.mul(w, shrink)));
        opt.apply(new Map([['w', grad]]));
      }
      grad.dispose();
      if (t % STEPS_PER_SLICE === STEPS_PER_SLICE - 1) {
        await new Promise((ok) => setTimeout(ok, 0));
        if (stale()) throw new Superseded('A newer request replaced this run.');
      }
    }
    const all = tf.stack(points);
    const v = await all.data();
    all.dispose();
    return toTrajectory(v, steps + 1);
  } finally {
    tf.dispose([...points, x, y, w]);
    opt.dispose();
  }
}

function toTrajectory(v: ArrayLike<number>, count: number): Trajectory {
  const tr: Trajectory = { w1: [], w2: [], loss: [], overflowAt: -1 };
  for (let i = 0; i < count; i++) {
    const [a, b, l] = [v[3 * i], v[3 * i + 1], v[3 * i + 2]];
    if (!Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(l)) {
      tr.overflowAt = i;
      break;
    }
    tr.w1.push(a);
    tr.w2.push(b);
    tr.loss.push(l);
  }
  return tr;
}
