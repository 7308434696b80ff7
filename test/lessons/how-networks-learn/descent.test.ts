import { describe, it, expect, beforeAll } from 'vitest';
import { useBackend } from '../../helpers/tfNode';
import { makeLineData, quadratic, regularisedMinimum, START } from '../../../lessons/how-networks-learn/surface';
import { descend, Superseded, type Method } from '../../../lessons/how-networks-learn/descent';
import { toPoints, refDescent } from './reference';
import type * as tfType from '@tensorflow/tfjs';

let tf: typeof tfType;
beforeAll(async () => {
  tf = await useBackend('wasm');
});

const data = makeLineData();
const pts = toPoints(data.x, data.y);
const q = quadratic(data);

/** Largest |difference| between the lesson's path and the float64 reference, relative to the weights' size. */
function pathError(got: { w1: number[]; w2: number[] }, ref: number[][]): number {
  let e = 0;
  got.w1.forEach((w1, i) => {
    e = Math.max(e, Math.abs(w1 - ref[i][0]) / (1 + Math.abs(ref[i][0])), Math.abs(got.w2[i] - ref[i][1]) / (1 + Math.abs(ref[i][1])));
  });
  return e;
}

describe('descend (steps 2 and 4): torch.optim update rules against float64 loops', () => {
  const runs: [Method, number, number][] = [
    ['sgd', 0.1, 0], ['momentum', 0.1, 0], ['adam', 0.1, 0], ['sgd-l2', 0.1, 0.5], ['adam-l2', 0.1, 0.5], ['adamw', 0.1, 0.5],
  ];
  for (const [method, lr, wd] of runs) {
    it(`${method}, lr ${lr}, λ ${wd}: every point of 100 steps matches`, async () => {
      const got = await descend(data, { method, lr, weightDecay: wd, momentum: 0.9, steps: 100 });
      const ref = refDescent(pts, method, lr, 100, START, wd);
      expect(got.w1.length).toBe(101);
      expect(pathError(got, ref)).toBeLessThan(2e-4);
      got.loss.forEach((l, i) => expect(Math.abs(l - ref[i][2]) / ref[i][2]).toBeLessThan(1e-4));
    });
  }

  it('plain gradient descent follows the closed form w_k − w* = (I − ηH)^k (w₀ − w*)', async () => {
    const lr = 0.3;
    const got = await descend(data, { method: 'sgd', lr, steps: 20 });
    const [h11, h12, h22] = q.h;
    let d = [START[0] - q.minimum[0], START[1] - q.minimum[1]];
    for (let k = 0; k <= 20; k++) {
      expect(got.w1[k]).toBeCloseTo(q.minimum[0] + d[0], 4);
      expect(got.w2[k]).toBeCloseTo(q.minimum[1] + d[1], 4);
      d = [d[0] - lr * (h11 * d[0] + h12 * d[1]), d[1] - lr * (h12 * d[0] + h22 * d[1])];
    }
  });

  it('crawls when too small, converges below the edge 2/λmax, diverges above it (what step 2 shows)', async () => {
    const edge = 2 / q.curvatures[0];
    const final = async (lr: number) => (await descend(data, { method: 'sgd', lr, steps: 50 })).loss.at(-1)!;
    expect(await final(0.001)).toBeGreaterThan(0.8 * (await descend(data, { method: 'sgd', lr: 0.001, steps: 0 })).loss[0]);
    expect(await final(0.95 * edge)).toBeLessThan(q.minLoss * 1.05);
    expect(await final(1.05 * edge)).toBeGreaterThan(100 * q.minLoss);
  });

  it('with exact gradients SGD and Adam with L2 end at the minimum of L + (λ/2)‖w‖²; AdamW ends elsewhere', async () => {
    const reg = regularisedMinimum(q, 0.5);
    for (const method of ['sgd-l2', 'adam-l2'] as const) {
      const t = await descend(data, { method, lr: 0.1, weightDecay: 0.5, steps: 400 });
      expect(Math.hypot(t.w1.at(-1)! - reg[0], t.w2.at(-1)! - reg[1])).toBeLessThan(2e-3);
    }
    const w100 = await descend(data, { method: 'adamw', lr: 0.1, weightDecay: 0.5, steps: 100 });
    const w1000 = await descend(data, { method: 'adamw', lr: 0.1, weightDecay: 0.5, steps: 1000 });
    expect(Math.hypot(w1000.w1.at(-1)! - reg[0], w1000.w2.at(-1)! - reg[1])).toBeGreaterThan(0.1);
    // "compare 100 and 1000 steps": AdamW's end point moves between them
    expect(Math.hypot(w1000.w1.at(-1)! - w100.w1.at(-1)!, w1000.w2.at(-1)! - w100.w2.at(-1)!)).toBeGreaterThan(0.1);
  });

  it('cuts the path where float32 overflows, and leaks no tensors on any method', async () => {
    const before = tf.memory().numTensors;
    const t = await descend(data, { method: 'sgd', lr: 1, steps: 200 });
    expect(t.overflowAt).toBeGreaterThan(10);
    expect(t.w1.length).toBe(t.overflowAt);
    for (const method of ['momentum', 'adam', 'adamw'] as const) await descend(data, { method, lr: 0.1, weightDecay: 0.1, steps: 3 });
    await expect(descend(data, { method: 'sgd', lr: 0, steps: 3 })).rejects.toThrow(/positive/);
    // a run a newer request has replaced gives up between slices of steps, and frees what it made
    let polls = 0;
    await expect(descend(data, { method: 'adam', lr: 0.1, steps: 1000 }, () => ++polls >= 2)).rejects.toBeInstanceOf(Superseded);
    expect(polls).toBe(2);
    expect(tf.memory().numTensors).toBe(before);
  });
});
