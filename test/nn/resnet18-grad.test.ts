/**
 * Gradients through the model in training mode (conv, BatchNorm with batch statistics, ReLU, residual add,
 * pooling, fc) against central finite differences of a naive float64 forward pass — an independent check of
 * what tf.variableGrads computes through forward(), which the training step relies on.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import type * as tfType from '@tensorflow/tfjs';
import { useBackend } from '../helpers/tfNode';
import { registerWasmTrainingKernels } from '../../src/lib/nn/wasmKernels';
import { createResNet18, disposeResNet18, forward, type ResNet18 } from '../../src/lib/nn/resnet18';
import {
  naiveAdd, naiveBatchNormTrain, naiveConv2d, naiveGlobalAvgPool, naiveLinear, naiveMaxPool, naiveRelu, randomNd, type Nd,
} from '../helpers/naive';

let tf: typeof tfType;
beforeAll(async () => {
  tf = await useBackend('wasm');
  registerWasmTrainingKernels(); // tfjs-backend-wasm 4.22 lacks Conv2DBackpropFilter
});

type Weights = Map<string, Nd>;

/** Training-mode BN on float64 arrays (batch statistics; the running-stat side effect is irrelevant here). */
function bnTrain(w: Weights, name: string, x: Nd): Nd {
  const c = x.shape[3];
  const ones = new Float64Array(c).fill(1);
  return naiveBatchNormTrain(x, { gamma: w.get(`${name}.gamma`)!.data, beta: w.get(`${name}.beta`)!.data, mean: ones, variance: ones }).y;
}

/** The whole ResNet-18 in train mode, float64, from a name → array map laid out like model.params. */
function naiveTrainForward(w: Weights, variant: 'imagenet' | 'cifar', x: Nd): Nd {
  const conv = (name: string, h: Nd, stride: number, pad: number) => naiveConv2d(h, w.get(`${name}.weight`)!, stride, pad);
  const imagenet = variant === 'imagenet';
  let h = naiveRelu(bnTrain(w, 'stem.bn', conv('stem.conv', x, imagenet ? 2 : 1, imagenet ? 3 : 1)));
  if (imagenet) h = naiveMaxPool(h, 3, 2, 1);
  for (let s = 1; s <= 4; s++) {
    for (let b = 1; b <= 2; b++) {
      const p = `stage${s}.block${b}`;
      const stride = s > 1 && b === 1 ? 2 : 1;
      const a = naiveRelu(bnTrain(w, `${p}.bn1`, conv(`${p}.conv1`, h, stride, 1)));
      const main = bnTrain(w, `${p}.bn2`, conv(`${p}.conv2`, a, 1, 1));
      const skip = w.has(`${p}.shortcut.conv.weight`) ? bnTrain(w, `${p}.shortcut.bn`, conv(`${p}.shortcut.conv`, h, stride, 0)) : h;
      h = naiveRelu(naiveAdd(main, skip));
    }
  }
  return naiveLinear(naiveGlobalAvgPool(h), w.get('head.fc.weight')!, w.get('head.fc.bias')!);
}

async function weightsOf(m: ResNet18): Promise<Weights> {
  const w: Weights = new Map();
  for (const [k, v] of m.params) w.set(k, { data: Float64Array.from(await v.data()), shape: [...v.shape] });
  return w;
}

/** Loss = Σ logits·r: linear in the logits, so every part of the gradient comes from the network itself. */
const dot = (a: Nd, r: Nd) => a.data.reduce((s, v, i) => s + v * r.data[i], 0);

async function checkGradients(m: ResNet18, xn: Nd, keys: string[]) {
  const x = tf.tensor4d(Float32Array.from(xn.data), xn.shape as [number, number, number, number]);
  const w = await weightsOf(m);
  const r = randomNd([xn.shape[0], m.config.numClasses], 77);
  const rt = tf.tensor2d(Float32Array.from(r.data), r.shape as [number, number]);
  const { value, grads } = tf.variableGrads(() => {
    const out = forward(m, x, { training: true });
    return tf.sum(tf.mul(out.logits, rt)) as tfType.Scalar;
  }, keys.map((k) => m.params.get(k)!));
  expect(Math.abs((await value.data())[0] - dot(naiveTrainForward(w, m.config.variant, xn), r))).toBeLessThan(1e-4);
  const loss = () => dot(naiveTrainForward(w, m.config.variant, xn), r);
  /** Central difference at step h on entry i of tensor t (float64, so h can be tiny). */
  const centralDiff = (t: Nd, i: number, h: number) => {
    const orig = t.data[i];
    t.data[i] = orig + h;
    const lp = loss();
    t.data[i] = orig - h;
    const lm = loss();
    t.data[i] = orig;
    return (lp - lm) / (2 * h);
  };
  let checked = 0, atKink = 0;
  for (const key of keys) {
    const g = await grads[m.params.get(key)!.name].data();
    const t = w.get(key)!;
    // float32 backprop errors are relative to the tensor's gradient size, not to one small entry
    const typical = 0.1 * Array.from(g).reduce((a, v) => Math.max(a, Math.abs(v)), 0);
    // a few entries of each tensor, spread over it
    for (const i of [0, Math.floor(t.data.length / 3), Math.floor((2 * t.data.length) / 3), t.data.length - 1]) {
      const fd = centralDiff(t, i, 1e-6);
      const scale = Math.max(1e-6, typical, Math.abs(fd));
      // ReLU and max-pool are piecewise linear: when a kink lies within h of the point, the difference
      // quotient depends on h and proves nothing either way — count those and skip them.
      if (Math.abs(centralDiff(t, i, 1e-5) - fd) > 1e-4 * scale) {
        atKink++;
        continue;
      }
      checked++;
      expect(Math.abs(g[i] - fd) / scale, `${key}[${i}]: autodiff ${g[i]} vs finite difference ${fd}`).toBeLessThan(5e-4);
    }
  }
  expect(atKink).toBeLessThanOrEqual(2);
  expect(checked).toBeGreaterThanOrEqual(4 * keys.length - 2);
  tf.dispose([x, rt, value, ...Object.values(grads)]);
}

describe('training-mode gradients equal float64 finite differences', () => {
  it('cifar variant (width 1/16, 16×16, batch 3): every kind of parameter', async () => {
    const m = createResNet18({ variant: 'cifar', widthMultiplier: 1 / 16, numClasses: 3 }, { seed: 21 });
    const before = tf.memory().numTensors;
    await checkGradients(m, randomNd([3, 16, 16, 3], 78), [
      'stem.conv.weight', 'stem.bn.gamma', 'stem.bn.beta', 'stage1.block1.conv1.weight', 'stage1.block2.bn2.gamma',
      'stage2.block1.shortcut.conv.weight', 'stage2.block1.shortcut.bn.beta', 'stage3.block2.conv1.weight',
      'stage4.block1.conv2.weight', 'stage4.block2.bn2.gamma', 'head.fc.weight', 'head.fc.bias',
    ]);
    expect(tf.memory().numTensors).toBe(before);
    disposeResNet18(m);
  });

  it('imagenet variant (width 1/16, 64×64, batch 2): stem conv through the max-pool', async () => {
    const m = createResNet18({ variant: 'imagenet', widthMultiplier: 1 / 16, numClasses: 3 }, { seed: 22 });
    await checkGradients(m, randomNd([2, 64, 64, 3], 79), ['stem.conv.weight', 'stem.bn.gamma', 'stage1.block1.conv1.weight', 'stage4.block2.conv2.weight']);
    disposeResNet18(m);
  });
});
