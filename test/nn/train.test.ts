import { describe, it, expect, beforeAll } from 'vitest';
import type * as tfType from '@tensorflow/tfjs';
import { useBackend } from '../helpers/tfNode';
import { registerWasmTrainingKernels } from '../../src/lib/nn/wasmKernels';
import { createResNet18, disposeResNet18, forward, type ResNet18 } from '../../src/lib/nn/resnet18';
import { Optimizer } from '../../src/lib/nn/optim';
import { crossEntropy, trainStep, NonFiniteLossError, NonFiniteStepError } from '../../src/lib/nn/train';
import { crossEntropyNaive, randomArray, maxAbsDiff } from '../helpers/naiveGrad';

let tf: typeof tfType;
beforeAll(async () => {
  tf = await useBackend('wasm');
  registerWasmTrainingKernels();
});

const N = 4, SIZE = 8, C = 10;
const tiny = (seed = 3) => createResNet18({ variant: 'cifar', widthMultiplier: 1 / 8, inputSize: SIZE }, { seed });
const batch = (seed = 1) => ({
  x: tf.tensor4d(randomArray(N * SIZE * SIZE * 3, seed), [N, SIZE, SIZE, 3]),
  y: tf.tensor1d([3, 0, 7, 3], 'int32'),
});
const read = async (t: tfType.Tensor) => Float64Array.from(await t.data());

describe('crossEntropy equals torch.nn.functional.cross_entropy (naive float64)', () => {
  for (const eps of [0, 0.1]) {
    it(`loss and dL/dlogits agree with label smoothing ${eps}`, async () => {
      const logits = tf.tensor2d(randomArray(5 * 7, 42).map((v) => v * 4), [5, 7]);
      const labels = tf.tensor1d([0, 6, 2, 2, 5], 'int32');
      const ref = crossEntropyNaive(await logits.data(), [0, 6, 2, 2, 5], 7, eps);
      const loss = crossEntropy(logits, labels, eps);
      const grad = tf.grad((l: tfType.Tensor) => crossEntropy(l as tfType.Tensor2D, labels, eps))(logits);
      expect(Math.abs((await loss.data())[0] - ref.loss)).toBeLessThan(1e-5);
      expect(maxAbsDiff(await grad.data(), ref.grad)).toBeLessThan(1e-6);
      tf.dispose([logits, labels, loss, grad]);
    });
  }

  it('rejects mismatched batch sizes and a smoothing outside [0,1]', () => {
    const logits = tf.zeros([2, 3]) as tfType.Tensor2D;
    const labels = tf.tensor1d([0, 1, 2], 'int32');
    expect(() => crossEntropy(logits, labels)).toThrow(/2 logit rows but 3 labels/);
    expect(() => crossEntropy(logits, labels.slice(0, 2), 1.5)).toThrow(/label smoothing/);
    tf.dispose([logits, labels]);
  });
});

/** Train-mode logits and pooled features of the model as it is now (the forward pass is the model engineer's). */
async function trainModeOutputs(m: ResNet18, x: tfType.Tensor4D) {
  const r = forward(m, x, { training: true, taps: ['head.gap'] });
  const out = { logits: await read(r.logits), pooled: await read(r.activations.get('head.gap')!) };
  tf.dispose([r.logits, ...r.activations.values()]);
  return out;
}

