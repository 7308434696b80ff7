import { describe, it, expect, beforeAll } from 'vitest';
import { useBackend } from '../helpers/tfNode';
import { createResNet18, disposeResNet18 } from '../../src/lib/nn/resnet18';
import { earlyStopping, stepsPerEpoch } from '../../src/lib/train/config';
import { meanCrossEntropy } from '../../src/lib/nn/evaluate';
import { evaluateDataset } from '../../src/lib/train/evaluate';
import { gradCamOf } from '../../src/lib/train/gradcam';
import { makeSyntheticDataset } from '../../src/lib/data/synthetic';
import { channelStats } from '../../src/lib/data/dataset';

let tf: Awaited<ReturnType<typeof useBackend>>;
beforeAll(async () => {
  tf = await useBackend('wasm');
});

describe('trainer bookkeeping', () => {
  it('early stopping counts epochs without a lower validation loss', () => {
    let s = { best: Infinity, bad: 0, stop: false };
    const seq = [1.0, 0.9, 0.95, 0.91, 0.89, 0.9, 0.9];
    const stops = seq.map((v) => (s = earlyStopping(s.best, s.bad, v, 2)).stop);
    expect(stops).toEqual([false, false, false, true, false, false, true]);
    expect(s.best).toBe(0.89);
    expect(earlyStopping(1, 5, 2, 0).stop).toBe(false);
  });

  it('counts whole batches per epoch', () => {
    expect(stepsPerEpoch(160, 16)).toBe(10);
    expect(stepsPerEpoch(170, 16)).toBe(10);
    expect(stepsPerEpoch(5, 16)).toBe(1);
  });

  it('mean cross-entropy matches −log softmax by hand', () => {
    // logits [1, 2, 3] label 2: −log(e³/(e+e²+e³)); logits [0, 0] label 0: log 2
    const want = (-Math.log(Math.exp(3) / (Math.exp(1) + Math.exp(2) + Math.exp(3))) + Math.log(2)) / 2;
    expect(meanCrossEntropy([1, 2, 3], 3, [2])).toBeCloseTo(-Math.log(Math.exp(3) / (Math.exp(1) + Math.exp(2) + Math.exp(3))), 12);
    expect((meanCrossEntropy([1, 2, 3], 3, [2]) + meanCrossEntropy([0, 0], 2, [0])) / 2).toBeCloseTo(want, 12);
  });
});

describe('Grad-CAM on a studio image', () => {
  it('explains the predicted class at image resolution, agreeing with evaluation, leaking nothing', async () => {
    const m = createResNet18({ variant: 'cifar', widthMultiplier: 0.125, inputSize: 16 }, { seed: 2 });
    const d = makeSyntheticDataset({ perClass: 1, seed: 4, size: 16 });
    const norm = channelStats(d);
    const ev = await evaluateDataset(m, d, norm);
    const before = tf.memory().numTensors;
    const r = await gradCamOf(m, d, 3, norm);
    expect(tf.memory().numTensors).toBe(before);
    expect(r.heat.length).toBe(16 * 16);
    expect(r.heat.every((v) => v >= -1e-6)).toBe(true);
    expect(r.predicted).toBe(ev.preds[3]);
    expect(r.probability).toBeCloseTo(ev.confidence[3], 5);
    disposeResNet18(m);
  });
});
