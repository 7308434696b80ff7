import * as tf from '@tensorflow/tfjs-core';
import { createRng, type Rng } from '../../src/lib/nn';
import { dataTensors, type LineData } from './surface';

/**
 * Step 5's numbers. Mini-batches: the gradient of L on B of the N points, drawn without replacement, scatters
 * around the full gradient g; for a batch mean of per-point gradients gᵢ the spread has a closed form,
 *   E‖g_B − g‖² = (N − B)/(N − 1) · σ²/B,   σ² = (1/N) Σᵢ ‖gᵢ − g‖²
 * (sampling without replacement; zero at B = N). Validation: the best of K equally good settings, each
 * scored on the same n validation images, looks better than it is; its expected score is exact.
 */

/** Batch sizes the figure offers (N = 256 points). */
export const BATCH_SIZES = [1, 2, 4, 8, 16, 32, 64, 128, 256] as const;
/** How many batches are drawn to measure the spread. */
export const BATCH_DRAWS = 1000;

/** The full gradient, the drawn batch gradients and the spread, measured and from the formula. */
export interface BatchNoise {
  /** Where the gradients were taken, and the batch size. */
  at: [number, number];
  batch: number;
  full: [number, number];
  /** Batch gradients, [draws·2] row-major (∂L/∂w₁, ∂L/∂w₂ per batch). */
  batches: Float32Array;
  /** Mean of ‖g_B − g‖² over the drawn batches. */
  measured: number;
  /** (N − B)/(N − 1) · σ²/B. */
  expected: number;
}

/** `draws` batches of `size` distinct indices in [0, n) (partial Fisher–Yates per batch), [draws·size]. */
export function drawBatches(rng: Rng, n: number, size: number, draws: number): Int32Array {
  const out = new Int32Array(draws * size);
  const pool = Int32Array.from({ length: n }, (_, i) => i);
  for (let d = 0; d < draws; d++) {
    for (let s = 0; s < size; s++) {
      const r = s + rng.int(n - s);
      [pool[s], pool[r]] = [pool[r], pool[s]];
      out[d * size + s] = pool[s];
    }
  }
  return out;
}

/**
 * Per-point gradients gᵢ = 2xᵢ(xᵢ·w − yᵢ) [N,2] at w, with tfjs; their mean over a batch is the batch
 * gradient of the mean squared error. Caller disposes.
 */
function pointGradients(x: tf.Tensor2D, y: tf.Tensor2D, w: readonly [number, number]): tf.Tensor2D {
  return tf.tidy(() => tf.mul(tf.mul(x, tf.sub(tf.matMul(x, tf.tensor2d([...w], [2, 1])), y)), 2) as tf.Tensor2D);
}

/** Draws BATCH_DRAWS batches of size `batch` (seeded) at w and measures their spread, with tfjs; one await. */
export async function batchNoise(data: LineData, w: readonly [number, number], batch: number, seed = 5, draws = BATCH_DRAWS): Promise<BatchNoise> {
  if (!Number.isInteger(batch) || batch < 1 || batch > data.n) {
    throw new Error(`A batch holds 1 to ${data.n} points, got ${batch}.`);
  }
  const idx = drawBatches(createRng(seed), data.n, batch, draws);
  const out = tf.tidy(() => {
    const { x, y } = dataTensors(data);
    const gi = pointGradients(x, y, w);
    const full = tf.mean(gi, 0);
    const sigma2 = tf.mean(tf.sum(tf.square(tf.sub(gi, full)), 1));
    const picked = tf.reshape(tf.gather(gi, tf.tensor1d(idx, 'int32')), [draws, batch, 2]);
    const batches = tf.mean(picked, 1);
    const measured = tf.mean(tf.sum(tf.square(tf.sub(batches, full)), 1));
    return tf.concat([full, tf.reshape(sigma2, [1]), tf.reshape(measured, [1]), tf.reshape(batches, [-1])]);
  });
  const v = (await out.data()) as Float32Array;
  out.dispose();
  const n = data.n;
  return {
    at: [w[0], w[1]],
    batch,
    full: [v[0], v[1]],
    batches: v.slice(4),
    measured: v[3],
    expected: ((n - batch) / (n - 1)) * (v[2] / batch),
  };
}

/** Binomial(n, p) probabilities P(S = 0..n), built by the ratio P(s+1)/P(s) in log space (no overflow). */
export function binomialPmf(n: number, p: number): number[] {
  const logs: number[] = [n * Math.log1p(-p)];
  for (let s = 0; s < n; s++) logs.push(logs[s] + Math.log((n - s) / (s + 1)) + Math.log(p / (1 - p)));
  return logs.map(Math.exp);
}

/**
 * Expected best validation accuracy when K settings that are all truly right with probability p are each
 * scored on the same-sized set of n images (independent errors): E[max of K Binomial(n, p)] / n, exactly,
 * from P(max ≤ m) = F(m)^K.
 */
export function expectedBestOfK(p: number, n: number, k: number): number {
  const pmf = binomialPmf(n, p);
  let cdf = 0;
  let prevPow = 0;
  let mean = 0;
  for (let m = 0; m <= n; m++) {
    cdf += pmf[m];
    const pow = Math.min(1, cdf) ** k;
    mean += m * (pow - prevPow);
    prevPow = pow;
  }
  return mean / n;
}

/** One seeded draw of the experiment: each setting's validation score, the winner, and its score on a fresh test set. */
export interface BestOfKDraw {
  valScores: number[];
  winner: number;
  winnerVal: number;
  winnerTest: number;
}

/** Simulates it: every image right with probability p, independently; returns fractions right. */
export function drawBestOfK(p: number, n: number, k: number, seed: number): BestOfKDraw {
  const rng = createRng(seed);
  const score = () => {
    let s = 0;
    for (let i = 0; i < n; i++) if (rng.next() < p) s += 1;
    return s / n;
  };
  const valScores = Array.from({ length: k }, score);
  const winner = valScores.indexOf(Math.max(...valScores));
  return { valScores, winner, winnerVal: valScores[winner], winnerTest: score() };
}
