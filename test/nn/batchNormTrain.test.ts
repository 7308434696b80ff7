/**
 * The fused training-mode BatchNorm(+ReLU) op against float64 references: the forward against the textbook
 * formula, the backward against central finite differences of that float64 forward (independent of the
 * closed form the op uses). Every implementation is checked: on wasm the SIMD heap kernels (channels a
 * multiple of 4) and the JavaScript heap loops (6 channels), and the tfjs-ops path other backends take (cpu).
 */
import { describe, it, expect, afterAll } from 'vitest';
import type * as tfType from '@tensorflow/tfjs';
import { useBackend } from '../helpers/tfNode';
import { channelStats, maxAbsDiff, naiveNormalize, randomNd, randomValues, type Nd } from '../helpers/naive';
import { batchNormTrainFused } from '../../src/lib/nn/batchNormTrain';
import { registerWasmTrainingKernels } from '../../src/lib/nn/wasmKernels';
import { simdFor, type HeapBackend } from '../../src/lib/nn/wasmHeap';

const EPS = 1e-5;
let SHAPE = [2, 3, 3, 4];
let C = SHAPE[3];

/** float64 loss L = Σ w·f(BN_train(x)) with f = ReLU or identity. */
function naiveLoss(x: Float64Array, gamma: ArrayLike<number>, beta: ArrayLike<number>, w: Float64Array, relu: boolean): number {
  const xs: Nd = { data: x, shape: SHAPE };
  const st = channelStats(xs);
  const y = naiveNormalize(xs, st.mean, st.biasedVar, gamma, beta, EPS).data;
  let l = 0;
  for (let i = 0; i < y.length; i++) l += w[i] * (relu ? Math.max(0, y[i]) : y[i]);
  return l;
}

/** Central differences of naiveLoss in x, γ and β (step 1e-6, float64). */
function numericGrads(x: Float64Array, gamma: Float64Array, beta: Float64Array, w: Float64Array, relu: boolean) {
  const h = 1e-6;
  const diff = (v: Float64Array) => Float64Array.from(v, (_, i) => {
    const keep = v[i];
    v[i] = keep + h;
    const up = naiveLoss(x, gamma, beta, w, relu);
    v[i] = keep - h;
    const down = naiveLoss(x, gamma, beta, w, relu);
    v[i] = keep;
    return (up - down) / (2 * h);
  });
  return { dx: diff(x), dgamma: diff(gamma), dbeta: diff(beta) };
}

const paths = [
  { backend: 'wasm', channels: 4, what: 'SIMD heap kernels' },
  { backend: 'wasm', channels: 6, what: 'JavaScript heap loops' },
  { backend: 'cpu', channels: 4, what: 'tfjs ops' },
] as const;

describe('the SIMD kernels', () => {
  it('assemble, validate and bind to the wasm heap in Node', async () => {
    const tf = await useBackend('wasm');
    expect(simdFor(tf.backend() as unknown as HeapBackend)).not.toBeNull();
  });
});

for (const { backend, channels, what } of paths) {
  describe(`batchNormTrainFused on ${backend}, ${channels} channels (${what})`, () => {
    let tf: typeof tfType;
    afterAll(async () => { await useBackend('wasm'); });

    for (const relu of [false, true]) {
      it(`forward and gradients match float64${relu ? ' with ReLU' : ''}, and nothing leaks`, async () => {
        tf = await useBackend(backend);
        registerWasmTrainingKernels();
        SHAPE = [2, 3, 3, channels];
        C = channels;
        const x = randomNd(SHAPE, 5, -2, 3).data as Float64Array;
        const gamma = randomValues(C, 6, 0.5, 1.5), beta = randomValues(C, 7, -0.5, 0.5), w = randomValues(x.length, 8);
        const xt = tf.tensor4d(Float32Array.from(x), SHAPE as [number, number, number, number]);
        const gt = tf.tensor1d(Float32Array.from(gamma)), bt = tf.tensor1d(Float32Array.from(beta));
        const wt = tf.tensor4d(Float32Array.from(w), SHAPE as [number, number, number, number]);
        const before = tf.memory().numTensors;
        let stats: tfType.Tensor[] = [];
        const f = (a: tfType.Tensor, g: tfType.Tensor, b: tfType.Tensor) => {
          const r = batchNormTrainFused(a, g as tfType.Tensor1D, b as tfType.Tensor1D, EPS, relu);
          stats = [r.mean, r.variance];
          return tf.sum(tf.mul(r.y, wt));
        };
        const { value, grads } = tf.valueAndGrads(f)([xt, gt, bt]);
        const want = numericGrads(x, gamma, beta, w, relu);
        const st = channelStats({ data: x, shape: SHAPE });
        expect(Math.abs((await value.data())[0] - naiveLoss(x, gamma, beta, w, relu))).toBeLessThan(1e-4);
        expect(maxAbsDiff(await stats[0].data(), st.mean)).toBeLessThan(1e-5);
        expect(maxAbsDiff(await stats[1].data(), st.biasedVar)).toBeLessThan(1e-5);
        expect(maxAbsDiff(await grads[0].data(), want.dx)).toBeLessThan(2e-4);
        expect(maxAbsDiff(await grads[1].data(), want.dgamma)).toBeLessThan(2e-4);
        expect(maxAbsDiff(await grads[2].data(), want.dbeta)).toBeLessThan(2e-4);
        tf.dispose([value, ...grads, ...stats]);
        expect(tf.memory().numTensors).toBe(before);
        tf.dispose([xt, gt, bt, wt]);
      });
    }
  });
}
