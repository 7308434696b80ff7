/**
 * Evaluation of a model on a dataset in eval mode (running BatchNorm statistics), batch by batch, reading
 * logits with `await data()`. Cross-entropy is computed in float64 from the logits (log-sum-exp).
 */
import * as tf from '@tensorflow/tfjs-core';
import { forward, type ResNet18 } from '../nn';
import type { ImageDataset } from '../data/dataset';
import { makeBatch, type Normalisation } from '../data/batch';
import { argmaxRows, topKAccuracy } from '../data/metrics';

export interface EvalResult {
  loss: number;
  top1: number;
  top5: number;
  /** Predicted class and its softmax probability for every image, in dataset order. */
  preds: Int32Array;
  confidence: Float32Array;
}

/** Mean cross-entropy of rows of logits [n, k] against labels (float64, stable log-sum-exp). */
export function meanCrossEntropy(logits: ArrayLike<number>, k: number, labels: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    let m = -Infinity;
    for (let j = 0; j < k; j++) m = Math.max(m, logits[i * k + j]);
    let s = 0;
    for (let j = 0; j < k; j++) s += Math.exp(logits[i * k + j] - m);
    total += m + Math.log(s) - logits[i * k + labels[i]];
  }
  return labels.length ? total / labels.length : NaN;
}

/** Runs the model over `d` (optionally only its first `limit` images). Leaves no tensors behind. */
export async function evaluate(m: ResNet18, d: ImageDataset, norm: Normalisation, opts: { batchSize?: number; limit?: number } = {}): Promise<EvalResult> {
  const n = Math.min(d.labels.length, opts.limit ?? Infinity);
  const bs = opts.batchSize ?? 100;
  const k = m.config.numClasses;
  const all = new Float32Array(n * k);
  for (let s = 0; s < n; s += bs) {
    const idx = Array.from({ length: Math.min(bs, n - s) }, (_, i) => s + i);
    const { x } = makeBatch(d, idx, norm);
    const logits = tf.tidy(() => {
      const out = forward(m, tf.tensor4d(x, [idx.length, d.height, d.width, 3]), { training: false });
      out.activations.forEach((a) => a.dispose());
      return out.logits;
    });
    all.set(await logits.data(), s * k);
    logits.dispose();
  }
  const labels = d.labels.subarray(0, n);
  const preds = argmaxRows(all, k);
  const confidence = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let m2 = -Infinity;
    for (let j = 0; j < k; j++) m2 = Math.max(m2, all[i * k + j]);
    let s = 0;
    for (let j = 0; j < k; j++) s += Math.exp(all[i * k + j] - m2);
    confidence[i] = 1 / s; // exp(max − max) / Σ exp(· − max)
  }
  return {
    loss: meanCrossEntropy(all, k, labels),
    top1: topKAccuracy(all, k, labels, 1),
    top5: topKAccuracy(all, k, labels, Math.min(5, k)),
    preds,
    confidence,
  };
}