describe('trainStep', () => {
  it('returns the cross-entropy loss, the fc gradient norm, and moves fc.bias by −lr·∂L/∂b (plain SGD)', async () => {
    const m = tiny();
    const { x, y } = batch();
    const before = await trainModeOutputs(m, x);
    const bias0 = await read(m.params.get('head.fc.bias')!);
    const ref = crossEntropyNaive(before.logits, [3, 0, 7, 3], C, 0.1);
    // ∂L/∂W = pooledᵀ·G, ∂L/∂b = Σ_rows G, with G = ∂L/∂logits (naive).
    const feat = before.pooled.length / N;
    let sq = 0;
    const db = new Float64Array(C);
    for (let k = 0; k < C; k++) {
      for (let r = 0; r < N; r++) db[k] += ref.grad[r * C + k];
      sq += db[k] ** 2;
      for (let f = 0; f < feat; f++) {
        let s = 0;
        for (let r = 0; r < N; r++) s += before.pooled[r * feat + f] * ref.grad[r * C + k];
        sq += s * s;
      }
    }
    const opt = new Optimizer({ kind: 'sgd', lr: 0.5 }, m.params);
    const res = await trainStep(m, opt, x, y, { gradNorms: true, labelSmoothing: 0.1 });
    expect(Math.abs(res.loss - ref.loss)).toBeLessThan(1e-5);
    expect(Math.abs(res.gradNorms!.get('head.fc')! - Math.sqrt(sq))).toBeLessThan(1e-5);
    const bias1 = await read(m.params.get('head.fc.bias')!);
    expect(maxAbsDiff(bias1, bias0.map((b, k) => b - 0.5 * db[k]))).toBeLessThan(1e-6);
    opt.dispose();
    tf.dispose([x, y]);
    disposeResNet18(m);
  });

  it('reports one finite, positive gradient norm per conv / bn / fc node and none for frozen layers', async () => {
    const m = tiny();
    const { x, y } = batch(2);
    const withParams = m.graph.filter((n) => ['conv', 'bn', 'fc'].includes(n.kind)).map((n) => n.name);
    const opt = new Optimizer({ kind: 'sgd', lr: 0.1, momentum: 0.9 }, m.params, [{ match: (n) => n.startsWith('stem.'), frozen: true }]);
    const stem0 = await read(m.params.get('stem.conv.weight')!);
    const res = await trainStep(m, opt, x, y, { gradNorms: true });
    expect([...res.gradNorms!.keys()].sort()).toEqual(withParams.filter((n) => !n.startsWith('stem.')).sort());
    for (const v of res.gradNorms!.values()) expect(v > 0 && Number.isFinite(v)).toBe(true);
    expect(await read(m.params.get('stem.conv.weight')!)).toEqual(stem0);
    opt.dispose();
    tf.dispose([x, y]);
    disposeResNet18(m);
  });

  it('lowers the loss on a fixed batch and leaks no tensor over 10 steps', async () => {
    const m = tiny();
    const { x, y } = batch(5);
    const opt = new Optimizer({ kind: 'sgd', lr: 0.05, momentum: 0.9, weightDecay: 5e-4 }, m.params);
    const first = await trainStep(m, opt, x, y, { gradNorms: true });   // creates the momentum buffers
    const count = tf.memory().numTensors;
    let last = first;
    for (let i = 0; i < 10; i++) last = await trainStep(m, opt, x, y, { gradNorms: i % 2 === 0, lr: 0.05 });
    expect(tf.memory().numTensors).toBe(count);
    expect(last.loss).toBeLessThan(first.loss);
    opt.dispose();
    tf.dispose([x, y]);
    disposeResNet18(m);
  });

  it('on a NaN loss throws NonFiniteLossError and changes no weight, no running statistic, leaks nothing', async () => {
    const m = tiny();
    const { x: good, y } = batch(6);
    // One NaN pixel: the loss becomes NaN and so would every BatchNorm running statistic.
    const x = tf.tidy(() => tf.where(tf.equal(tf.range(0, N * SIZE * SIZE * 3).reshape(good.shape), 5), tf.fill(good.shape, NaN), good)) as tfType.Tensor4D;
    const opt = new Optimizer({ kind: 'sgd', lr: 0.1, momentum: 0.9 }, m.params);
    const snapshot = async () => Promise.all([...m.params.values(), ...m.buffers.values()].map(read));
    const before = await snapshot();
    const count = tf.memory().numTensors;
    await expect(trainStep(m, opt, x, y)).rejects.toBeInstanceOf(NonFiniteLossError);
    expect(tf.memory().numTensors).toBe(count);
    expect(await snapshot()).toEqual(before);
    expect(await opt.getState()).toEqual({});
    opt.dispose();
    tf.dispose([x, good, y]);
    disposeResNet18(m);
  });
});

