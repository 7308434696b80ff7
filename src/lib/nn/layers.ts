/**
 * Functional layers over tfjs with PyTorch semantics. Activations are NHWC [N,H,W,C]; conv kernels are
 * HWIO [k,k,in,out]. Every function returns a new tensor that the caller disposes (or a tf.tidy around
 * the call does); no function here disposes its inputs.
 */
import * as tf from '@tensorflow/tfjs-core';
import { batchNormTrainFused } from './batchNormTrain';

/** PyTorch BatchNorm defaults (Keras/tfjs use eps 1e-3 and momentum 0.99 — different on purpose). */
export const BN_EPS = 1e-5;
/** torch momentum 0.1: running = (1 − 0.1)·running + 0.1·batch. */
export const BN_MOMENTUM = 0.1;

/** Options of a 2-D convolution, PyTorch style: symmetric explicit zero padding on every side. */
export interface Conv2dOptions {
  stride?: number;
  pad?: number;
  dilation?: number;
}

/**
 * 2-D cross-correlation as torch.nn.functional.conv2d (no bias): x [N,H,W,Cin] (NHWC), w [k,k,Cin,Cout]
 * (HWIO) → [N,Hout,Wout,Cout] with Hout = ⌊(H + 2·pad − dilation·(k−1) − 1)/stride⌋ + 1. Caller disposes.
 */
export function conv2d(x: tf.Tensor4D, w: tf.Tensor4D, opts: Conv2dOptions = {}): tf.Tensor4D {
  const { stride = 1, pad = 0, dilation = 1 } = opts;
  if (stride === 1 || dilation === 1) {
    return tf.conv2d(x, w, stride, pad, 'NHWC', dilation);
  }
  // tfjs refuses stride > 1 together with dilation > 1; a stride-s output is every s-th pixel of the
  // stride-1 output, so compute that and subsample (slower, but only the lessons use dilation).
  return tf.tidy(() => {
    const full = tf.conv2d(x, w, 1, pad, 'NHWC', dilation);
    const [n, h, wd, c] = full.shape;
    return tf.stridedSlice(full, [0, 0, 0, 0], [n, h, wd, c], [1, stride, stride, 1]) as tf.Tensor4D;
  });
}

/** BatchNorm parameters and running statistics of one layer, each [C]. */
export interface BatchNormState {
  gamma: tf.Tensor1D;
  beta: tf.Tensor1D;
  runningMean: tf.Variable<tf.Rank.R1>;
  runningVar: tf.Variable<tf.Rank.R1>;
}

/**
 * Evaluation-mode BatchNorm: y = γ·(x − running mean)/sqrt(running var + eps) + β per channel.
 * x [N,H,W,C] or [N,C], parameters [C]. Caller disposes the result.
 */
export function batchNormEval<T extends tf.Tensor>(
  x: T, gamma: tf.Tensor1D, beta: tf.Tensor1D, mean: tf.Tensor1D, variance: tf.Tensor1D, eps = BN_EPS,
): T {
  return tf.batchNorm(x, mean, variance, beta, gamma, eps) as T;
}

/** What a training-mode BatchNorm computes: the output and the batch statistics it normalised with. */
export interface BatchNormTrainResult<T extends tf.Tensor> {
  /** Normalised output, same shape as x. */
  y: T;
  /** Per-channel batch mean [C]. */
  mean: tf.Tensor1D;
  /** Per-channel BIASED batch variance [C] (divides by n = N·H·W), the one used to normalise. */
  variance: tf.Tensor1D;
  /** n = number of values per channel (N·H·W): the unbiased estimate is variance·n/(n−1). */
  count: number;
}

/**
 * Training-mode BatchNorm: normalise with the batch mean and biased batch variance over all axes but
 * the last. Differentiable (gradients flow through the statistics too). Caller disposes y, mean, variance.
 */
export function batchNormTrain<T extends tf.Tensor>(
  x: T, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps = BN_EPS,
): BatchNormTrainResult<T> {
  const count = x.shape.slice(0, -1).reduce((a, b) => a * b, 1);
  // One op with a closed-form backward (batchNormTrain.ts) instead of moments + batchNorm differentiated op by op.
  return { ...batchNormTrainFused(x, gamma, beta, eps), count };
}

