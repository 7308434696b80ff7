import { describe, it, expect, beforeAll } from 'vitest';
import type * as tfType from '@tensorflow/tfjs';
import { useBackend } from '../helpers/tfNode';
import { registerWasmTrainingKernels } from '../../src/lib/nn/wasmKernels';
import { createResNet18, disposeResNet18, forward, forwardFrom, tapNames, type ResNet18 } from '../../src/lib/nn/resnet18';
import {
  maxAbsDiff, naiveBasicBlock, naiveBatchNormEval, naiveBatchNormTrain, naiveConv2d, naiveGlobalAvgPool, naiveLinear,
  naiveMaxPool, naiveRelu, randomNd, randomValues, type NaiveBlock, type NaiveBn, type Nd,
} from '../helpers/naive';

let tf: typeof tfType;
beforeAll(async () => {
  tf = await useBackend('wasm');
  registerWasmTrainingKernels(); // tfjs-backend-wasm 4.22 lacks Conv2DBackpropFilter
});

async function ndOf(t: tfType.Tensor): Promise<Nd> {
  return { data: Float64Array.from(await t.data()), shape: [...t.shape] };
}
const tensorOf = (a: Nd) => tf.tensor4d(Float32Array.from(a.data), a.shape as [number, number, number, number]);
function disposeResult(r: { logits: tfType.Tensor; activations: Map<string, tfType.Tensor> }) {
  r.logits.dispose();
  for (const t of r.activations.values()) t.dispose();
}

/** Gives every BN layer non-trivial γ, β and running statistics, so eval mode is not the identity. */
function randomizeBn(m: ResNet18, seed: number) {
  let s = seed;
  for (const n of m.graph.filter((g) => g.kind === 'bn')) {
    const c = n.outChannels!;
    const set = (v: tfType.Variable, lo: number, hi: number) => {
      const t = tf.tensor1d(Float32Array.from(randomValues(c, s++, lo, hi)));
      v.assign(t);
      t.dispose();
    };
    set(m.params.get(`${n.name}.gamma`)!, 0.5, 1.5);
    set(m.params.get(`${n.name}.beta`)!, -0.3, 0.3);
    set(m.buffers.get(`${n.name}.runningMean`)!, -0.3, 0.3);
    set(m.buffers.get(`${n.name}.runningVar`)!, 0.5, 2);
  }
}

async function bnOf(m: ResNet18, name: string): Promise<NaiveBn> {
  return {
    gamma: await m.params.get(`${name}.gamma`)!.data(),
    beta: await m.params.get(`${name}.beta`)!.data(),
    mean: await m.buffers.get(`${name}.runningMean`)!.data(),
    variance: await m.buffers.get(`${name}.runningVar`)!.data(),
  };
}

async function blockOf(m: ResNet18, block: string): Promise<NaiveBlock> {
  const hasShortcut = m.params.has(`${block}.shortcut.conv.weight`);
  return {
    conv1: await ndOf(m.params.get(`${block}.conv1.weight`)!),
    bn1: await bnOf(m, `${block}.bn1`),
    conv2: await ndOf(m.params.get(`${block}.conv2.weight`)!),
    bn2: await bnOf(m, `${block}.bn2`),
    shortcut: hasShortcut
      ? { conv: await ndOf(m.params.get(`${block}.shortcut.conv.weight`)!), bn: await bnOf(m, `${block}.shortcut.bn`) }
      : undefined,
  };
}

/** The whole network in float64 loops, eval mode, from the model's own weights. */
async function naiveResNet(m: ResNet18, x: Nd): Promise<Nd> {
  const imagenet = m.config.variant === 'imagenet';
  let h = naiveConv2d(x, await ndOf(m.params.get('stem.conv.weight')!), imagenet ? 2 : 1, imagenet ? 3 : 1);
  h = naiveRelu(naiveBatchNormEval(h, await bnOf(m, 'stem.bn')));
  if (imagenet) h = naiveMaxPool(h, 3, 2, 1);
  for (let s = 1; s <= 4; s++) {
    for (let b = 1; b <= 2; b++) h = naiveBasicBlock(h, await blockOf(m, `stage${s}.block${b}`), s > 1 && b === 1 ? 2 : 1);
  }
  const fcW = await ndOf(m.params.get('head.fc.weight')!);
  const fcB = await ndOf(m.params.get('head.fc.bias')!);
  return naiveLinear(naiveGlobalAvgPool(h), fcW, fcB);
}