describe('trainStep refuses a step that diverges with a finite loss, and changes nothing', () => {
  /** Every parameter, BN running statistic and optimizer state value, copied out. */
  const everything = async (m: ResNet18, opt: Optimizer) =>
    ({ vars: await Promise.all([...m.params.values(), ...m.buffers.values()].map(read)), state: await opt.getState() });

  it('updated weights that overflow (SGD lr 1e38 after a normal step) → NonFiniteStepError, bitwise unchanged, no leak', async () => {
    const m = tiny();
    const { x, y } = batch(7);
    const opt = new Optimizer({ kind: 'sgd', lr: 0.05, momentum: 0.9, weightDecay: 5e-4 }, m.params);
    await trainStep(m, opt, x, y); // momentum buffers exist now: they must survive the refused step too
    const before = await everything(m, opt);
    const count = tf.memory().numTensors;
    const err = await trainStep(m, opt, x, y, { lr: 1e38, gradNorms: true }).catch((e) => e);
    expect(err, 'the step must be refused').toBeInstanceOf(Error);
    expect(err).toBeInstanceOf(NonFiniteStepError);
    expect(err).not.toBeInstanceOf(NonFiniteLossError);
    // The loss of the step was finite (ln 10 or so): a loss-only guard lets this step through.
    expect(Number.isFinite(err.loss) && err.loss < 10).toBe(true);
    expect(err.part).toBe('weights');
    expect(err.message).toMatch(/NaN or ±Infinity.*not applied/);
    expect(tf.memory().numTensors).toBe(count);
    expect(await everything(m, opt)).toEqual(before);
    // The optimizer goes on from where it was: a sane step afterwards still works.
    expect(Number.isFinite((await trainStep(m, opt, x, y)).loss)).toBe(true);
    opt.dispose();
    tf.dispose([x, y]);
    disposeResNet18(m);
  });

  it('an invalid option (label smoothing 2) is refused before any work: no tensor leaks, BN statistics stay as they were', async () => {
    const m = tiny();
    const { x, y } = batch(9);
    const opt = new Optimizer({ kind: 'sgd', lr: 0.1, momentum: 0.9 }, m.params);
    const before = await everything(m, opt);
    const count = tf.memory().numTensors;
    await expect(trainStep(m, opt, x, y, { labelSmoothing: 2 })).rejects.toThrow(/label smoothing must be in \[0, 1\]/);
    expect(tf.memory().numTensors).toBe(count);
    expect(await everything(m, opt)).toEqual(before);
    opt.dispose();
    tf.dispose([x, y]);
    disposeResNet18(m);
  });

  it('non-finite gradients and BN statistics from a finite loss (inputs of ±1e30) → refused on Adam, bitwise unchanged', async () => {
    const m = tiny();
    const { x: normal, y } = batch(8);
    // BatchNorm still gives a finite loss; x² and the stem's weight gradient overflow float32. (±3e38 overflows
    // the stem convolution itself: its NaN reaches the loss, a NonFiniteLossError, tested above.)
    const x = tf.mul(normal, 1e30) as tfType.Tensor4D;
    const opt = new Optimizer({ kind: 'adam', lr: 1e-3 }, m.params);
    await trainStep(m, opt, normal, y);
    const before = await everything(m, opt);
    const count = tf.memory().numTensors;
    const err = await trainStep(m, opt, x, y).catch((e) => e);
    expect(err, 'the step must be refused').toBeInstanceOf(Error);
    expect(err).toBeInstanceOf(NonFiniteStepError);
    expect(Number.isFinite(err.loss)).toBe(true);
    expect(err.part).toBe('gradients');
    expect(tf.memory().numTensors).toBe(count);
    expect(await everything(m, opt)).toEqual(before);
    opt.dispose();
    tf.dispose([x, normal, y]);
    disposeResNet18(m);
  });
});
