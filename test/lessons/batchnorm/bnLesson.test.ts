import { describe, it, expect, beforeAll } from 'vitest';
import { useBackend } from '../../helpers/tfNode';
import { bnStages, channelMoments, freshRunningStats, makeDemoBatch, warmRunningStats, BN_DEMO } from '../../../lessons/batchnorm/bnLesson';
import type * as tfType from '@tensorflow/tfjs';

let tf: typeof tfType;
beforeAll(async () => {
  tf = await useBackend('wasm');
});

/** Naive float64 BatchNorm (PyTorch semantics) over an NHWC array; independent of the code under test. */
function naiveBn(x: Float64Array, c: number, training: boolean, gamma: number[], beta: number[], rm: number[], rv: number[]) {
  const m = x.length / c;
  const mean = new Array(c).fill(0);
  const varB = new Array(c).fill(0);
  for (let i = 0; i < x.length; i++) mean[i % c] += x[i] / m;
  for (let i = 0; i < x.length; i++) varB[i % c] += (x[i] - mean[i % c]) ** 2 / m;
  const useMean = training ? mean : rm;
  const useVar = training ? varB : rv;
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const k = i % c;
    y[i] = ((x[i] - useMean[k]) / Math.sqrt(useVar[k] + 1e-5)) * gamma[k] + beta[k];
  }
  const newRm = training ? rm.map((r, k) => 0.9 * r + 0.1 * mean[k]) : rm;
  const newRv = training ? rv.map((r, k) => 0.9 * r + 0.1 * (varB[k] * m) / (m - 1)) : rv;
  return { mean, varB, y, newRm, newRv };
}

function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

