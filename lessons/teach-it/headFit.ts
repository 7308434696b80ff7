/**
 * The new head trained on the cached 512-d features in plain arrays. It is a linear softmax classifier (5,130
 * numbers for 10 classes), so one Adam step on a batch of 32 is about 330k multiply-adds; through tfjs the same
 * step was ~60 kernel calls (forward, autodiff tape, 26 Adam ops), each paying the engine's dispatch, and with
 * threaded wasm every tiny matMul woke the thread pool: 350 steps took 4–5 s on a busy 2-core machine for
 * about 0.1 s of arithmetic. Here: the analytic softmax cross-entropy gradient (p − onehot)/B and torch.optim.Adam's
 * update, in float64, with the same seeded shuffles as featureCache.fitCache, so both give the same head
 * (tested). The model's head.fc is written once at the end.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createRng, permutation, NonFiniteLossError, type ResNet18 } from '../../src/lib/nn';
import type { FeatureCache, FitResult } from '../../src/lib/train/featureCache';

/** The head's recipe (page and bench): Adam at HEAD_LR for HEAD_EPOCHS epochs over the cache. */
export const HEAD_EPOCHS = 50;
export const HEAD_LR = 2e-3;

/** Adam's settings (torch's defaults for the omitted ones) and the loop's: epochs, batch size, shuffle seed (null keeps order). */
export interface HeadFitOptions {
  epochs: number;
  batchSize: number;
  lr: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  seed?: number | null;
}

/** The head's numbers and Adam's state, float64: w [D·K] row-major as head.fc.weight [D,K], b [K]. */
interface HeadState { d: number; k: number; w: Float64Array; b: Float64Array; m: Float64Array[]; v: Float64Array[]; step: number }

/**
 * Mean cross-entropy of rows `idx` and its gradient into gw [D·K], gb [K] (overwritten). Logits are z = x·W + b;
 * dL/dz = (softmax(z) − onehot(y)) / B.
 */
function lossAndGrad(s: HeadState, x: Float32Array, labels: Int32Array, idx: Int32Array, gw: Float64Array, gb: Float64Array): number {
  const { d, k, w, b } = s;
  gw.fill(0);
  gb.fill(0);
  const z = new Float64Array(k);
  let loss = 0;
  for (const r of idx) {
    const row = r * d;
    z.set(b);
    for (let i = 0; i < d; i++) {
      const xi = x[row + i];
      if (xi === 0) continue; // pooled ReLU features: many zeros
      for (let c = 0, o = i * k; c < k; c++) z[c] += xi * w[o + c];
    }
    let max = -Infinity;
    for (let c = 0; c < k; c++) max = Math.max(max, z[c]);
    let sum = 0;
    for (let c = 0; c < k; c++) sum += Math.exp(z[c] - max);
    const lse = max + Math.log(sum);
    loss += lse - z[labels[r]];
    for (let c = 0; c < k; c++) z[c] = (Math.exp(z[c] - lse) - (c === labels[r] ? 1 : 0)) / idx.length;
    for (let c = 0; c < k; c++) gb[c] += z[c];
    for (let i = 0; i < d; i++) {
      const xi = x[row + i];
      if (xi === 0) continue;
      for (let c = 0, o = i * k; c < k; c++) gw[o + c] += xi * z[c];
    }
  }
  return loss / idx.length;
}

/** torch.optim.Adam (no weight decay) on p with gradient g, state m, v, at step t (1-based). */
function adam(p: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array, t: number, o: Required<Omit<HeadFitOptions, 'seed'>>): void {
  const bc1 = 1 - o.beta1 ** t, sbc2 = Math.sqrt(1 - o.beta2 ** t);
  for (let i = 0; i < p.length; i++) {
    m[i] = o.beta1 * m[i] + (1 - o.beta1) * g[i];
    v[i] = o.beta2 * v[i] + (1 - o.beta2) * g[i] * g[i];
    p[i] -= (o.lr / bc1) * m[i] / (Math.sqrt(v[i]) / sbc2 + o.eps);
  }
}

/**
 * Trains head.fc of `m` on a 'head.gap' cache with labels [rows] (ids < classes): mean softmax cross-entropy per
 * minibatch, Adam, rows reshuffled each epoch exactly as fitCache does. A NaN/±Infinity loss throws
 * NonFiniteLossError and leaves the model as it was (nothing is written until the end). No tensor escapes.
 */
export async function fitHead(m: ResNet18, cache: FeatureCache, labels: Int32Array, opts: HeadFitOptions): Promise<FitResult> {
  if (cache.point !== 'head.gap') throw new Error('fitHead trains from the pooled features (head.gap) only.');
  if (labels.length !== cache.rows) throw new Error(`${cache.rows} cached rows but ${labels.length} labels.`);
  const W = m.params.get('head.fc.weight')!, B = m.params.get('head.fc.bias')!;
  const [d, k] = W.shape;
  if (labels.some((y) => y < 0 || y >= k)) throw new Error(`labels must be class ids 0–${k - 1}.`);
  if (cache.data.length !== cache.rows * d) throw new Error(`cached rows have ${cache.data.length / Math.max(1, cache.rows)} numbers, the head takes ${d}.`);
  const o = { lr: opts.lr, beta1: opts.beta1 ?? 0.9, beta2: opts.beta2 ?? 0.999, eps: opts.eps ?? 1e-8, epochs: opts.epochs, batchSize: opts.batchSize };
  const s: HeadState = {
    d, k, w: Float64Array.from(await W.data()), b: Float64Array.from(await B.data()),
    m: [new Float64Array(d * k), new Float64Array(k)], v: [new Float64Array(d * k), new Float64Array(k)], step: 0,
  };
  const gw = new Float64Array(d * k), gb = new Float64Array(k);
  const rng = opts.seed == null ? null : createRng(opts.seed);
  const result: FitResult = { stepLosses: [], epochLosses: [] };
  for (let e = 0; e < o.epochs; e++) {
    const order = rng ? permutation(cache.rows, rng) : Int32Array.from({ length: cache.rows }, (_, i) => i);
    let sum = 0;
    for (let at = 0; at < cache.rows; at += o.batchSize) {
      const idx = order.subarray(at, Math.min(cache.rows, at + o.batchSize));
      const loss = lossAndGrad(s, cache.data, labels, idx, gw, gb);
      if (!Number.isFinite(loss)) throw new NonFiniteLossError(loss);
      s.step += 1;
      adam(s.w, gw, s.m[0], s.v[0], s.step, o);
      adam(s.b, gb, s.m[1], s.v[1], s.step, o);
      result.stepLosses.push(loss);
      sum += loss * idx.length;
    }
    result.epochLosses.push(sum / cache.rows);
  }
  tf.tidy(() => {
    W.assign(tf.tensor2d(Float32Array.from(s.w), [d, k]));
    B.assign(tf.tensor1d(Float32Array.from(s.b)));
  });
  return result;
}
