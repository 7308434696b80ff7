import { describe, it, expect, beforeAll } from 'vitest';
import type * as tfType from '@tensorflow/tfjs';
import { useBackend } from '../helpers/tfNode';
import { createResNet18, disposeResNet18, forward } from '../../src/lib/nn/resnet18';
import { evaluate, evaluateBatches, argmaxRows, topKAccuracy } from '../../src/lib/nn/evaluate';
import { crossEntropyNaive, randomArray } from '../helpers/naiveGrad';

let tf: typeof tfType;
beforeAll(async () => {
  tf = await useBackend('wasm');
});

const N = 7, SIZE = 8, C = 10;
const LABELS = [3, 0, 7, 3, 9, 1, 3];
const tiny = (seed = 9) => createResNet18({ variant: 'cifar', widthMultiplier: 1 / 8, inputSize: SIZE }, { seed });

/** Naive float64 scores of logits [n, C]: loss, first-max argmax, rank of the label, softmax of the winner. */
function naiveScores(logits: ArrayLike<number>, labels: number[]) {
  const rows = labels.map((_, i) => Array.from(logits).slice(i * C, (i + 1) * C));
  const preds = rows.map((r) => r.indexOf(Math.max(...r)));
  const confidence = rows.map((r, i) => Math.exp(r[preds[i]]) / r.reduce((s, v) => s + Math.exp(v), 0));
  const inTop5 = rows.map((r, i) => r.filter((v, j) => v > r[labels[i]] || (v === r[labels[i]] && j < labels[i])).length < 5);
  const correct = preds.filter((p, i) => p === labels[i]).length;
  return { loss: crossEntropyNaive(logits, labels, C).loss, preds, confidence, correct, top5: inTop5.filter(Boolean).length / labels.length };
}

describe('evaluate (the one eval-mode loop)', () => {
  it('gives loss, accuracy, top-5, predictions and confidences equal to naive float64 on the logits, batched or not', async () => {
    const m = tiny();
    const x = tf.tensor4d(randomArray(N * SIZE * SIZE * 3, 8), [N, SIZE, SIZE, 3]);
    const y = tf.tensor1d(LABELS, 'int32');
    const r = forward(m, x, { training: false });
    const ref = naiveScores(await r.logits.data(), LABELS);
    r.logits.dispose();
    const count = tf.memory().numTensors;
    for (const batchSize of [undefined, 3, 1]) {
      const e = await evaluate(m, x, y, { batchSize });
      expect(Math.abs(e.loss - ref.loss)).toBeLessThan(1e-5);
      expect(e).toMatchObject({ correct: ref.correct, count: N, accuracy: ref.correct / N, top5: ref.top5 });
      expect(Array.from(e.preds)).toEqual(ref.preds);
      e.confidence.forEach((p, i) => expect(Math.abs(p - ref.confidence[i])).toBeLessThan(1e-6));
    }
    expect(tf.memory().numTensors).toBe(count);
    tf.dispose([x, y]);
    disposeResNet18(m);
  });

  it('evaluateBatches asks for each batch once, in order, disposes what it is given and leaks nothing', async () => {
    const m = tiny();
    const images = randomArray(N * SIZE * SIZE * 3, 4);
    const asked: [number, number][] = [];
    const count = tf.memory().numTensors;
    const e = await evaluateBatches(m, LABELS, (start, size) => {
      asked.push([start, size]);
      return tf.tensor4d(images.subarray(start * SIZE * SIZE * 3, (start + size) * SIZE * SIZE * 3), [size, SIZE, SIZE, 3]);
    }, 3);
    expect(asked).toEqual([[0, 3], [3, 3], [6, 1]]);
    expect(tf.memory().numTensors).toBe(count);
    const x = tf.tensor4d(images, [N, SIZE, SIZE, 3]);
    const r = forward(m, x, { training: false });
    const ref = naiveScores(await r.logits.data(), LABELS);
    tf.dispose([x, r.logits]);
    expect(Math.abs(e.loss - ref.loss)).toBeLessThan(1e-5);
    expect(Array.from(e.preds)).toEqual(ref.preds);
    disposeResNet18(m);
  });

  it('an empty set gives NaN loss and accuracy, no predictions', async () => {
    const m = tiny();
    const e = await evaluateBatches(m, [], () => { throw new Error('no batch expected'); }, 4);
    expect(e.count).toBe(0);
    expect(e.loss).toBeNaN();
    expect(e.accuracy).toBeNaN();
    expect(e.preds.length).toBe(0);
    disposeResNet18(m);
  });

  it('NaN logits (a diverged model) count as misses: accuracy and top-5 are 0, not 100 %', async () => {
    const m = tiny(4);
    const bias = m.params.get('head.fc.bias')!;
    const nan = tf.fill(bias.shape, NaN);
    bias.assign(nan as tfType.Tensor1D);
    const x = tf.tensor4d(randomArray(N * SIZE * SIZE * 3, 2), [N, SIZE, SIZE, 3]);
    const y = tf.tensor1d(LABELS, 'int32');
    const e = await evaluate(m, x, y);
    expect(Number.isNaN(e.loss)).toBe(true);
    expect([e.accuracy, e.correct, e.top5]).toEqual([0, 0, 0]);
    expect(topKAccuracy([NaN, 1, 2, 3, NaN, 0], 3, [0, 1], 1)).toBe(0);
    expect(topKAccuracy([0, 5, 1, 9, 1, 0], 3, [1, 0], 1)).toBe(1); // finite rows are unaffected
    tf.dispose([nan, x, y]);
    disposeResNet18(m);
  });

  it('argmaxRows takes the first of tied maxima; topKAccuracy ranks ties by lower index', () => {
    expect(Array.from(argmaxRows([1, 3, 3, 0, 0, 0], 3))).toEqual([1, 0]);
    // label 2 ties with class 1 (lower index ranks first): in the top 2, not the top 1.
    expect(topKAccuracy([1, 3, 3], 3, [2], 1)).toBe(0);
    expect(topKAccuracy([1, 3, 3], 3, [2], 2)).toBe(1);
  });
});