describe('graph', () => {
  it('has torchvision’s layout: 17 main-path convs + fc = the "18", projection shortcuts only at stage 2–4 block 1', () => {
    const m = createResNet18();
    const convs = m.graph.filter((n) => n.kind === 'conv');
    const shortcuts = convs.filter((n) => n.name.includes('shortcut'));
    expect(convs.length - shortcuts.length + m.graph.filter((n) => n.kind === 'fc').length).toBe(18);
    expect(shortcuts.map((n) => n.name)).toEqual(['stage2.block1.shortcut.conv', 'stage3.block1.shortcut.conv', 'stage4.block1.shortcut.conv']);
    expect(shortcuts.every((n) => n.kernel === 1 && n.stride === 2)).toBe(true);
    expect(m.graph.find((n) => n.name === 'stage2.block1.conv1')).toMatchObject({ kernel: 3, stride: 2, pad: 1, inChannels: 64, outChannels: 128 });
    expect(m.graph.find((n) => n.name === 'stage1.block1.add')!.inputs).toEqual(['stage1.block1.bn2', 'stem.maxpool']);
    expect(m.graph.find((n) => n.name === 'stage2.block1.add')!.inputs).toEqual(['stage2.block1.bn2', 'stage2.block1.shortcut.bn']);
    disposeResNet18(m);
  });

  it('cifar variant: 3×3 stride-1 stem, no max-pool, 10 classes; width multiplier scales channels', () => {
    const m = createResNet18({ variant: 'cifar', widthMultiplier: 0.3 });
    expect(m.graph.some((n) => n.kind === 'maxpool')).toBe(false);
    expect(m.graph[0]).toMatchObject({ name: 'stem.conv', kernel: 3, stride: 1, pad: 1, inChannels: 3, outChannels: 19 });
    const stageOut = [1, 2, 3, 4].map((s) => m.graph.find((n) => n.name === `stage${s}.block2.conv2`)!.outChannels);
    expect(stageOut).toEqual([19, 38, 77, 154]); // round(64·0.3)=19, round(128·0.3)=38, round(76.8)=77, round(153.6)=154
    expect(m.params.get('head.fc.weight')!.shape).toEqual([154, 10]);
    disposeResNet18(m);
  });
});

