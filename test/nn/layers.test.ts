import { describe, it, expect, beforeAll } from 'vitest';
import type * as tfType from '@tensorflow/tfjs';
import { useBackend } from '../helpers/tfNode';
import {
  avgPool2d, batchNorm, batchNormTrain, conv2d, globalAvgPool, linear, maxPool2d, relu,
} from '../../src/lib/nn/layers';
import {
  channelStats, maxAbsDiff, naiveAvgPool, naiveBatchNormEval, naiveBatchNormTrain, naiveConv2d,
  naiveGlobalAvgPool, naiveLinear, naiveMaxPool, naiveRelu, randomNd, type Nd,
} from '../helpers/naive';

let tf: typeof tfType;
beforeAll(async () => {
  tf = await useBackend('wasm');
});

const TOL = 1e-4;
const t4 = (a: Nd) => tf.tensor4d(Float32Array.from(a.data), a.shape as [number, number, number, number]);
const t1 = (a: ArrayLike<number>) => tf.tensor1d(Float32Array.from(a));
async function values(t: tfType.Tensor): Promise<Float32Array> {
  const d = (await t.data()) as Float32Array;
  t.dispose();
  return d;
}

describe('conv2d matches a naive float64 convolution (torch semantics)', () => {
  const cases = [
    { name: '3×3 stride 1 pad 1', k: 3, s: 1, p: 1, d: 1, x: [2, 9, 9, 3], cout: 4 },
    { name: '3×3 stride 2 pad 1 (odd input)', k: 3, s: 2, p: 1, d: 1, x: [1, 11, 11, 5], cout: 6 },
    { name: '7×7 stride 2 pad 3 (the imagenet stem)', k: 7, s: 2, p: 3, d: 1, x: [2, 20, 20, 3], cout: 8 },
    { name: '1×1 stride 2 (projection shortcut)', k: 1, s: 2, p: 0, d: 1, x: [2, 10, 10, 4], cout: 8 },
    { name: '3×3 dilation 2 pad 2', k: 3, s: 1, p: 2, d: 2, x: [1, 12, 12, 2], cout: 3 },
    { name: '3×3 stride 2 dilation 2 pad 1', k: 3, s: 2, p: 1, d: 2, x: [1, 13, 13, 2], cout: 3 },
    { name: '5×5 stride 3 no padding', k: 5, s: 3, p: 0, d: 1, x: [1, 17, 14, 3], cout: 2 },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const x = randomNd(c.x, 11);
      const w = randomNd([c.k, c.k, c.x[3], c.cout], 12);
      const want = naiveConv2d(x, w, c.s, c.p, c.d);
      const [xt, wt] = [t4(x), t4(w)];
      const y = conv2d(xt, wt, { stride: c.s, pad: c.p, dilation: c.d });
      expect(y.shape).toEqual(want.shape);
      expect(maxAbsDiff(await values(y), want.data)).toBeLessThan(TOL);
      xt.dispose();
      wt.dispose();
    });
  }
});

describe('pooling matches naive float64 loops', () => {
  it('max-pool 3×3/2 pad 1 pads with −∞ like torch (all-negative input, where zero padding would be wrong)', async () => {
    const x = randomNd([2, 9, 9, 3], 21, -2, -0.5);
    const want = naiveMaxPool(x, 3, 2, 1);
    const wrong = naiveMaxPool(x, 3, 2, 1, 0);
    expect(maxAbsDiff(want.data, wrong.data)).toBeGreaterThan(0.4); // the test can tell the two apart
    const xt = t4(x);
    const y = maxPool2d(xt, 3, 2, 1);
    expect(y.shape).toEqual([2, 5, 5, 3]);
    expect(maxAbsDiff(await values(y), want.data)).toBeLessThan(TOL);
    xt.dispose();
  });

  it('max-pool 2×2/2 without padding', async () => {
    const x = randomNd([1, 8, 6, 2], 22);
    const xt = t4(x);
    expect(maxAbsDiff(await values(maxPool2d(xt, 2, 2)), naiveMaxPool(x, 2, 2).data)).toBeLessThan(TOL);
    xt.dispose();
  });

  it('average pool with and without padding (torch count_include_pad=True)', async () => {
    const x = randomNd([2, 7, 7, 3], 23);
    const xt = t4(x);
    expect(maxAbsDiff(await values(avgPool2d(xt, 2, 2)), naiveAvgPool(x, 2, 2).data)).toBeLessThan(TOL);
    const y = avgPool2d(xt, 3, 2, 1);
    expect(y.shape).toEqual([2, 4, 4, 3]);
    expect(maxAbsDiff(await values(y), naiveAvgPool(x, 3, 2, 1).data)).toBeLessThan(TOL);
    xt.dispose();
  });

  it('global average pooling → [N,C]', async () => {
    const x = randomNd([3, 5, 4, 6], 24);
    const xt = t4(x);
    const y = globalAvgPool(xt);
    expect(y.shape).toEqual([3, 6]);
    expect(maxAbsDiff(await values(y), naiveGlobalAvgPool(x).data)).toBeLessThan(TOL);
    xt.dispose();
  });
});

