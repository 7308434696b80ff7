import { describe, it, expect, beforeAll } from 'vitest';
import { useBackend } from '../../helpers/tfNode';
import { makeLineData, quadratic, START } from '../../../lessons/how-networks-learn/surface';
import { batchNoise, drawBatches, binomialPmf, expectedBestOfK, drawBestOfK, BATCH_DRAWS } from '../../../lessons/how-networks-learn/minibatch';
import { createRng } from '../../../src/lib/nn';
import { toPoints, mseGrad } from './reference';
import type * as tfType from '@tensorflow/tfjs';

let tf: typeof tfType;
beforeAll(async () => {
  tf = await useBackend('wasm');
});

const data = makeLineData();
const pts = toPoints(data.x, data.y);

/** Per-point gradients in float64: gᵢ = 2xᵢ(xᵢ·w − yᵢ). */
const pointGrads = (w: readonly number[]) => pts.xs.map((x, i) => {
  const e = x[0] * w[0] + x[1] * w[1] - pts.ys[i];
  return [2 * x[0] * e, 2 * x[1] * e];
});

describe('mini-batch gradients (step 5)', () => {
  it('batches hold distinct indices in range', () => {
    const idx = drawBatches(createRng(1), 10, 4, 50);
    for (let d = 0; d < 50; d++) {
      const b = Array.from(idx.slice(d * 4, d * 4 + 4));
      expect(new Set(b).size).toBe(4);
      b.forEach((i) => expect(i >= 0 && i < 10).toBe(true));
    }
  });

  it('the scatter formula is exact: enumerating every batch of 2 from 5 points gives it', () => {
    const g = [[1, 0], [0, 2], [-1, 1], [3, -1], [0.5, 0.5]];
    const mean = [0, 1].map((k) => g.reduce((s, v) => s + v[k], 0) / 5);
    const sigma2 = g.reduce((s, v) => s + (v[0] - mean[0]) ** 2 + (v[1] - mean[1]) ** 2, 0) / 5;
    let total = 0, count = 0;
    for (let i = 0; i < 5; i++) for (let j = i + 1; j < 5; j++) {
      total += ((g[i][0] + g[j][0]) / 2 - mean[0]) ** 2 + ((g[i][1] + g[j][1]) / 2 - mean[1]) ** 2;
      count++;
    }
    expect(total / count).toBeCloseTo(((5 - 2) / (5 - 1)) * (sigma2 / 2), 12);
  });

  for (const [where, w] of [['start', START], ['minimum', quadratic(data).minimum]] as const) {
    it(`at the ${where}: full gradient, batch gradients, measured and expected spread match float64`, async () => {
      const gi = pointGrads(w);
      const full = [0, 1].map((k) => gi.reduce((s, v) => s + v[k], 0) / data.n);
      expect(full[0]).toBeCloseTo(mseGrad(pts, w)[0], 9);
      const sigma2 = gi.reduce((s, v) => s + (v[0] - full[0]) ** 2 + (v[1] - full[1]) ** 2, 0) / data.n;
      for (const b of [1, 8, 256]) {
        const r = await batchNoise(data, w, b, 5);
        const scale = Math.hypot(full[0], full[1]) + Math.sqrt(sigma2);
        expect(Math.abs(r.full[0] - full[0]) / scale).toBeLessThan(1e-5);
        expect(Math.abs(r.full[1] - full[1]) / scale).toBeLessThan(1e-5);
        // the same batches, averaged in float64
        const idx = drawBatches(createRng(5), data.n, b, BATCH_DRAWS);
        let sq = 0;
        for (let d = 0; d < BATCH_DRAWS; d++) {
          const gb = [0, 1].map((k) => Array.from(idx.slice(d * b, d * b + b)).reduce((s, i) => s + gi[i][k], 0) / b);
          expect(Math.abs(r.batches[2 * d] - gb[0]) / scale).toBeLessThan(1e-5);
          sq += (gb[0] - full[0]) ** 2 + (gb[1] - full[1]) ** 2;
        }
        expect(Math.abs(r.measured - sq / BATCH_DRAWS) / (scale * scale)).toBeLessThan(1e-5);
        expect(Math.abs(r.expected - ((data.n - b) / (data.n - 1)) * (sigma2 / b)) / (scale * scale)).toBeLessThan(1e-5);
        if (b < data.n) expect(r.measured / r.expected).toBeGreaterThan(0.6);
        if (b < data.n) expect(r.measured / r.expected).toBeLessThan(1.5);
      }
    });
  }

  it('leaks no tensors and refuses impossible batch sizes', async () => {
    const before = tf.memory().numTensors;
    await batchNoise(data, START, 16);
    await expect(batchNoise(data, START, 0)).rejects.toThrow(/1 to 256/);
    await expect(batchNoise(data, START, 257)).rejects.toThrow(/1 to 256/);
    expect(tf.memory().numTensors).toBe(before);
  });
});

/** P(Binomial(n, p) ≤ m) by dynamic programming over the n trials (independent of the lesson's pmf). */
function binomialCdf(n: number, p: number): number[] {
  let dist = [1];
  for (let t = 0; t < n; t++) {
    const next = new Array(dist.length + 1).fill(0);
    dist.forEach((q, s) => { next[s] += q * (1 - p); next[s + 1] += q * p; });
    dist = next;
  }
  let c = 0;
  return dist.map((q) => (c += q));
}

describe('choosing by validation (step 5)', () => {
  it('binomial probabilities sum to 1 and match the dynamic-programming CDF', () => {
    const pmf = binomialPmf(200, 0.7);
    expect(pmf.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    const cdf = binomialCdf(200, 0.7);
    let c = 0;
    pmf.forEach((q, m) => { c += q; expect(c).toBeCloseTo(cdf[m], 10); });
  });

  it('the expected best of K equals Σ_m P(max > m) / n, and is p for K = 1', () => {
    for (const [n, k] of [[50, 1], [200, 10], [200, 50], [1000, 20]]) {
      const cdf = binomialCdf(n, 0.7);
      let survival = 0;
      for (let m = 0; m < n; m++) survival += 1 - Math.min(1, cdf[m]) ** k;
      expect(expectedBestOfK(0.7, n, k)).toBeCloseTo(survival / n, 8);
    }
    expect(expectedBestOfK(0.7, 200, 1)).toBeCloseTo(0.7, 10);
    expect(expectedBestOfK(0.7, 200, 10)).toBeGreaterThan(0.74);
  });

  it('a draw picks the best validation score; over many draws the winner tests at p, its validation above p', () => {
    let val = 0, test = 0;
    const draws = 400;
    for (let s = 0; s < draws; s++) {
      const d = drawBestOfK(0.7, 200, 10, s + 1);
      expect(d.winnerVal).toBe(Math.max(...d.valScores));
      val += d.winnerVal / draws;
      test += d.winnerTest / draws;
    }
    expect(Math.abs(test - 0.7)).toBeLessThan(0.01);
    expect(Math.abs(val - expectedBestOfK(0.7, 200, 10))).toBeLessThan(0.01);
  });
});