describe('parameters and initialisation', () => {
  const count = (map: Map<string, tfType.Variable>) => [...map.values()].reduce((a, v) => a + v.size, 0);

  it('imagenet: 11,689,512 trainable values + 9,600 BN running-stat values; cifar: 11,173,962', () => {
    const m = createResNet18();
    expect(count(m.params)).toBe(11_689_512);
    expect(count(m.buffers)).toBe(9_600);
    expect([...m.params.values()].every((v) => v.trainable)).toBe(true);
    expect([...m.buffers.values()].every((v) => !v.trainable)).toBe(true);
    disposeResNet18(m);
    const c = createResNet18({ variant: 'cifar' });
    expect(count(c.params)).toBe(11_173_962);
    disposeResNet18(c);
  });

  it('is reproducible from the seed (same seed → same weights, other seed → other weights)', async () => {
    const opts = { variant: 'cifar' as const, widthMultiplier: 0.25 };
    const [a, b, c] = [createResNet18(opts, { seed: 7 }), createResNet18(opts, { seed: 7 }), createResNet18(opts, { seed: 8 })];
    for (const key of ['stem.conv.weight', 'stage3.block1.conv1.weight', 'head.fc.weight', 'head.fc.bias']) {
      const [va, vb, vc] = await Promise.all([a, b, c].map((m) => m.params.get(key)!.data()));
      expect(maxAbsDiff(va, vb)).toBe(0);
      expect(maxAbsDiff(va, vc)).toBeGreaterThan(0);
    }
    [a, b, c].forEach(disposeResNet18);
  });

  it('convs are kaiming-normal (fan_out, relu): std √(2/(Cout·k²)), mean 0; fc U(±1/√fan_in); BN γ=1 β=0 μ=0 σ²=1', async () => {
    const m = createResNet18({}, { seed: 3 });
    const moments = (d: ArrayLike<number>) => {
      let s = 0, ss = 0;
      for (let i = 0; i < d.length; i++) { s += d[i]; ss += d[i] * d[i]; }
      const mean = s / d.length;
      return { mean, std: Math.sqrt(ss / d.length - mean * mean) };
    };
    const cases: [string, number, number][] = [
      ['stem.conv.weight', Math.sqrt(2 / (64 * 49)), 0.03], // 9,408 samples: std of std ≈ 0.7 %
      ['stage2.block1.shortcut.conv.weight', Math.sqrt(2 / 128), 0.03],
      ['stage4.block2.conv2.weight', Math.sqrt(2 / (512 * 9)), 0.005],
    ];
    for (const [key, std, tol] of cases) {
      const r = moments(await m.params.get(key)!.data());
      expect(Math.abs(r.std / std - 1)).toBeLessThan(tol);
      expect(Math.abs(r.mean)).toBeLessThan(0.05 * std);
    }
    const bound = 1 / Math.sqrt(512);
    const fc = await m.params.get('head.fc.weight')!.data();
    expect(Array.from(fc).reduce((a, v) => Math.max(a, Math.abs(v)), 0)).toBeLessThanOrEqual(bound);
    expect(Math.abs(moments(fc).std / (bound / Math.sqrt(3)) - 1)).toBeLessThan(0.01); // std of U(−a,a) = a/√3
    const bias = await m.params.get('head.fc.bias')!.data();
    expect(Array.from(bias).reduce((a, v) => Math.max(a, Math.abs(v)), 0)).toBeLessThanOrEqual(bound);
    expect(Array.from(await m.params.get('stage3.block2.bn1.gamma')!.data()).every((v) => v === 1)).toBe(true);
    expect(Array.from(await m.params.get('stage3.block2.bn1.beta')!.data()).every((v) => v === 0)).toBe(true);
    expect(Array.from(await m.buffers.get('stem.bn.runningMean')!.data()).every((v) => v === 0)).toBe(true);
    expect(Array.from(await m.buffers.get('stem.bn.runningVar')!.data()).every((v) => v === 1)).toBe(true);
    disposeResNet18(m);
  });

  it('disposeResNet18 frees every variable', () => {
    const before = tf.memory().numTensors;
    const m = createResNet18({ variant: 'cifar', widthMultiplier: 0.125 });
    expect(tf.memory().numTensors).toBe(before + m.params.size + m.buffers.size);
    disposeResNet18(m);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('forward pass', () => {
  it('imagenet at 224²: 112×112×64, 56×56×64, 56×56×64, 28×28×128, 14×14×256, 7×7×512, 512, 1000', async () => {
    const m = createResNet18();
    const x = tf.randomNormal([1, 224, 224, 3]) as tfType.Tensor4D;
    const r = forward(m, x, { taps: ['stem.conv', 'stem.maxpool', 'stem', 'stage1', 'stage2', 'stage3', 'stage4', 'head.gap'] });
    const shapes = Object.fromEntries([...r.activations].map(([k, t]) => [k, t.shape]));
    expect(shapes).toEqual({
      'stem.conv': [1, 112, 112, 64], 'stem.maxpool': [1, 56, 56, 64], stem: [1, 56, 56, 64], stage1: [1, 56, 56, 64],
      stage2: [1, 28, 28, 128], stage3: [1, 14, 14, 256], stage4: [1, 7, 7, 512], 'head.gap': [1, 512],
    });
    expect(r.logits.shape).toEqual([1, 1000]);
    disposeResult(r);
    x.dispose();
    disposeResNet18(m);
  });

  it('identity block (stage1.block1) and projection block (stage2.block1) equal the naive float64 basic block', async () => {
    const m = createResNet18({ variant: 'cifar', widthMultiplier: 0.125 }, { seed: 5 });
    randomizeBn(m, 100);
    const x = tensorOf(randomNd([2, 12, 12, 3], 51));
    const r = forward(m, x, { taps: ['stem', 'stage1.block1', 'stage1', 'stage2.block1'] });
    const identity = naiveBasicBlock(await ndOf(r.activations.get('stem')!), await blockOf(m, 'stage1.block1'), 1);
    expect(maxAbsDiff(await r.activations.get('stage1.block1')!.data(), identity.data)).toBeLessThan(1e-4);
    const proj = naiveBasicBlock(await ndOf(r.activations.get('stage1')!), await blockOf(m, 'stage2.block1'), 2);
    expect(proj.shape).toEqual([2, 6, 6, 16]);
    expect(maxAbsDiff(await r.activations.get('stage2.block1')!.data(), proj.data)).toBeLessThan(1e-4);
    disposeResult(r);
    x.dispose();
    disposeResNet18(m);
  });

  for (const variant of ['imagenet', 'cifar'] as const) {
    it(`${variant}: the whole network equals a naive float64 forward (eval mode, width 1/8)`, async () => {
      const m = createResNet18({ variant, widthMultiplier: 0.125, numClasses: 7 }, { seed: 9 });
      randomizeBn(m, 200);
      const xn = randomNd([2, variant === 'imagenet' ? 40 : 16, variant === 'imagenet' ? 40 : 16, 3], 52);
      const x = tensorOf(xn);
      const r = forward(m, x);
      const want = await naiveResNet(m, xn);
      expect(r.logits.shape).toEqual(want.shape);
      expect(maxAbsDiff(await r.logits.data(), want.data)).toBeLessThan(1e-4);
      disposeResult(r);
      x.dispose();
      disposeResNet18(m);
    });
  }

  it('training mode: batch statistics, and running stats updated as torch does (0.9·old + 0.1·unbiased)', async () => {
    const m = createResNet18({ variant: 'cifar', widthMultiplier: 0.125 }, { seed: 6 });
    randomizeBn(m, 300);
    const bn = await bnOf(m, 'stem.bn');
    const old = { ...bn, mean: Float64Array.from(bn.mean), variance: Float64Array.from(bn.variance) };
    const x = tensorOf(randomNd([4, 8, 8, 3], 53));
    const r = forward(m, x, { training: true, taps: ['stem.conv', 'stem.bn'] });
    const want = naiveBatchNormTrain(await ndOf(r.activations.get('stem.conv')!), old);
    expect(maxAbsDiff(await r.activations.get('stem.bn')!.data(), want.y.data)).toBeLessThan(1e-4);
    expect(maxAbsDiff(await m.buffers.get('stem.bn.runningMean')!.data(), want.runningMean)).toBeLessThan(1e-5);
    expect(maxAbsDiff(await m.buffers.get('stem.bn.runningVar')!.data(), want.runningVar)).toBeLessThan(1e-5);
    disposeResult(r);
    x.dispose();
    disposeResNet18(m);
  });

  it('training forward inside tf.variableGrads: a gradient for every parameter, none for buffers, no leaks', async () => {
    const m = createResNet18({ variant: 'cifar', widthMultiplier: 0.125 }, { seed: 7 });
    const x = tensorOf(randomNd([2, 8, 8, 3], 54));
    const before = tf.memory().numTensors;
    const meanBefore = await m.buffers.get('stage3.block1.bn1.runningMean')!.data();
    const { value, grads } = tf.variableGrads(() => {
      const r = forward(m, x, { training: true, taps: ['stage4'] });
      for (const t of r.activations.values()) t.dispose();
      return tf.mean(tf.square(r.logits)) as tfType.Scalar;
    }, [...m.params.values()]);
    const names = new Set([...m.params.values()].map((v) => v.name));
    expect(new Set(Object.keys(grads))).toEqual(names);
    expect(maxAbsDiff(await m.buffers.get('stage3.block1.bn1.runningMean')!.data(), meanBefore)).toBeGreaterThan(0);
    const g = await grads[m.params.get('stem.conv.weight')!.name].data();
    expect(g.every(Number.isFinite) && g.some((v) => v !== 0)).toBe(true);
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    disposeResNet18(m);
  });

  it('forwardFrom a block boundary reproduces the logits, and tf.grad w.r.t. stage4 works (Grad-CAM)', async () => {
    const m = createResNet18({ variant: 'imagenet', widthMultiplier: 0.125, numClasses: 5 }, { seed: 8 });
    randomizeBn(m, 400);
    const x = tensorOf(randomNd([1, 64, 64, 3], 55));
    const r = forward(m, x, { taps: ['stem', 'stage2.block1', 'stage4'] });
    const full = await r.logits.data();
    for (const from of ['stem', 'stage2.block1', 'stage4']) {
      const rf = forwardFrom(m, from, r.activations.get(from) as tfType.Tensor4D);
      expect(maxAbsDiff(await rf.logits.data(), full)).toBeLessThan(1e-5);
      disposeResult(rf);
    }
    const before = tf.memory().numTensors;
    const grad = tf.grad((a: tfType.Tensor) => {
      const rf = forwardFrom(m, 'stage4', a as tfType.Tensor4D);
      // score of class 2 via a one-hot mask (gather's gradient needs UnsortedSegmentSum, absent on wasm)
      const score = tf.sum(tf.mul(rf.logits, tf.oneHot([2], 5)));
      rf.logits.dispose();
      return score;
    })(r.activations.get('stage4')!);
    expect(grad.shape).toEqual([1, 2, 2, 64]);
    grad.dispose();
    expect(tf.memory().numTensors).toBe(before);
    disposeResult(r);
    x.dispose();
    disposeResNet18(m);
  });

  it('taps "all" returns every node and alias; aliases equal their nodes', async () => {
    const m = createResNet18({ variant: 'imagenet', widthMultiplier: 0.125 });
    const x = tensorOf(randomNd([1, 32, 32, 3], 56));
    const r = forward(m, x, { taps: 'all' });
    expect([...r.activations.keys()].sort()).toEqual(tapNames(m).sort());
    expect(r.activations.size).toBe(m.graph.length + 1 + 8 + 4);
    expect(maxAbsDiff(await r.activations.get('stem')!.data(), await r.activations.get('stem.maxpool')!.data())).toBe(0);
    expect(maxAbsDiff(await r.activations.get('stage3')!.data(), await r.activations.get('stage3.block2.relu2')!.data())).toBe(0);
    expect(maxAbsDiff(await r.activations.get('head.fc')!.data(), await r.logits.data())).toBe(0);
    disposeResult(r);
    x.dispose();
    disposeResNet18(m);
  });

  it('leaves tf.memory().numTensors unchanged (eval, training, all taps, forwardFrom)', () => {
    const m = createResNet18({ variant: 'cifar', widthMultiplier: 0.125 });
    const x = tensorOf(randomNd([2, 8, 8, 3], 57));
    const before = tf.memory().numTensors;
    disposeResult(forward(m, x));
    disposeResult(forward(m, x, { taps: 'all' }));
    disposeResult(forward(m, x, { training: true, taps: 'all' }));
    const r = forward(m, x, { taps: ['stage3'] });
    disposeResult(forwardFrom(m, 'stage3', r.activations.get('stage3') as tfType.Tensor4D, { taps: ['stage4', 'head.gap'] }));
    disposeResult(r);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    disposeResNet18(m);
  });

  it('rejects bad input with a clear message and leaks nothing', () => {
    const m = createResNet18({ variant: 'cifar', widthMultiplier: 0.125 });
    const gray = tf.zeros([1, 8, 8, 1]) as tfType.Tensor4D;
    const x = tf.zeros([1, 8, 8, 3]) as tfType.Tensor4D;
    const before = tf.memory().numTensors;
    expect(() => forward(m, gray)).toThrow(/NHWC \[N,H,W,3\]/);
    expect(() => forward(m, x, { taps: ['stage5'] })).toThrow(/Unknown tap "stage5"/);
    expect(() => forwardFrom(m, 'stage2.block1.conv1', x)).toThrow(/block boundary/);
    expect(() => forwardFrom(m, 'stage2', x)).toThrow(/\[N,H,W,16\]/);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => createResNet18({ widthMultiplier: 0 })).toThrow(/widthMultiplier/);
    expect(() => createResNet18({ numClasses: 2.5 })).toThrow(/numClasses/);
    tf.dispose([gray, x]);
    disposeResNet18(m);
  });
});
