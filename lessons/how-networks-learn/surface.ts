import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../../src/lib/nn';

/**
 * The two-weight loss surface of steps 2, 4 and 5: fit y ≈ w₁x₁ + w₂x₂ to N seeded points by mean squared
 * error (torch.nn.MSELoss), L(w) = (1/N) Σᵢ (w·xᵢ − yᵢ)². The two inputs are correlated, so the surface is a
 * long, narrow valley. It is a quadratic, L(w) = ½ wᵀHw − bᵀw + c with H = (2/N) XᵀX and b = (2/N) Xᵀy, so
 * its minimum, its curvatures (the eigenvalues of H) and the minimum with an L2 penalty have closed forms.
 */

/** How the points are drawn: x₁ ~ N(0,1), x₂ = ρx₁ + √(1−ρ²)·N(0,1), y = w_true·x + noise·N(0,1). */
export const LINE_DATA = Object.freeze({ n: 256, rho: 0.8, trueW: [2, -1] as const, noise: 0.5, seed: 3 });
/** Where every descent starts, and the part of the (w₁, w₂) plane the figures draw. */
export const START: readonly [number, number] = [-2, 2.5];
export const VIEW = Object.freeze({ w1: [-3.5, 4] as [number, number], w2: [-3, 3.5] as [number, number] });

/** N points: x [N·2] row-major (x₁, x₂ per point) and y [N], float32 as the tensors get them. */
export interface LineData {
  n: number;
  x: Float32Array;
  y: Float32Array;
}

/** The seeded points of LINE_DATA (plain arrays; no tensors). */
export function makeLineData(spec = LINE_DATA): LineData {
  const rng = createRng(spec.seed);
  const x = new Float32Array(spec.n * 2);
  const y = new Float32Array(spec.n);
  const side = Math.sqrt(1 - spec.rho * spec.rho);
  for (let i = 0; i < spec.n; i++) {
    const a = rng.normal();
    const b = spec.rho * a + side * rng.normal();
    x[2 * i] = a;
    x[2 * i + 1] = b;
    y[i] = spec.trueW[0] * a + spec.trueW[1] * b + spec.noise * rng.normal();
  }
  return { n: spec.n, x, y };
}

/** The surface as a quadratic (float64): Hessian H [[h11, h12], [h12, h22]], b, c, minimum, curvatures. */
export interface Quadratic {
  h: [number, number, number];
  b: [number, number];
  c: number;
  /** argmin L (solves Hw = b) and L there. */
  minimum: [number, number];
  minLoss: number;
  /** Eigenvalues of H, largest first: the steepest and the flattest curvature of the valley. */
  curvatures: [number, number];
}

/** Solves [[a, b], [b, d]]·w = v. */
function solve2(a: number, b: number, d: number, v: [number, number]): [number, number] {
  const det = a * d - b * b;
  return [(d * v[0] - b * v[1]) / det, (a * v[1] - b * v[0]) / det];
}

/** The closed forms of the surface, from the float32 points in float64 arithmetic. */
export function quadratic(data: LineData): Quadratic {
  let h11 = 0, h12 = 0, h22 = 0, b1 = 0, b2 = 0, c = 0;
  const k = 2 / data.n;
  for (let i = 0; i < data.n; i++) {
    const x1 = data.x[2 * i], x2 = data.x[2 * i + 1], y = data.y[i];
    h11 += k * x1 * x1; h12 += k * x1 * x2; h22 += k * x2 * x2;
    b1 += k * x1 * y; b2 += k * x2 * y; c += (y * y) / data.n;
  }
  const minimum = solve2(h11, h12, h22, [b1, b2]);
  const minLoss = c - 0.5 * (b1 * minimum[0] + b2 * minimum[1]);
  const mid = (h11 + h22) / 2, gap = Math.sqrt(((h11 - h22) / 2) ** 2 + h12 * h12);
  return { h: [h11, h12, h22], b: [b1, b2], c, minimum, minLoss, curvatures: [mid + gap, mid - gap] };
}

/** argmin L(w) + (λ/2)‖w‖²: where SGD with weight_decay = λ ends. Solves (H + λI)w = b. */
export function regularisedMinimum(q: Quadratic, lambda: number): [number, number] {
  return solve2(q.h[0] + lambda, q.h[1], q.h[2] + lambda, q.b);
}

/** Tensors of the points (x [N,2], y [N,1]); caller disposes. */
export function dataTensors(data: LineData): { x: tf.Tensor2D; y: tf.Tensor2D } {
  return { x: tf.tensor2d(data.x, [data.n, 2]), y: tf.tensor2d(data.y, [data.n, 1]) };
}

/** L for every column of `w` [2, K]: mean over points of (x·w − y)², a [K] tensor. Caller disposes. */
export function lossAt(x: tf.Tensor2D, y: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.mean(tf.square(tf.sub(tf.matMul(x, w), y)), 0) as tf.Tensor1D);
}

/** A grid of L over VIEW for contour lines: values[j·nx + i] = L(w₁ᵢ, w₂ⱼ), both axes ascending. */
export interface LossGrid {
  nx: number;
  ny: number;
  w1: [number, number];
  w2: [number, number];
  values: Float32Array;
}

/** L on an nx × ny grid spanning `view` (corners included), computed with tfjs in one matMul; one read. */
export async function lossGrid(data: LineData, nx = 64, ny = 64, view = VIEW): Promise<LossGrid> {
  const out = tf.tidy(() => {
    const { x, y } = dataTensors(data);
    const a = tf.linspace(view.w1[0], view.w1[1], nx);
    const b = tf.linspace(view.w2[0], view.w2[1], ny);
    // column j·nx + i holds (w₁ᵢ, w₂ⱼ)
    const w1 = tf.tile(a, [ny]);
    const w2 = tf.reshape(tf.tile(tf.reshape(b, [ny, 1]), [1, nx]), [-1]);
    return lossAt(x, y, tf.stack([w1, w2]) as tf.Tensor2D);
  });
  const values = (await out.data()) as Float32Array;
  out.dispose();
  return { nx, ny, w1: [...view.w1], w2: [...view.w2], values };
}
