import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../../src/lib/nn';

/**
 * Small fully connected networks for the plain-vs-residual experiment: tfjs only, runs in Node.
 * A net of depth D has D weighted layers: a stem layer (2 → width), D − 2 hidden layers grouped in pairs,
 * and an output layer (width → classes). A pair is He et al.'s basic block with dense layers in place of
 * 3×3 convs:  plain  h' = ReLU(BN(W₂·ReLU(BN(W₁h))))   residual  h' = ReLU(h + BN(W₂·ReLU(BN(W₁h)))).
 * The two nets have the same parameters (the same seeded values); only the "+ h" differs.
 */

/** A plain-array classification set: `x` row-major [n, 2] points, `y` integer labels [n]. */
export interface PointSet {
  x: Float32Array;
  y: Int32Array;
  n: number;
  numClasses: number;
}

/**
 * Two interleaved spirals (two classes, `n` points in all, `turns` turns each) with Gaussian noise of
 * standard deviation `noise`; points lie in about [−1, 1]². Seeded: the same arguments give the same set.
 */
export function makeSpirals(n: number, turns: number, noise: number, seed: number): PointSet {
  const rng = createRng(seed);
  const x = new Float32Array(n * 2);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    const t = (Math.floor(i / 2) + 0.5) / Math.ceil(n / 2); // 0..1 along the arm
    const angle = t * turns * 2 * Math.PI + c * Math.PI;
    const r = 0.1 + 0.9 * t;
    x[2 * i] = r * Math.cos(angle) + noise * rng.normal();
    x[2 * i + 1] = r * Math.sin(angle) + noise * rng.normal();
    y[i] = c;
  }
  return { x, y, n, numClasses: 2 };
}

/** How the weights start: PyTorch's nn.Linear default (U(±1/√fan_in)) or He/Kaiming normal (N(0, 2/fan_in)). */
export type InitScheme = 'torch-default' | 'he';

/** Shape of a small net. `depth` counts weighted layers and must be even and ≥ 4. */
export interface SmallNetSpec {
  depth: number;
  width: number;
  inputs: number;
  classes: number;
  batchNorm: boolean;
  init: InitScheme;
}

/** Names of the weighted layers in order: 'stem', 'hidden1'..'hidden(D−2)', 'out'. */
export function layerNames(depth: number): string[] {
  return ['stem', ...Array.from({ length: depth - 2 }, (_, i) => `hidden${i + 1}`), 'out'];
}

/**
 * Seeded initial parameters as plain arrays: '<layer>.weight' [in, out] (row-major); then for BN nets
 * '<layer>.gamma' = 1 and '<layer>.beta' = 0 for every layer but 'out', and '<layer>.bias' [out] elsewhere.
 */
export function initParams(spec: SmallNetSpec, seed: number): Map<string, { shape: number[]; data: Float32Array }> {
  if (spec.depth < 4 || spec.depth % 2 !== 0) throw new Error(`depth must be even and at least 4 (got ${spec.depth})`);
  const rng = createRng(seed);
  const out = new Map<string, { shape: number[]; data: Float32Array }>();
  const names = layerNames(spec.depth);
  names.forEach((name, i) => {
    const fanIn = i === 0 ? spec.inputs : spec.width;
    const fanOut = i === names.length - 1 ? spec.classes : spec.width;
    const w = new Float32Array(fanIn * fanOut);
    const b = new Float32Array(fanOut);
    const bound = 1 / Math.sqrt(fanIn); // torch: kaiming_uniform(a=√5) → U(±1/√fan_in); bias the same
    for (let k = 0; k < w.length; k++) {
      w[k] = spec.init === 'he' ? rng.normal() * Math.sqrt(2 / fanIn) : (2 * rng.next() - 1) * bound;
    }
    for (let k = 0; k < b.length; k++) b[k] = spec.init === 'he' ? 0 : (2 * rng.next() - 1) * bound;
    // A bias right before BN is cancelled by BN's mean subtraction (its gradient is 0), so, as in ResNet's
    // convs, BN layers have none. It is still drawn above so that the other weights are the same values
    // with BN on and off.
    const hasBn = spec.batchNorm && i < names.length - 1;
    out.set(`${name}.weight`, { shape: [fanIn, fanOut], data: w });
    if (!hasBn) out.set(`${name}.bias`, { shape: [fanOut], data: b });
    if (hasBn) {
      out.set(`${name}.gamma`, { shape: [fanOut], data: new Float32Array(fanOut).fill(1) });
      out.set(`${name}.beta`, { shape: [fanOut], data: new Float32Array(fanOut) });
    }
  });
  return out;
}

const BN_EPS = 1e-5;

/**
 * Dense layer, then (if the net has BN) batch norm with the biased statistics of the batch's first `statsRows`
 * rows (all rows by default, as in training mode).
 */
function dense(p: Map<string, tf.Tensor>, name: string, h: tf.Tensor2D, bn: boolean, statsRows?: number): tf.Tensor2D {
  const z = tf.matMul(h, p.get(`${name}.weight`) as tf.Tensor2D);
  if (!bn || !p.has(`${name}.gamma`)) return tf.add(z, p.get(`${name}.bias`)!) as tf.Tensor2D;
  // Training-mode BN over the batch axis, written out (fewer kernels than tf.moments + tf.batchNorm).
  const zs = statsRows === undefined ? z : tf.slice(z, [0, 0], [statsRows, -1]);
  const mean = tf.mean(zs, 0);
  const centred = tf.sub(z, mean);
  const variance = statsRows === undefined ? tf.mean(tf.square(centred), 0) : tf.mean(tf.square(tf.sub(zs, mean)), 0);
  const zhat = tf.mul(centred, tf.rsqrt(tf.add(variance, BN_EPS)));
  return tf.add(tf.mul(zhat, p.get(`${name}.gamma`)!), p.get(`${name}.beta`)!) as tf.Tensor2D;
}

/**
 * Forward pass of a plain (`residual` false) or residual net: x [N, inputs] → logits [N, classes].
 * `p` maps parameter names to tensors (variables or traced tensors). BN layers normalise with the statistics
 * of x's first `statsRows` rows (default: all — training mode); put the training set first to classify other
 * points exactly as the training pass sees the training set. Call inside tf.tidy; caller disposes.
 */
export function smallNetForward(
  spec: SmallNetSpec, residual: boolean, p: Map<string, tf.Tensor>, x: tf.Tensor2D, statsRows?: number,
): tf.Tensor2D {
  let h = tf.relu(dense(p, 'stem', x, spec.batchNorm, statsRows));
  for (let i = 1; i < spec.depth - 1; i += 2) {
    const a = tf.relu(dense(p, `hidden${i}`, h, spec.batchNorm, statsRows));
    const f = dense(p, `hidden${i + 1}`, a, spec.batchNorm, statsRows);
    h = tf.relu(residual ? tf.add(h, f) : f) as tf.Tensor2D;
  }
  return dense(p, 'out', h, false);
}
