import * as tf from '@tensorflow/tfjs-core';
import { createRng, crossEntropy, registerWasmTrainingKernels } from '../../src/lib/nn';

/**
 * Step 3's network, small enough to write the chain rule out by hand: a 5×5 one-channel picture →
 * conv 3×3 (2 filters, no padding, no bias) a [3,3,2] → ReLU r → global average pool p [2] (ResNet's head)
 * → fc z = pW + b [3] → softmax cross-entropy L for the true class. For one conv weight w = K[u,v,0,c]:
 *   ∂L/∂w = Σ_k (q_k − t_k)·W[c,k] · (1/9) Σ_{i,j} [a_{ijc} > 0]·x_{i+u, j+v}
 * The gradient is computed three ways: that formula on the forward pass's numbers, tf.grad, and a central
 * finite difference (L(w + h) − L(w − h)) / 2h of two more forward passes.
 */

/** The tiny network's numbers: picture x [5][5], kernel K [3·3·1·2] (HWIO), fc W [2·3] (in × out), b [3]. */
export interface TinyNet {
  x: number[][];
  kernel: Float32Array;
  fcW: Float32Array;
  fcB: Float32Array;
}

export const TINY = Object.freeze({ size: 5, k: 3, filters: 2, classes: 3, seed: 11 });
/** Step of the finite difference: large enough for float32 round-off (~1e-7 / 2h), small enough for curvature. */
export const FD_STEP = 1e-2;

/** The seeded tiny network: a picture with values in [0, 1) and weights uniform in (−1, 1). */
export function makeTinyNet(seed = TINY.seed): TinyNet {
  const rng = createRng(seed);
  const u = (lo: number, hi: number) => lo + (hi - lo) * rng.next();
  const x = Array.from({ length: TINY.size }, () => Array.from({ length: TINY.size }, () => u(0, 1)));
  const kernel = Float32Array.from({ length: TINY.k * TINY.k * TINY.filters }, () => u(-1, 1));
  const fcW = Float32Array.from({ length: TINY.filters * TINY.classes }, () => u(-1, 1));
  const fcB = Float32Array.from({ length: TINY.classes }, () => u(-0.2, 0.2));
  return { x, kernel, fcW, fcB };
}

/** Which conv weight: kernel row u, column v (0-based), filter c. */
export interface WeightAt { u: number; v: number; c: number }

/** One position of the conv output in the chain rule's inner sum. */
export interface ChainTerm { i: number; j: number; a: number; open: boolean; x: number }

/** The chain rule's factors for one weight, from the forward pass's numbers. */
export interface ChainRule {
  /** softmax q [3] and ∂L/∂z = q − t [3]. */
  probs: number[];
  dLdz: number[];
  /** W[c, k] for k = 0..2: how output k reads pooled channel c. */
  fcRow: number[];
  /** ∂L/∂p_c = Σ_k (q_k − t_k)·W[c,k]. */
  dLdp: number;
  terms: ChainTerm[];
  /** ∂p_c/∂w = (1/9) Σ [a > 0]·x. */
  dpdw: number;
  value: number;
}

/** The three answers for ∂L/∂w, the loss, and whether ±h may cross a ReLU kink (then the finite difference is off). */
export interface GradCheck {
  /** The question: true class and weight. */
  label: number;
  at: WeightAt;
  loss: number;
  chain: ChainRule;
  tfGrad: number;
  finiteDiff: number;
  h: number;
  kinkNear: boolean;
}

const kernelIndex = (at: WeightAt) => (at.u * TINY.k + at.v) * TINY.filters + at.c;

/** Loss of the tiny network for kernel `k` [3,3,1,2] (other tensors as made by tensorsOf). Caller disposes. */
function lossFor(x: tf.Tensor4D, k: tf.Tensor, w: tf.Tensor2D, b: tf.Tensor1D, y: tf.Tensor1D): { a: tf.Tensor4D; z: tf.Tensor2D; loss: tf.Scalar } {
  const a = tf.conv2d(x, k as tf.Tensor4D, 1, 'valid');
  const p = tf.mean(tf.relu(a), [1, 2]) as tf.Tensor2D;
  const z = tf.add(tf.matMul(p, w), b) as tf.Tensor2D;
  return { a, z, loss: crossEntropy(z, y) };
}

