import { describe, it, expect, beforeAll } from 'vitest';
import { useBackend } from '../../helpers/tfNode';
import { crossEntropyNaive } from '../../helpers/naiveGrad';
import { softmaxLoss, START_LOGITS } from '../../../lessons/how-networks-learn/softmaxLoss';
import type * as tfType from '@tensorflow/tfjs';

let tf: typeof tfType;
beforeAll(async () => {
  tf = await useBackend('wasm');
});

/** Float64 softmax from the definition. */
function softmax(z: number[]): number[] {
  const e = z.map((v) => Math.exp(v));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

describe('softmaxLoss (step 1)', () => {
  const cases: [number[], number][] = [[START_LOGITS, 0], [START_LOGITS, 2], [[-6, 6, 0, 0], 0], [[0, 0, 0, 0], 3], [[5.9, -3.2, 1.1, 0.4], 1]];
  for (const [z, y] of cases) {
    it(`matches float64 softmax, cross-entropy and p − onehot for logits [${z}] and class ${y}`, async () => {
      const got = await softmaxLoss(z, y);
      const ref = crossEntropyNaive(z, [y], z.length);
      const p = softmax(z);
      expect(got.loss).toBeCloseTo(ref.loss, 5);
      expect(got.loss).toBeCloseTo(-Math.log(p[y]), 5);
      p.forEach((pk, k) => expect(got.probs[k]).toBeCloseTo(pk, 6));
      Array.from(ref.grad).forEach((gk, k) => expect(got.grad[k]).toBeCloseTo(gk, 6));
    });
  }

  it('is unchanged when every logit moves by the same amount (the lesson says so)', async () => {
    const a = await softmaxLoss([2, 1, -1, 0.5], 1);
    const b = await softmaxLoss([4, 3, 1, 2.5], 1);
    expect(b.loss).toBeCloseTo(a.loss, 5);
  });

  it('refuses a class that is not there, and leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    await softmaxLoss(START_LOGITS, 3);
    await expect(softmaxLoss(START_LOGITS, 4)).rejects.toThrow(/one of the 4 classes/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