/**
 * Moves the running statistics towards a batch's, as torch does: running = (1 − m)·running + m·batch,
 * using the UNBIASED variance (biased·n/(n−1)) for the running variance. Assigns the variables in place;
 * disposes everything it creates. Safe inside tf.variableGrads: the new values never reach the loss.
 */
export function updateRunningStats(
  state: Pick<BatchNormState, 'runningMean' | 'runningVar'>,
  batchMean: tf.Tensor1D, biasedVar: tf.Tensor1D, count: number, momentum = BN_MOMENTUM,
): void {
  const correction = count > 1 ? count / (count - 1) : 1;
  const [newMean, newVar] = tf.tidy(() => [
    tf.add(tf.mul(state.runningMean, 1 - momentum), tf.mul(batchMean, momentum)),
    tf.add(tf.mul(state.runningVar, 1 - momentum), tf.mul(biasedVar, momentum * correction)),
  ]);
  state.runningMean.assign(newMean as tf.Tensor1D);
  state.runningVar.assign(newVar as tf.Tensor1D);
  newMean.dispose();
  newVar.dispose();
}

/**
 * BatchNorm as torch.nn.BatchNorm2d: training → batch statistics + running-stat update (momentum 0.1,
 * unbiased running variance); eval → running statistics; `relu` applies max(·, 0) after. x [N,H,W,C]; caller
 * disposes the result.
 */
export function batchNorm<T extends tf.Tensor>(x: T, state: BatchNormState, training = false, relu = false): T {
  if (!training) {
    const y = batchNormEval(x, state.gamma, state.beta, state.runningMean, state.runningVar);
    if (!relu) return y;
    return tf.tidy(() => tf.relu(y)) as T;
  }
  // With `relu` the ReLU rides in the same op (batchNormTrain.ts): one pass fewer forward, two fewer backward.
  const { y, mean, variance } = batchNormTrainFused(x, state.gamma, state.beta, BN_EPS, relu);
  const count = x.shape.slice(0, -1).reduce((a, b) => a * b, 1);
  updateRunningStats(state, mean, variance, count);
  mean.dispose();
  variance.dispose();
  return y;
}

/** max(x, 0) elementwise, any shape. Caller disposes. */
export function relu<T extends tf.Tensor>(x: T): T {
  return tf.relu(x);
}

/**
 * Max pooling as torch.nn.MaxPool2d (floor mode): padding counts as −∞, so a padded border never wins.
 * x [N,H,W,C] → [N,⌊(H+2p−k)/s⌋+1,…,C]. Caller disposes.
 */
export function maxPool2d(x: tf.Tensor4D, kernel: number, stride: number, pad = 0): tf.Tensor4D {
  // tfjs pooling kernels (cpu, wasm/XNNPACK, webgl) skip out-of-range positions, which is the same as −∞ padding.
  return tf.maxPool(x, kernel, stride, pad);
}

/**
 * Average pooling as torch.nn.AvgPool2d with its default count_include_pad=True: zeros in the padded
 * border count in the mean (tfjs' own padded avgPool divides by the valid count instead). Caller disposes.
 */
export function avgPool2d(x: tf.Tensor4D, kernel: number, stride: number, pad = 0): tf.Tensor4D {
  if (pad === 0) return tf.avgPool(x, kernel, stride, 'valid');
  return tf.tidy(() => {
    const padded = tf.pad(x, [[0, 0], [pad, pad], [pad, pad], [0, 0]]);
    return tf.avgPool(padded, kernel, stride, 'valid');
  });
}

/** Global average pooling: [N,H,W,C] → [N,C] (mean over H and W). Caller disposes. */
export function globalAvgPool(x: tf.Tensor4D): tf.Tensor2D {
  return tf.mean(x, [1, 2]);
}

/** Fully connected layer: x [N,in] · w [in,out] + b [out] → [N,out]. Caller disposes. */
export function linear(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor2D {
  return tf.tidy(() => tf.add(tf.matMul(x, w), b));
}