/**
 * ∂L/∂w for the conv weight `at` and true class `label`, three ways (see the file comment), on the backend in
 * use. One await; no tensors escape.
 */
export async function gradCheck(net: TinyNet, label: number, at: WeightAt, h = FD_STEP): Promise<GradCheck> {
  if (![at.u, at.v].every((n) => Number.isInteger(n) && n >= 0 && n < TINY.k) || !(at.c === 0 || at.c === 1)) {
    throw new Error(`No conv weight at row ${at.u}, column ${at.v}, filter ${at.c} (rows and columns 0–2, filters 0–1).`);
  }
  // tf.grad with respect to a conv filter needs Conv2DBackpropFilter, which tfjs-backend-wasm lacks; the
  // notebook's training kernels supply it (idempotent; the studio's worker registers the same ones).
  if (tf.getBackend() === 'wasm') registerWasmTrainingKernels();
  const idx = kernelIndex(at);
  const out = tf.tidy(() => {
    const x = tf.tensor4d(net.x.flat(), [1, TINY.size, TINY.size, 1]);
    const k = tf.tensor4d(net.kernel, [TINY.k, TINY.k, 1, TINY.filters]);
    const w = tf.tensor2d(net.fcW, [TINY.filters, TINY.classes]);
    const b = tf.tensor1d(net.fcB);
    const y = tf.tensor1d([label], 'int32');
    const { a, z, loss } = lossFor(x, k, w, b, y);
    const grad = tf.grad((kk: tf.Tensor) => lossFor(x, kk, w, b, y).loss)(k);
    const e = tf.reshape(tf.oneHot(tf.tensor1d([idx], 'int32'), k.size), k.shape);
    const plus = lossFor(x, tf.add(k, tf.mul(e, h)), w, b, y).loss;
    const minus = lossFor(x, tf.sub(k, tf.mul(e, h)), w, b, y).loss;
    const flat = (t: tf.Tensor) => tf.reshape(t, [-1]);
    return tf.concat([flat(a), flat(tf.softmax(z)), flat(loss), tf.slice(flat(grad), [idx], [1]), flat(plus), flat(minus)]);
  });
  const v = Array.from(await out.data());
  out.dispose();
  const aSize = 9 * TINY.filters;
  const a = v.slice(0, aSize);
  const probs = v.slice(aSize, aSize + TINY.classes);
  const [loss, tfGrad, lPlus, lMinus] = v.slice(aSize + TINY.classes);
  const chain = chainRule(net, label, at, a, probs);
  const kinkNear = chain.terms.some((t) => Math.abs(t.a) <= h * Math.abs(t.x));
  return { label, at: { ...at }, loss, chain, tfGrad, finiteDiff: (lPlus - lMinus) / (2 * h), h, kinkNear };
}

/** The chain rule on the forward numbers: conv outputs a [3·3·2] (HWC) and softmax q [3]. Plain float64. */
export function chainRule(net: TinyNet, label: number, at: WeightAt, a: number[], probs: number[]): ChainRule {
  const dLdz = probs.map((q, k) => q - (k === label ? 1 : 0));
  const fcRow = Array.from({ length: TINY.classes }, (_, k) => net.fcW[at.c * TINY.classes + k]);
  const dLdp = dLdz.reduce((s, d, k) => s + d * fcRow[k], 0);
  const terms: ChainTerm[] = [];
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      const ai = a[(i * 3 + j) * TINY.filters + at.c];
      terms.push({ i, j, a: ai, open: ai > 0, x: net.x[i + at.u][j + at.v] });
    }
  }
  const dpdw = terms.reduce((s, t) => s + (t.open ? t.x : 0), 0) / 9;
  return { probs, dLdz, fcRow, dLdp, terms, dpdw, value: dLdp * dpdw };
}
