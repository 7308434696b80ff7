/**
 * Evaluation of a ResNet-18 in eval mode (BatchNorm running statistics, nothing updated), batch by batch:
 * logits are read back with `await data()` and every score — cross-entropy, top-1/top-5, each image's
 * prediction and its softmax probability — is computed from them in float64. The one evaluation loop of the
 * notebook: the studio's Trainer feeds it dataset batches, tests and scripts feed it tensors.
 */
import * as tf from '@tensorflow/tfjs-core';
import { forward, type ResNet18 } from './resnet18';

/** Eval-mode scores over a set of images. */
export interface EvalResult {
  /** Mean cross-entropy (NaN for an empty set). */
  loss: number;
  /** Top-1 accuracy, correct / count (NaN for an empty set). */
  accuracy: number;
  correct: number;
  count: number;
  /** Fraction whose label is among the 5 highest scores (all of them when there are fewer classes). */
  top5: number;
  /** Predicted class of every image, in order. */
  preds: Int32Array;
  /** Softmax probability of each predicted class. */
  confidence: Float32Array;
  /** The logits themselves, row-major [count, classes]; only when asked for (opts.keepLogits). */
  logits?: Float32Array;
}

/** Mean cross-entropy of rows of logits [n, k] against labels (float64, stable log-sum-exp); NaN for n = 0. */
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

/** Index of the largest of k scores for each of n rows (the first on ties); scores is row-major [n, k]. */
export function argmaxRows(scores: ArrayLike<number>, k: number): Int32Array {
  const n = scores.length / k;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (scores[i * k + j] > scores[i * k + best]) best = j;
    out[i] = best;
  }
  return out;
}

/** True when row i of k scores holds a NaN (a diverged model): such a row is never counted as correct. */
function rowHasNaN(scores: ArrayLike<number>, k: number, i: number): boolean {
  for (let j = 0; j < k; j++) if (Number.isNaN(scores[i * k + j])) return true;
  return false;
}

/**
 * Fraction of rows whose true label is among the `top` highest scores (ties broken by lower index). A row
 * holding a NaN is a miss (every comparison with NaN is false, so it would otherwise rank first).
 */
export function topKAccuracy(scores: ArrayLike<number>, k: number, labels: ArrayLike<number>, top: number): number {
  const n = labels.length;
  if (n === 0) return 0;
  let hit = 0;
  for (let i = 0; i < n; i++) {
    if (rowHasNaN(scores, k, i)) continue;
    const s = scores[i * k + labels[i]];
    let rank = 0;
    for (let j = 0; j < k; j++) {
      const v = scores[i * k + j];
      if (v > s || (v === s && j < labels[i])) rank += 1;
    }
    if (rank < top) hit += 1;
  }
  return hit / n;
}

/** Scores of logits [n, k] (row-major) against n labels. */
function scoreLogits(logits: ArrayLike<number>, k: number, labels: ArrayLike<number>): EvalResult {
  const n = labels.length;
  const preds = argmaxRows(logits, k);
  const confidence = new Float32Array(n);
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const best = logits[i * k + preds[i]];
    let s = 0;
    for (let j = 0; j < k; j++) s += Math.exp(logits[i * k + j] - best);
    confidence[i] = 1 / s; // exp(max − max) / Σ exp(· − max)
    if (preds[i] === labels[i] && !rowHasNaN(logits, k, i)) correct += 1;
  }
  return {
    loss: meanCrossEntropy(logits, k, labels), accuracy: n ? correct / n : NaN, correct, count: n,
    top5: topKAccuracy(logits, k, labels, Math.min(5, k)), preds, confidence,
  };
}

/**
 * Evaluates `labels.length` images in batches of `batchSize`: `batchAt(start, size)` returns the NHWC input
 * [size,H,W,3] of images start … start+size−1 (this function disposes it). With `flipTTA` every score comes
 * from the mean logits of the image and its mirror image; `keepLogits` returns those logits too. Holds
 * n·numClasses logits; leaves no tensors behind.
 */
export async function evaluateBatches(m: ResNet18, labels: ArrayLike<number>, batchAt: (start: number, size: number) => tf.Tensor4D,
  batchSize: number, opts: { flipTTA?: boolean; keepLogits?: boolean } = {}): Promise<EvalResult> {
  const n = labels.length;
  const k = m.config.numClasses;
  const bs = Math.max(1, Math.floor(batchSize) || 1);
  const all = new Float32Array(n * k);
  for (let start = 0; start < n; start += bs) {
    const logits = tf.tidy(() => {
      const x = batchAt(start, Math.min(bs, n - start));
      const plain = forward(m, x, { training: false }).logits;
      // Flip test-time augmentation: the mean of the logits of each image and its left–right mirror (NHWC axis 2).
      return opts.flipTTA ? tf.mul(tf.add(plain, forward(m, tf.reverse(x, 2), { training: false }).logits), 0.5) : plain;
    });
    try {
      all.set(await logits.data(), start * k);
    } finally {
      logits.dispose();
    }
  }
  const scores = scoreLogits(all, k, labels);
  return opts.keepLogits ? { ...scores, logits: all } : scores;
}

/**
 * Evaluates x [N,H,W,3] NHWC against y [N] class ids in eval mode, `batchSize` images at a time (default all).
 * Returns plain numbers; disposes everything it creates (not x, y).
 */
export async function evaluate(m: ResNet18, x: tf.Tensor4D, y: tf.Tensor1D, opts: { batchSize?: number } = {}): Promise<EvalResult> {
  const labels = Int32Array.from(await y.data());
  const slice = (start: number, size: number) => x.slice([start, 0, 0, 0], [size, -1, -1, -1]);
  return evaluateBatches(m, labels, slice, opts.batchSize ?? labels.length);
}
