import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { PoolFeatureMaps, ResNetPoolDemo, DownsampleDemo } from '../../../lessons/pooling/ConvLessonPooling.svelte';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('pooling lesson state', () => {
  it('PoolFeatureMaps: sizes halve per round, max ≥ average everywhere, no leaks across re-pooling', async () => {
    const s = new PoolFeatureMaps();
    await s.setImageTensor(tf.randomUniform([20, 28, 3], 0, 1, 'float32', 2) as tf.Tensor3D);
    const base = tf.memory().numTensors;
    for (const t of [1, 2, 3, 1]) {
      await s.setTimes(t);
      expect([s.max!.height, s.max!.width]).toEqual([Math.floor(20 / 2 ** t), Math.floor(28 / 2 ** t)]);
      s.max!.values.forEach((v, i) => expect(v).toBeGreaterThanOrEqual(s.avg!.values[i] - 1e-6));
    }
    expect(tf.memory().numTensors).toBe(base);
    s.dispose();
    expect(tf.memory().numTensors).toBe(base - 1);
  });

  it('ResNetPoolDemo: real shapes, the GAP value is the naive mean of the shown 7×7 channel, no leaks', async () => {
    const s = new ResNetPoolDemo();
    const before = tf.memory().numTensors;
    await s.runOnTensor(tf.randomUniform([224, 224, 3], 0, 1, 'float32', 4) as tf.Tensor3D);
    expect(tf.memory().numTensors).toBe(before + 1); // the picture, kept for the code cell
    const args = s.codeArgs()!;
    expect([args.input.shape, args.kernel.shape]).toEqual([[1, 224, 224, 3], [7, 7, 3, 64]]);
    tf.dispose([args.input, args.kernel]);
    s.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(s.rows.map((r) => r.shape)).toEqual([[1, 224, 224, 3], [1, 112, 112, 64], [1, 56, 56, 64], [1, 7, 7, 512], [1, 512]]);
    expect([s.stemMap!.height, s.pooledMap!.height]).toEqual([112, 56]);
    const grid = s.gapGrid!;
    expect(grid.flat().every((v) => Number.isInteger(v) && v >= 0 && v <= 9)).toBe(true);
    expect(s.gapValue!).toBeCloseTo(grid.flat().reduce((a, v) => a + v, 0) / 49, 5);
  }, 60_000);

  it('DownsampleDemo: both ways give ⌈H/2⌉×⌈W/2⌉; switching kernels leaks nothing', async () => {
    const s = new DownsampleDemo();
    await s.setImageTensor(tf.randomUniform([9, 13, 3]) as tf.Tensor3D);
    const base = tf.memory().numTensors;
    for (const p of ['sobelX', 'identity', 'boxBlur'] as const) await s.setPreset(p);
    expect([s.conv!.height, s.conv!.width, s.pool!.height, s.pool!.width]).toEqual([5, 7, 5, 7]);
    // identity at stride 2 samples every other pixel: the top-left output equals the top-left input
    await s.setPreset('identity');
    expect(s.conv!.values[0]).toBeCloseTo(s.gray!.values[0], 6);
    expect(tf.memory().numTensors).toBe(base);
    s.dispose();
  });
});
