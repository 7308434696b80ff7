/**
 * The short training runs the lesson compares: a CIFAR-stem ResNet-18 trained on the built-in synthetic shapes
 * with plain cross-entropy, or with the distillation loss against a fixed teacher's logits. Same data, same batch
 * order, same schedule and the same number of steps for every run, so the curves differ only by the loss.
 * Tensors live only inside one step; runs in a worker (or Node) and reports after every epoch.
 */
import * as tf from '@tensorflow/tfjs-core';
import { forward, Optimizer, permutation, createRng, type ResNet18 } from '../../src/lib/nn';
import { crossEntropy } from '../../src/lib/nn';
import { makeBatch, type Normalisation } from '../../src/lib/data/batch';
import type { ImageDataset } from '../../src/lib/data/dataset';
import { distillationLoss, type DistillSettings } from './distill';

/**
 * A step's loss was NaN or ±Infinity. English here: this module runs in a worker, which carries no translations
 * (its bundle has no Svelte runes); the page words it from `loss`.
 */
export class DivergedError extends Error {
  override name = 'DivergedError';
  constructor(readonly loss: number) {
    super(`The loss became ${loss}: the run diverged.`);
  }
}

/** How every compared run trains. */
export interface RunSettings {
  epochs: number;
  batchSize: number;
  /** Peak learning rate of SGD (Nesterov momentum 0.9, weight decay 5e-4): warm-up, then a cosine to 0 (cosineLr). */
  lr: number;
  /** Seeds the batch order, the same for every run. */
  seed: number;
}

/** One point of a curve: validation top-1 accuracy and mean cross-entropy after `epoch` epochs. */
export interface CurvePoint {
  epoch: number;
  accuracy: number;
  loss: number;
}

/** Images and labels of a dataset as tensors [N,H,W,3] (normalised) and [N] int32. Caller disposes both. */
export function datasetTensors(d: ImageDataset, norm: Normalisation): { x: tf.Tensor4D; y: tf.Tensor1D } {
  const all = Array.from({ length: d.labels.length }, (_, i) => i);
  const b = makeBatch(d, all, norm);
  return { x: tf.tensor4d(b.x, [all.length, d.height, d.width, 3]), y: tf.tensor1d(b.y, 'int32') };
}

/** Learning rate at step t of `total`: a linear rise over the first 30 % to lr, then lr·(1 + cos(π·u))/2 over the rest (u: 0 → 1). */
export function cosineLr(lr: number, t: number, total: number): number {
  const rise = Math.max(1, Math.round(0.3 * total));
  if (t < rise) return (lr * (t + 1)) / rise;
  return (lr * (1 + Math.cos((Math.PI * (t - rise)) / Math.max(1, total - rise)))) / 2;
}

/** A network the runs can train: its trainable variables by name, and its logits [N,classes] (caller disposes). */
export interface Trainable {
  params: Map<string, tf.Variable>;
  logits(x: tf.Tensor4D, training: boolean): tf.Tensor2D;
}

/** The notebook's ResNet-18 as a Trainable. */
export function plainNet(m: ResNet18): Trainable {
  return { params: m.params, logits: (x, training) => tf.tidy(() => forward(m, x, { training }).logits) };
}

/** One SGD step on x [B,H,W,3], y [B]: cross-entropy, or distillation against `teacher` (evaluation mode). Returns the loss. */
export async function studentStep(m: Trainable, opt: Optimizer, x: tf.Tensor4D, y: tf.Tensor1D, lr: number,
  teacher?: { model: Trainable; settings: DistillSettings }): Promise<number> {
  const soft = teacher ? teacher.model.logits(x, false) : null;
  const names = opt.trainableNames();
  const vars = names.map((n) => m.params.get(n)!);
  const byVar = new Map(names.map((n) => [m.params.get(n)!.name, n]));
  try {
    const { value, grads } = tf.variableGrads(() => {
      const logits = m.logits(x, true);
      return soft ? distillationLoss(logits, soft, y, teacher!.settings) : crossEntropy(logits, y);
    }, vars);
    const named = new Map(Object.entries(grads).map(([k, g]) => [byVar.get(k)!, g as tf.Tensor]));
    opt.apply(named, lr);
    const loss = (await value.data())[0];
    tf.dispose([value, ...named.values()]);
    if (!Number.isFinite(loss)) throw new DivergedError(loss);
    return loss;
  } finally {
    soft?.dispose();
  }
}

/** Top-1 accuracy and mean cross-entropy of `m` in evaluation mode on x [N,…], y [N], 200 pictures at a time. */
export async function score(m: Trainable, x: tf.Tensor4D, y: tf.Tensor1D): Promise<{ accuracy: number; loss: number }> {
  const n = y.shape[0];
  let [correct, loss] = [0, 0];
  for (let a = 0; a < n; a += 200) {
    const k = Math.min(200, n - a);
    const part = tf.tidy(() => {
      const logits = m.logits(x.slice([a, 0, 0, 0], [k, -1, -1, -1]), false);
      const labels = y.slice([a], [k]);
      const hit = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.cast(labels, 'int32')), 'float32'));
      return tf.stack([hit, tf.mul(crossEntropy(logits, labels), k)]);
    });
    const [h, l] = await part.data();
    part.dispose();
    correct += h;
    loss += l;
  }
  return { accuracy: correct / n, loss: loss / n };
}

/** Data of a run: training images and the validation tensors (caller owns and disposes valX, valY). */
export interface RunData {
  train: ImageDataset;
  /** Fresh training images for epoch e (the built-in set's fresh draws); `train` for every epoch when absent. */
  drawEpoch?: (epoch: number) => ImageDataset;
  norm: Normalisation;
  valX: tf.Tensor4D;
  valY: tf.Tensor1D;
}

/**
 * Trains `m` for s.epochs epochs of whole batches, reporting the validation curve after each (point 0 first: the
 * untrained model). `teacher` switches the loss to distillation. `stop()` true ends the run after the current step.
 */
export async function trainRun(m: Trainable, data: RunData, s: RunSettings, onEpoch: (p: CurvePoint) => void,
  teacher?: { model: Trainable; settings: DistillSettings }, stop: () => boolean = () => false): Promise<CurvePoint[]> {
  const opt = new Optimizer({ kind: 'sgd', lr: s.lr, momentum: 0.9, nesterov: true, weightDecay: 5e-4 }, m.params);
  const n = data.train.labels.length;
  const perEpoch = Math.max(1, Math.floor(n / s.batchSize));
  const curve: CurvePoint[] = [];
  const point = async (epoch: number) => {
    const p = { epoch, ...(await score(m, data.valX, data.valY)) };
    curve.push(p);
    onEpoch(p);
  };
  try {
    await point(0);
    for (let e = 0; e < s.epochs && !stop(); e++) {
      const images = data.drawEpoch?.(e) ?? data.train;
      const order = permutation(n, createRng(s.seed * 1000 + e));
      for (let b = 0; b < perEpoch && !stop(); b++) {
        const batch = makeBatch(images, order.subarray(b * s.batchSize, (b + 1) * s.batchSize), data.norm);
        const x = tf.tensor4d(batch.x, [s.batchSize, images.height, images.width, 3]);
        const y = tf.tensor1d(batch.y, 'int32');
        try {
          await studentStep(m, opt, x, y, cosineLr(s.lr, e * perEpoch + b, s.epochs * perEpoch), teacher);
        } finally {
          tf.dispose([x, y]);
        }
      }
      if (!stop()) await point(e + 1);
    }
    return curve;
  } finally {
    opt.dispose();
  }
}
