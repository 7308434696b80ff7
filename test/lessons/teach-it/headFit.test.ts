/**
 * The plain-array head trainer against the tfjs one it replaces on the page: featureCache.fitCache (autodiff
 * through the tape + the Optimizer class's Adam, float32) on the same cache, seed and batches gives the same
 * step losses and the same head within float32 rounding; a diverging run changes nothing; no tensor leaks.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../../helpers/tfNode';
import { createResNet18, disposeResNet18, NonFiniteLossError } from '../../../src/lib/nn';
import { fitCache, type FeatureCache } from '../../../src/lib/train/featureCache';
import { fitHead } from '../../../lessons/teach-it/headFit';

beforeAll(async () => {
  await useBackend('wasm');
});

/** 50 rows of 512 ReLU-like features (a quarter exactly zero) in 3 classes, the class shifting a few features. */
function makeCache(): { cache: FeatureCache; labels: Int32Array } {
  const rows = 50, d = 512;
  const labels = Int32Array.from({ length: rows }, (_, i) => i % 3);
  const data = new Float32Array(rows * d);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < d; i++) {
      const v = Math.sin(r * 12.9898 + i * 78.233) * 0.8 + (i % 3 === labels[r] ? 0.6 : 0);
      data[r * d + i] = (r + i) % 4 === 0 ? 0 : Math.max(0, v);
    }
  }
  return { cache: { point: 'head.gap', rowShape: [d], rows, data }, labels };
}

async function head(m: ReturnType<typeof createResNet18>): Promise<Float32Array[]> {
  return [(await m.params.get('head.fc.weight')!.data()) as Float32Array, (await m.params.get('head.fc.bias')!.data()) as Float32Array];
}

describe('fitHead', () => {
  it('gives fitCache\'s losses and head (Adam, shuffled batches of 16, 6 epochs) within float32 rounding, leaking nothing', async () => {
    const { cache, labels } = makeCache();
    const a = createResNet18({ numClasses: 3 }, { seed: 4 });
    const b = createResNet18({ numClasses: 3 }, { seed: 4 });
    const before = tf.memory().numTensors;
    const ref = await fitCache(a, cache, labels, { epochs: 6, batchSize: 16, optimizer: { kind: 'adam', lr: 0.01 }, seed: 7 });
    const got = await fitHead(b, cache, labels, { epochs: 6, batchSize: 16, lr: 0.01, seed: 7 });
    expect(tf.memory().numTensors).toBe(before);
    expect(got.stepLosses.length).toBe(24);
    got.stepLosses.forEach((l, i) => expect(l).toBeCloseTo(ref.stepLosses[i], 4));
    expect(got.epochLosses.at(-1)!).toBeLessThan(got.epochLosses[0] * 0.5);
    const [wa, ba] = await head(a), [wb, bb] = await head(b);
    let dw = 0;
    for (let i = 0; i < wa.length; i++) dw = Math.max(dw, Math.abs(wa[i] - wb[i]));
    expect(dw).toBeLessThan(1e-4);
    ba.forEach((v, i) => expect(bb[i]).toBeCloseTo(v, 4));
    disposeResNet18(a);
    disposeResNet18(b);
  }, 60_000);

  it('throws on a NaN feature and leaves the head as it was', async () => {
    const { cache, labels } = makeCache();
    cache.data[5] = NaN;
    const m = createResNet18({ numClasses: 3 }, { seed: 4 });
    const [w0] = await head(m);
    const before = tf.memory().numTensors;
    await expect(fitHead(m, cache, labels, { epochs: 2, batchSize: 16, lr: 0.01, seed: null })).rejects.toBeInstanceOf(NonFiniteLossError);
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from((await head(m))[0])).toEqual(Array.from(w0));
    disposeResNet18(m);
  });

  it('refuses labels outside the head\'s classes and a cache of another width, in plain words', async () => {
    const { cache, labels } = makeCache();
    const m = createResNet18({ numClasses: 2 }, { seed: 4 });
    await expect(fitHead(m, cache, labels, { epochs: 1, batchSize: 16, lr: 0.01 })).rejects.toThrow('labels must be class ids 0–1');
    const m3 = createResNet18({ numClasses: 3 }, { seed: 4 });
    const narrow: FeatureCache = { ...cache, rowShape: [256], data: cache.data.subarray(0, 50 * 256) };
    await expect(fitHead(m3, narrow, labels, { epochs: 1, batchSize: 16, lr: 0.01 })).rejects.toThrow('the head takes 512');
    disposeResNet18(m);
    disposeResNet18(m3);
  });
});
