/**
 * The SE block against naive float64 loops: forward value by value, gradients (x, W1, b1, W2, b2) against
 * central finite differences of the same loops, parameter and multiply-add counts against a hand count.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import type * as tfType from '@tensorflow/tfjs';
import { useBackend } from '../../helpers/tfNode';
import { createRng, normalArray } from '../../../src/lib/nn/random';
import { basicBlockConvMacs, seForward, seHidden, seMacs, seParamCount, seStageRows } from '../../../lessons/ship-it/seBlock';

let tf: typeof tfType;
beforeAll(async () => {
  tf = await useBackend('cpu');
});

const [N, H, W, C, R] = [2, 3, 4, 8, 4];
const HID = C / R;

interface P { x: number[]; w1: number[]; b1: number[]; w2: number[]; b2: number[] }

/** Naive float64 SE forward, NHWC, then Σ y·g (a scalar whose gradient is the backward pass of y with seed g). */
function naiveLoss(p: P, g: number[]): { y: number[]; loss: number } {
  const y = new Array<number>(p.x.length).fill(0);
  let loss = 0;
  for (let n = 0; n < N; n++) {
    const s = new Array<number>(C).fill(0);
    for (let i = 0; i < H * W; i++) for (let c = 0; c < C; c++) s[c] += p.x[(n * H * W + i) * C + c] / (H * W);
    const z = Array.from({ length: HID }, (_, j) => Math.max(0, p.b1[j] + s.reduce((a, sc, c) => a + sc * p.w1[c * HID + j], 0)));
    const e = Array.from({ length: C }, (_, c) => 1 / (1 + Math.exp(-(p.b2[c] + z.reduce((a, zj, j) => a + zj * p.w2[j * C + c], 0)))));
    for (let i = 0; i < H * W; i++) for (let c = 0; c < C; c++) {
      const k = (n * H * W + i) * C + c;
      y[k] = p.x[k] * e[c];
      loss += y[k] * g[k];
    }
  }
  return { y, loss };
}

describe('SE block', () => {
  const rng = createRng(11);
  const p: P = {
    x: Array.from(normalArray(rng, N * H * W * C, 1)), w1: Array.from(normalArray(rng, C * HID, 0.5)),
    b1: Array.from(normalArray(rng, HID, 0.1)), w2: Array.from(normalArray(rng, HID * C, 0.5)), b2: Array.from(normalArray(rng, C, 0.1)),
  };
  const g = Array.from(normalArray(rng, N * H * W * C, 1));

  it('forward equals the naive loops and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const t = {
      x: tf.tensor4d(p.x, [N, H, W, C]), w1: tf.tensor2d(p.w1, [C, HID]), b1: tf.tensor1d(p.b1), w2: tf.tensor2d(p.w2, [HID, C]), b2: tf.tensor1d(p.b2),
    };
    const y = seForward(t.x, t);
    const got = await y.data();
    const want = naiveLoss(p, g).y;
    for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i], 5);
    y.dispose();
    Object.values(t).forEach((v) => v.dispose());
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gradients for x, W1, b1, W2, b2 equal central differences of the float64 loops', async () => {
    const keys = ['x', 'w1', 'b1', 'w2', 'b2'] as const;
    const shapes: Record<string, number[]> = { x: [N, H, W, C], w1: [C, HID], b1: [HID], w2: [HID, C], b2: [C] };
    const gT = tf.tensor4d(g, [N, H, W, C]);
    const f = (x: tfType.Tensor, w1: tfType.Tensor, b1: tfType.Tensor, w2: tfType.Tensor, b2: tfType.Tensor) =>
      tf.sum(tf.mul(seForward(x as tfType.Tensor4D, { w1: w1 as tfType.Tensor2D, b1: b1 as tfType.Tensor1D, w2: w2 as tfType.Tensor2D, b2: b2 as tfType.Tensor1D }), gT));
    const inputs = keys.map((k) => tf.tensor(p[k], shapes[k]));
    const grads = tf.grads(f)(inputs);
    const eps = 1e-6;
    for (let a = 0; a < keys.length; a++) {
      const got = await grads[a].data();
      const v = p[keys[a]];
      for (let i = 0; i < v.length; i += Math.max(1, Math.floor(v.length / 12))) {
        const plus = { ...p, [keys[a]]: v.map((u, j) => (j === i ? u + eps : u)) };
        const minus = { ...p, [keys[a]]: v.map((u, j) => (j === i ? u - eps : u)) };
        const fd = (naiveLoss(plus, g).loss - naiveLoss(minus, g).loss) / (2 * eps);
        expect(got[i], `${keys[a]}[${i}]`).toBeCloseTo(fd, 3);
      }
    }
    [...inputs, ...grads, gT].forEach((t) => t.dispose());
  });

  it('costs by hand: C=64, r=16 adds 580 parameters and 2·64·4 + 56·56·64 multiply-adds at 56×56', () => {
    expect(seHidden(64)).toBe(4);
    expect(seParamCount(64)).toBe(64 * 4 + 4 + 4 * 64 + 64); // 580
    expect(seParamCount(64)).toBe(580);
    expect(seMacs(64, 56, 56)).toBe(512 + 200_704);
    expect(basicBlockConvMacs(64, 56, 56)).toBe(2 * 56 * 56 * 9 * 64 * 64);
    expect(seHidden(8, 16)).toBe(1);
  });

  it('SE-ResNet-18 (r = 16) adds 89,080 parameters: 2 blocks × (580 + 2,184 + 8,464 + 33,312)', () => {
    const rows = seStageRows();
    expect(rows.map((r) => r.seParams)).toEqual([580, 2184, 8464, 33312]);
    expect(rows.reduce((a, r) => a + 2 * r.seParams, 0)).toBe(89_080);
    expect(rows.map((r) => r.side)).toEqual([56, 28, 14, 7]);
  });
});