describe('bnStages', () => {
  const gamma = [1.5, 0.5, 2];
  const beta = [0.1, -0.2, 0.3];

  it('training mode: batch mean, biased variance, output and running update (keep 0.9, unbiased) match float64', async () => {
    const x = makeDemoBatch();
    const xs = Float64Array.from(await x.data());
    const rm = [0.2, -0.1, 0.4];
    const rv = [1.1, 0.9, 2.0];
    const got = await bnStages(x, { training: true, gamma, beta, running: { mean: Float32Array.from(rm), variance: Float32Array.from(rv) } });
    const ref = naiveBn(xs, 3, true, gamma, beta, rm, rv);
    expect(maxAbs(got.mean, ref.mean)).toBeLessThan(1e-4);
    expect(maxAbs(got.variance, ref.varB)).toBeLessThan(1e-3);
    expect(maxAbs(got.y, ref.y)).toBeLessThan(1e-4);
    expect(maxAbs(got.relu, ref.y.map((v) => Math.max(0, v)))).toBeLessThan(1e-4);
    expect(maxAbs(got.running.mean, ref.newRm)).toBeLessThan(1e-5);
    expect(maxAbs(got.running.variance, ref.newRv)).toBeLessThan(1e-3);
    x.dispose();
  });

  it('eval mode normalises with the running statistics and leaves them unchanged', async () => {
    const x = makeDemoBatch();
    const xs = Float64Array.from(await x.data());
    const running = { mean: Float32Array.from([2, -1, 0]), variance: Float32Array.from([4, 0.25, 9]) };
    const got = await bnStages(x, { training: false, gamma, beta, running });
    const ref = naiveBn(xs, 3, false, gamma, beta, [2, -1, 0], [4, 0.25, 9]);
    expect(maxAbs(got.y, ref.y)).toBeLessThan(1e-4);
    expect(Array.from(got.running.mean)).toEqual([2, -1, 0]);
    x.dispose();
  });

  it('leaks no tensors', async () => {
    const x = makeDemoBatch();
    const before = tf.memory().numTensors;
    await bnStages(x, { training: true, gamma, beta });
    await bnStages(x, { training: false, gamma, beta });
    await warmRunningStats(x, 3);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('a training-mode output has per-channel mean 0 and std ≈ 1 before γ, β (the point of BN)', async () => {
    const x = makeDemoBatch();
    const got = await bnStages(x, { training: true, gamma: [1, 1, 1], beta: [0, 0, 0] });
    const m = channelMoments(got.xhat, 3);
    m.mean.forEach((v) => expect(Math.abs(v)).toBeLessThan(1e-5));
    m.std.forEach((v) => expect(v).toBeCloseTo(1, 4));
    x.dispose();
  });

  it('the demo batch has channels on different scales, as the lesson says', async () => {
    const x = makeDemoBatch();
    const m = channelMoments(await x.data(), 3);
    // channel 2 spreads widest, channel 1 narrowest; channel 0 sits highest
    expect(m.std[2]).toBeGreaterThan(m.std[0]);
    expect(m.std[0]).toBeGreaterThan(m.std[1]);
    expect(m.mean[0]).toBeGreaterThan(m.mean[2]);
    expect(x.shape).toEqual([BN_DEMO.n, BN_DEMO.size, BN_DEMO.size, 3]);
    x.dispose();
  });

  it('running statistics approach the batch statistics as 1 − 0.9^k', async () => {
    const x = makeDemoBatch();
    const xs = Float64Array.from(await x.data());
    const ref = naiveBn(xs, 3, true, [1, 1, 1], [0, 0, 0], [0, 0, 0], [1, 1, 1]);
    const hist = await warmRunningStats(x, 20);
    for (const k of [1, 5, 20]) {
      for (let c = 0; c < 3; c++) expect(hist[k - 1].mean[c]).toBeCloseTo(ref.mean[c] * (1 - 0.9 ** k), 4);
    }
    expect(Array.from(freshRunningStats(2).variance)).toEqual([1, 1]);
    x.dispose();
  });
});

describe('compareBnModes', () => {
  it('matches float64 BN in each mode, and shows the batch-of-1 effect only in training mode', async () => {
    const { compareBnModes } = await import('../../../lessons/batchnorm/bnLesson');
    const x = makeDemoBatch();
    const xs = Float64Array.from(await x.data());
    const before = tf.memory().numTensors;
    const r = await compareBnModes(x, 10);
    expect(tf.memory().numTensors).toBe(before);
    const one = [1, 1, 1];
    const zero = [0, 0, 0];
    const train = naiveBn(xs, 3, true, one, zero, [0, 0, 0], [1, 1, 1]);
    // running stats after 10 steps on the same batch: mean·(1 − 0.9¹⁰), var 0.9¹⁰·1 + unbiased·(1 − 0.9¹⁰)
    const k = 1 - 0.9 ** 10;
    const m = xs.length / 3;
    const rm = train.mean.map((v) => v * k);
    const rv = train.varB.map((v) => 0.9 ** 10 + ((v * m) / (m - 1)) * k);
    expect(maxAbs(r.running.mean, rm)).toBeLessThan(1e-4);
    expect(maxAbs(r.running.variance, rv)).toBeLessThan(1e-3);
    const evalWarm = naiveBn(xs, 3, false, one, zero, rm, rv);
    const mo = (y: Float64Array) => channelMoments(y, 3);
    expect(maxAbs(r.train.mean, mo(train.y).mean)).toBeLessThan(1e-4);
    expect(maxAbs(r.evalWarm.std, mo(evalWarm.y).std)).toBeLessThan(1e-3);
    // eval with fresh statistics (0, 1) leaves the data essentially as it was
    const raw = channelMoments(xs, 3);
    expect(maxAbs(r.evalFresh.mean, raw.mean)).toBeLessThan(1e-3);
    // one image alone in training mode is normalised with its own statistics: different output
    const n = xs.length / 4;
    const alone = naiveBn(xs.slice(0, n), 3, true, one, zero, [0, 0, 0], [1, 1, 1]);
    let d = 0;
    for (let i = 0; i < n; i++) d = Math.max(d, Math.abs(alone.y[i] - train.y[i]));
    expect(r.aloneVsBatchTrain).toBeCloseTo(d, 3);
    expect(r.aloneVsBatchTrain).toBeGreaterThan(0.1);
    expect(r.aloneVsBatchEval).toBeLessThan(1e-5);
    x.dispose();
  });
});