describe('ReLU and fully connected', () => {
  it('relu zeroes negatives only', async () => {
    const x = randomNd([1, 4, 4, 3], 31);
    const xt = t4(x);
    expect(maxAbsDiff(await values(relu(xt)), naiveRelu(x).data)).toBeLessThan(1e-6); // float32 rounding only
    xt.dispose();
  });

  it('linear = x·W + b with W stored [in,out]', async () => {
    const x = randomNd([3, 7], 32);
    const w = randomNd([7, 5], 33);
    const b = randomNd([5], 34);
    const [xt, wt, bt] = [tf.tensor2d(Float32Array.from(x.data), [3, 7]), tf.tensor2d(Float32Array.from(w.data), [7, 5]), t1(b.data)];
    expect(maxAbsDiff(await values(linear(xt, wt, bt)), naiveLinear(x, w, b).data)).toBeLessThan(TOL);
    tf.dispose([xt, wt, bt]);
  });
});

describe('BatchNorm with PyTorch semantics (eps 1e-5, momentum 0.1)', () => {
  const C = 4;
  const gamma = randomNd([C], 41, 0.5, 1.5).data;
  const beta = randomNd([C], 42).data;
  const rMean = randomNd([C], 43).data;
  const rVar = randomNd([C], 44, 0.5, 2).data;
  const makeState = () => ({
    gamma: t1(gamma), beta: t1(beta),
    runningMean: tf.variable(t1(rMean), false) as tfType.Variable<tfType.Rank.R1>,
    runningVar: tf.variable(t1(rVar), false) as tfType.Variable<tfType.Rank.R1>,
  });
  const disposeState = (s: ReturnType<typeof makeState>) => tf.dispose([s.gamma, s.beta, s.runningMean, s.runningVar]);
  // Scale and shift per channel so that batch and running statistics clearly differ.
  const x = randomNd([3, 5, 5, C], 45, -1, 3);

  it('eval mode normalises with the running statistics and leaves them alone', async () => {
    const s = makeState();
    const xt = t4(x);
    const want = naiveBatchNormEval(x, { gamma, beta, mean: rMean, variance: rVar });
    expect(maxAbsDiff(await values(batchNorm(xt, s, false)), want.data)).toBeLessThan(TOL);
    expect(maxAbsDiff(await s.runningMean.data(), rMean)).toBeLessThan(1e-6);
    xt.dispose();
    disposeState(s);
  });

  it('training mode uses batch mean and BIASED variance, running stats move by 0.1 towards mean and UNBIASED variance', async () => {
    const s = makeState();
    const xt = t4(x);
    const before = tf.memory().numTensors;
    const y = batchNorm(xt, s, true);
    expect(tf.memory().numTensors).toBe(before + 1); // only y: the stat update leaks nothing
    const want = naiveBatchNormTrain(x, { gamma, beta, mean: rMean, variance: rVar });
    expect(maxAbsDiff(await values(y), want.y.data)).toBeLessThan(TOL);
    expect(maxAbsDiff(await s.runningMean.data(), want.runningMean)).toBeLessThan(1e-5);
    expect(maxAbsDiff(await s.runningVar.data(), want.runningVar)).toBeLessThan(1e-5);
    // a second step compounds from the updated values, as torch does
    const want2 = naiveBatchNormTrain(x, { gamma, beta, mean: want.runningMean, variance: want.runningVar });
    (await values(batchNorm(xt, s, true)));
    expect(maxAbsDiff(await s.runningVar.data(), want2.runningVar)).toBeLessThan(1e-5);
    // biased and unbiased variance must differ for this batch (n = 75), or the check above proves nothing
    const st = channelStats(x);
    expect(Math.abs(st.unbiasedVar[0] - st.biasedVar[0])).toBeGreaterThan(1e-3);
    xt.dispose();
    disposeState(s);
  });

  it('batchNormTrain also works on [N,C] inputs and reports the biased variance and count', async () => {
    const x2 = randomNd([6, C], 46);
    const xt = tf.tensor2d(Float32Array.from(x2.data), [6, C]);
    const [g, b] = [t1(gamma), t1(beta)];
    const r = batchNormTrain(xt, g, b);
    const st = channelStats(x2);
    expect(r.count).toBe(6);
    expect(maxAbsDiff(await values(r.variance), st.biasedVar)).toBeLessThan(1e-5);
    expect(maxAbsDiff(await values(r.mean), st.mean)).toBeLessThan(1e-5);
    r.y.dispose();
    tf.dispose([xt, g, b]);
  });

  it('training mode works inside tf.variableGrads: gradients for γ and β, none for running stats, nothing leaks', async () => {
    const s = makeState();
    const gv = tf.variable(t1(gamma), true);
    const bv = tf.variable(t1(beta), true);
    const xt = t4(x);
    const w = t4(randomNd([3, 5, 5, C], 47));
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => {
      const y = batchNorm(xt, { ...s, gamma: gv, beta: bv }, true);
      return tf.sum(tf.mul(y, w)) as tfType.Scalar;
    }, [gv, bv]);
    expect(Object.keys(grads).sort()).toEqual([gv.name, bv.name].sort());
    // d/dβ Σ w·y = Σ w over N,H,W — independent check of the gradient path
    const wSum = new Float64Array(C);
    const wd = await w.data();
    for (let i = 0; i < wd.length; i++) wSum[i % C] += wd[i];
    expect(maxAbsDiff(await grads[bv.name].data(), wSum)).toBeLessThan(1e-3);
    const want = naiveBatchNormTrain(x, { gamma, beta, mean: rMean, variance: rVar });
    expect(maxAbsDiff(await s.runningMean.data(), want.runningMean)).toBeLessThan(1e-5);
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([xt, w, gv, bv]);
    disposeState(s);
  });
});
