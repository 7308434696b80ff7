import { describe, it, expect, beforeAll } from 'vitest';
import { useBackend } from '../../helpers/tfNode';
import { makeLineData, quadratic, regularisedMinimum, lossGrid, LINE_DATA, VIEW } from '../../../lessons/how-networks-learn/surface';
import { toPoints, mse, mseGrad } from './reference';
import type * as tfType from '@tensorflow/tfjs';

let tf: typeof tfType;
beforeAll(async () => {
  tf = await useBackend('wasm');
});

const data = makeLineData();
const pts = toPoints(data.x, data.y);
const q = quadratic(data);

describe('the two-weight surface (steps 2, 4, 5)', () => {
  it('draws the seeded points as specified: correlation near ρ, slope near the true weights', () => {
    expect(data.n).toBe(LINE_DATA.n);
    const n = data.n;
    const mean = (f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i)).reduce((a, b) => a + b, 0) / n;
    const m1 = mean((i) => pts.xs[i][0]), m2 = mean((i) => pts.xs[i][1]);
    const cov = mean((i) => (pts.xs[i][0] - m1) * (pts.xs[i][1] - m2));
    const s1 = Math.sqrt(mean((i) => (pts.xs[i][0] - m1) ** 2)), s2 = Math.sqrt(mean((i) => (pts.xs[i][1] - m2) ** 2));
    expect(Math.abs(cov / (s1 * s2) - LINE_DATA.rho)).toBeLessThan(0.08);
    expect(Math.abs(q.minimum[0] - 2)).toBeLessThan(0.3);
    expect(Math.abs(q.minimum[1] + 1)).toBeLessThan(0.3);
  });

  it('its minimum is where the float64 gradient vanishes, with the loss there', () => {
    const g = mseGrad(pts, q.minimum);
    expect(Math.hypot(...g)).toBeLessThan(1e-9);
    expect(q.minLoss).toBeCloseTo(mse(pts, q.minimum), 10);
    // and it is a minimum: any nudge raises the loss
    for (const d of [[1e-3, 0], [0, 1e-3], [-1e-3, 1e-3]]) expect(mse(pts, [q.minimum[0] + d[0], q.minimum[1] + d[1]])).toBeGreaterThan(q.minLoss);
  });

  it('its curvatures are the eigenvalues of the finite-difference Hessian (the numbers the text prints)', () => {
    const h = 1e-3;
    const w = [0.3, -0.7];
    // ∂²L/∂wᵢ∂wⱼ as a central difference of the float64 gradient
    const second = (i: number, j: number) => {
      const wp = [...w], wm = [...w];
      wp[i] += h;
      wm[i] -= h;
      return (mseGrad(pts, wp)[j] - mseGrad(pts, wm)[j]) / (2 * h);
    };
    const [a, b, d] = [second(0, 0), second(0, 1), second(1, 1)];
    // λ solves λ² − (a + d)λ + (ad − b²) = 0; check both of the lesson's values satisfy it
    for (const l of q.curvatures) expect(Math.abs(l * l - (a + d) * l + (a * d - b * b))).toBeLessThan(1e-6);
    expect(q.curvatures[0]).toBeGreaterThan(q.curvatures[1]);
    // the lesson's printed edge 2/λmax and best rate 2/(λmax + λmin), to their 3 decimals
    expect((2 / q.curvatures[0]).toFixed(3)).toBe((4 / (a + d + Math.sqrt((a - d) ** 2 + 4 * b * b))).toFixed(3));
    expect((2 / (q.curvatures[0] + q.curvatures[1])).toFixed(3)).toBe((2 / (a + d)).toFixed(3));
  });

  it('the L2-regularised minimum zeroes ∇L + λw (float64)', () => {
    for (const lambda of [0.1, 0.5, 1]) {
      const w = regularisedMinimum(q, lambda);
      const g = mseGrad(pts, w);
      expect(Math.hypot(g[0] + lambda * w[0], g[1] + lambda * w[1])).toBeLessThan(1e-9);
    }
  });

  it('the contour grid (tfjs) holds L at every grid point, corners included, and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const grid = await lossGrid(data, 9, 7);
    expect(tf.memory().numTensors).toBe(before);
    expect(grid.values.length).toBe(63);
    for (let j = 0; j < 7; j++) {
      for (let i = 0; i < 9; i++) {
        const w = [VIEW.w1[0] + (i * (VIEW.w1[1] - VIEW.w1[0])) / 8, VIEW.w2[0] + (j * (VIEW.w2[1] - VIEW.w2[0])) / 6];
        const ref = mse(pts, w);
        expect(Math.abs(grid.values[j * 9 + i] - ref) / ref).toBeLessThan(1e-5);
      }
    }
  });
});
