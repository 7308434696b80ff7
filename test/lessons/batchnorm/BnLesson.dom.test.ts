import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { BnLesson } from '../../../lessons/batchnorm/BnLesson.svelte';
import { channelStats, maxAbsDiff, nd, naiveBatchNormTrain, naiveNormalize, naiveRelu, type Nd } from '../../helpers/naive';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** Per-channel mean and biased std of an NHWC array, float64: what the modes table prints. */
function moments(x: Nd): { mean: number[]; std: number[] } {
  const s = channelStats(x);
  return { mean: Array.from(s.mean), std: Array.from(s.biasedVar, Math.sqrt) };
}

type Running = { mean: Float64Array; variance: Float64Array };
/** Running statistics after `k` training passes over the same batch from PyTorch's fresh (0, 1), momentum 0.1. */
function warmed(x: Nd, k: number): Running {
  const c = x.shape[3];
  let running: Running = { mean: new Float64Array(c), variance: new Float64Array(c).fill(1) };
  for (let i = 0; i < k; i++) {
    const r = naiveBatchNormTrain(x, { gamma: running.mean.map(() => 1), beta: new Float64Array(c), ...running });
    running = { mean: r.runningMean, variance: r.runningVar };
  }
  return running;
}

describe('BnLesson (what the batch-norm figures show) against float64 loops over the demo batch', () => {
  it('batch statistics, x̂, γx̂ + β, ReLU and the running update match, for edited γ and β', async () => {
    const s = new BnLesson();
    await s.refresh();
    expect(s.input!.shape).toEqual([4, 6, 6, 3]);
    s.setAffine('gamma', 0, 2);
    s.setAffine('beta', 0, 0.5);
    s.setAffine('gamma', 2, -0.75);
    s.setAffine('beta', 1, -1.25);
    s.setAffine('gamma', 1, NaN); // ignored: a cleared field keeps the last value
    await s.refresh();
    expect(s.gamma).toEqual([2, 1, -0.75]);
    expect(s.beta).toEqual([0.5, -1.25, 0]);
    const x = nd(s.input!.data, s.input!.shape);
    const st = s.stages!;
    const ref = channelStats(x); // μ, biased σ² (÷ m), unbiased (÷ (m − 1)), m = 4·6·6 = 144
    expect(ref.count).toBe(144);
    expect(maxAbsDiff(st.mean, ref.mean)).toBeLessThan(1e-5);
    expect(maxAbsDiff(st.variance, ref.biasedVar)).toBeLessThan(1e-4);
    expect(maxAbsDiff(st.unbiasedVariance!, ref.unbiasedVar)).toBeLessThan(1e-4);
    const xhat = naiveNormalize(x, ref.mean, ref.biasedVar, [1, 1, 1], [0, 0, 0]);
    expect(maxAbsDiff(st.xhat, xhat.data)).toBeLessThan(1e-5);
    const train = naiveBatchNormTrain(x, { gamma: [2, 1, -0.75], beta: [0.5, -1.25, 0], mean: [0, 0, 0], variance: [1, 1, 1] });
    expect(maxAbsDiff(st.y, train.y.data)).toBeLessThan(1e-5);
    expect(maxAbsDiff(st.relu, naiveRelu(train.y).data)).toBeLessThan(1e-5);
    // one training step from fresh statistics: 0.9·(0, 1) + 0.1·(μ, unbiased σ²)
    expect(maxAbsDiff(st.running.mean, train.runningMean)).toBeLessThan(1e-5);
    expect(maxAbsDiff(st.running.variance, train.runningVar)).toBeLessThan(1e-4);
    expect(maxAbsDiff(st.running.variance, Float64Array.from(ref.unbiasedVar, (v) => 0.9 + 0.1 * v))).toBeLessThan(1e-4);
    await s.dispose();
  });

  it('the modes table: train, eval with fresh and with warmed running statistics, and the batch-of-1 effect', async () => {
    const s = new BnLesson();
    s.setWarmSteps(7);
    await s.refresh();
    const x = nd(s.input!.data, s.input!.shape);
    const m = s.modes!;
    expect(m.warmSteps).toBe(7);
    const run = warmed(x, 7);
    expect(maxAbsDiff(m.running.mean, run.mean)).toBeLessThan(1e-5);
    expect(maxAbsDiff(m.running.variance, run.variance)).toBeLessThan(1e-4);
    const ones = [1, 1, 1];
    const zeros = [0, 0, 0];
    const stats = channelStats(x);
    const rows = {
      train: moments(naiveNormalize(x, stats.mean, stats.biasedVar, ones, zeros)),
      evalFresh: moments(naiveNormalize(x, zeros, ones, ones, zeros)),
      evalWarm: moments(naiveNormalize(x, run.mean, run.variance, ones, zeros)),
    };
    for (const key of ['train', 'evalFresh', 'evalWarm'] as const) {
      expect(maxAbsDiff(m[key].mean, rows[key].mean), key).toBeLessThan(1e-4);
      expect(maxAbsDiff(m[key].std, rows[key].std), key).toBeLessThan(1e-4);
    }
    // image 1 alone in training mode is normalised by its own statistics; eval mode treats it as in the batch
    const per = 6 * 6 * 3;
    const first = nd(x.data.subarray(0, per), [1, 6, 6, 3]);
    const aloneStats = channelStats(first);
    const alone = naiveNormalize(first, aloneStats.mean, aloneStats.biasedVar, ones, zeros);
    const inBatch = naiveNormalize(x, stats.mean, stats.biasedVar, ones, zeros).data.subarray(0, per);
    expect(m.aloneVsBatchTrain).toBeCloseTo(maxAbsDiff(alone.data, inBatch), 4);
    expect(m.aloneVsBatchTrain).toBeGreaterThan(0.1);
    expect(m.aloneVsBatchEval).toBeLessThan(1e-5);
    await s.dispose();
  });

  it('clamps the warm-up steps and frees its tensor on dispose', async () => {
    const before = tf.memory().numTensors;
    const s = new BnLesson();
    s.setWarmSteps(1e6);
    expect(s.warmSteps).toBe(200);
    s.setWarmSteps(3);
    await s.refresh();
    expect(s.modes!.warmSteps).toBe(3);
    await s.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
