/**
 * The distillation loss against a float64 reference written from its definition (softmax with the max
 * subtracted, KL summed over classes and averaged over rows, cross-entropy), its gradient against central
 * finite differences of that reference, and its refusals.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import type * as tfType from '@tensorflow/tfjs';
import { useBackend } from '../../helpers/tfNode';
import { createRng, normalArray } from '../../../src/lib/nn/random';
import { distillationLoss, type DistillSettings } from '../../../lessons/ship-it/distill';

let tf: typeof tfType;
beforeAll(async () => {
  tf = await useBackend('cpu');
});

const [N, C] = [3, 5];

function softmax64(row: number[], T: number): number[] {
  const m = Math.max(...row.map((v) => v / T));
  const e = row.map((v) => Math.exp(v / T - m));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / z);
}

/** α·T²·(1/N)Σ_n Σ_c p_t log(p_t/p_s) + (1−α)·(1/N)Σ_n −log softmax(s_n)[y_n], all in float64. */
function reference(s: number[], t: number[], y: number[], { temperature: T, alpha }: DistillSettings): number {
  let kl = 0;
  let ce = 0;
  for (let n = 0; n < N; n++) {
    const sr = s.slice(n * C, n * C + C);
    const pt = softmax64(t.slice(n * C, n * C + C), T);
    const ps = softmax64(sr, T);
    for (let c = 0; c < C; c++) if (pt[c] > 0) kl += pt[c] * Math.log(pt[c] / ps[c]);
    ce -= Math.log(softmax64(sr, 1)[y[n]]);
  }
  return (alpha * T * T * kl) / N + ((1 - alpha) * ce) / N;
}

const rng = createRng(5);
const s = Array.from(normalArray(rng, N * C, 2));
const t = Array.from(normalArray(rng, N * C, 3));
const y = [1, 4, 0];

describe('distillationLoss', () => {
  it.each([
    { temperature: 4, alpha: 0.9 }, { temperature: 1, alpha: 0.5 }, { temperature: 2.5, alpha: 1 }, { temperature: 3, alpha: 0 },
  ])('equals the float64 reference at T = $temperature, α = $alpha, and leaks nothing', async (settings) => {
    const before = tf.memory().numTensors;
    const [sT, tT, yT] = [tf.tensor2d(s, [N, C]), tf.tensor2d(t, [N, C]), tf.tensor1d(y, 'int32')];
    const loss = distillationLoss(sT, tT, yT, settings);
    expect((await loss.data())[0]).toBeCloseTo(reference(s, t, y, settings), 5);
    tf.dispose([sT, tT, yT, loss]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is α·T²·KL alone at α = 1 and 0 when the student equals the teacher there', async () => {
    const [tT, yT] = [tf.tensor2d(t, [N, C]), tf.tensor1d(y, 'int32')];
    const loss = distillationLoss(tT, tT, yT, { temperature: 3, alpha: 1 });
    expect(Math.abs((await loss.data())[0])).toBeLessThan(1e-6);
    tf.dispose([tT, yT, loss]);
  });

  it('its gradient with respect to the student logits equals central differences of the reference', async () => {
    const settings = { temperature: 4, alpha: 0.7 };
    const [tT, yT] = [tf.tensor2d(t, [N, C]), tf.tensor1d(y, 'int32')];
    const sT = tf.tensor2d(s, [N, C]);
    const g = tf.grad((x: tfType.Tensor) => distillationLoss(x as tfType.Tensor2D, tT, yT, settings))(sT);
    const got = await g.data();
    const eps = 1e-5;
    for (let i = 0; i < s.length; i++) {
      const plus = s.map((v, j) => (j === i ? v + eps : v));
      const minus = s.map((v, j) => (j === i ? v - eps : v));
      const fd = (reference(plus, t, y, settings) - reference(minus, t, y, settings)) / (2 * eps);
      expect(got[i], `ds[${i}]`).toBeCloseTo(fd, 4);
    }
    tf.dispose([tT, yT, sT, g]);
  });

  it('refuses a temperature ≤ 0, α outside [0, 1] and mismatched shapes, in plain words', () => {
    const [a, b, yT] = [tf.tensor2d(s, [N, C]), tf.zeros([N, C + 1]) as tfType.Tensor2D, tf.tensor1d(y, 'int32')];
    expect(() => distillationLoss(a, a, yT, { temperature: 0, alpha: 0.5 })).toThrow(/temperature must be a positive/);
    expect(() => distillationLoss(a, a, yT, { temperature: 2, alpha: 1.5 })).toThrow(/α must be between 0 and 1/);
    expect(() => distillationLoss(a, a, yT, { temperature: 2, alpha: NaN })).toThrow(/α must be between/);
    expect(() => distillationLoss(a, b, yT, { temperature: 2, alpha: 0.5 })).toThrow(/same shape/);
    tf.dispose([a, b, yT]);
  });
});
