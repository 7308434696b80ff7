/**
 * Training from cached backbone outputs (src/lib/train/featureCache.ts) against training that recomputes the frozen
 * backbone from the images on every step, on the Hugging Face fixture checkpoint (../shared/fixtures/resnet18/hf)
 * at 64² (the ImageNet stem works at any size; 64² keeps the per-step reference affordable):
 * - head only: the same losses and the same head.fc as the full model in eval mode with everything else frozen;
 * - stage 4 + head from stage-3 activations: the same losses, stage-4 weights and BN running statistics as a
 *   reference that runs stages 1–3 in eval mode every step and stage 4 written out here with plain tf ops
 *   (conv, tf.moments BatchNorm in train mode, its running-stat update, ReLU, shortcut), stages 1–3 untouched;
 * - differential LR: one SGD step moves stage-4 weights by exactly 0.1·lr·g and the head by lr·g;
 * - a NaN loss changes nothing; no path leaves tensors behind.
 * Tolerance: 2e-5 relative on losses and weights (float32; batch composition differs between the two paths).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../helpers/tfNode';
import { readFixture } from '../helpers/fixtures';
import {
  createResNet18, disposeResNet18, forward, parseSafetensors, crossEntropy, Optimizer, conv2d, normalArray, createRng,
  registerWasmTrainingKernels, type ResNet18, type ParamGroup, NonFiniteLossError,
} from '../../src/lib/nn';
import { loadPretrained } from '../../src/lib/train/finetune';
import { extractFeatures, fitCache, cacheStep, cacheRows, cacheBytes, rowSize, cacheGroups, predictCached, type FeatureCache } from '../../src/lib/train/featureCache';

const fixture = parseSafetensors(readFixture('resnet18/hf/model.safetensors')).tensors;
const K = 3, N = 12, S = 64, BATCH = 4;
const images = normalArray(createRng(7), N * S * S * 3, 1);
const labels = Int32Array.from({ length: N }, (_, i) => i % K);
const models: ResNet18[] = [];

function pretrained(): ResNet18 {
  const m = createResNet18({ numClasses: K }, { seed: 5 });
  loadPretrained(m, fixture);
  models.push(m);
  return m;
}
const imageRows = (idx: ArrayLike<number>) => {
  const out = new Float32Array(idx.length * S * S * 3);
  for (let i = 0; i < idx.length; i++) out.set(images.subarray(idx[i] * S * S * 3, (idx[i] + 1) * S * S * 3), i * S * S * 3);
  return tf.tensor4d(out, [idx.length, S, S, 3]);
};
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
const p = (m: ResNet18, n: string) => (m.params.get(n) ?? m.buffers.get(n))!;
const read = async (m: ResNet18, n: string) => (await p(m, n).data()) as Float32Array;
function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, what: string, rel = 2e-5) {
  let scale = 0, err = 0;
  for (let i = 0; i < a.length; i++) { scale = Math.max(scale, Math.abs(b[i])); err = Math.max(err, Math.abs(a[i] - b[i])); }
  expect(a.length, what).toBe(b.length);
  expect(err, what).toBeLessThanOrEqual(rel * Math.max(scale, 1e-3));
}

/** Train-mode BatchNorm with tf.moments; the batch mean/var (biased) are returned for the running-stat update. */
function bnTrain(m: ResNet18, name: string, x: tf.Tensor4D, stats: Map<string, [tf.Tensor, tf.Tensor]>): tf.Tensor4D {
  const { mean, variance } = tf.moments(x, [0, 1, 2]);
  stats.set(name, [tf.keep(tf.clone(mean)), tf.keep(tf.clone(variance))]);
  const xhat = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5)));
  return tf.add(tf.mul(xhat, p(m, `${name}.gamma`)), p(m, `${name}.beta`)) as tf.Tensor4D;
}

/** Stage 4 (two basic blocks, BN in train mode), global average pool and fc, written out from the stage-3 activation. */
function stage4Logits(m: ResNet18, s3: tf.Tensor4D, stats: Map<string, [tf.Tensor, tf.Tensor]>): tf.Tensor2D {
  const w = (n: string) => p(m, `${n}.weight`) as tf.Tensor4D;
  const b1 = 'stage4.block1', b2 = 'stage4.block2';
  let h = tf.relu(bnTrain(m, `${b1}.bn1`, conv2d(s3, w(`${b1}.conv1`), { stride: 2, pad: 1 }), stats));
  h = bnTrain(m, `${b1}.bn2`, conv2d(h, w(`${b1}.conv2`), { pad: 1 }), stats);
  const skip = bnTrain(m, `${b1}.shortcut.bn`, conv2d(s3, w(`${b1}.shortcut.conv`), { stride: 2 }), stats);
  const o1 = tf.relu(tf.add(h, skip)) as tf.Tensor4D;
  let g = tf.relu(bnTrain(m, `${b2}.bn1`, conv2d(o1, w(`${b2}.conv1`), { pad: 1 }), stats));
  g = bnTrain(m, `${b2}.bn2`, conv2d(g, w(`${b2}.conv2`), { pad: 1 }), stats);
  const o2 = tf.relu(tf.add(g, o1));
  const pooled = tf.mean(o2, [1, 2]) as tf.Tensor2D;
  return tf.add(tf.matMul(pooled, p(m, 'head.fc.weight') as tf.Tensor2D), p(m, 'head.fc.bias')) as tf.Tensor2D;
}

/** torch's running-stat update (momentum 0.1, unbiased variance over count = N·H·W). */
function updateStats(m: ResNet18, stats: Map<string, [tf.Tensor, tf.Tensor]>, count: number) {
  for (const [name, [mean, v]] of stats) {
    tf.tidy(() => {
      (p(m, `${name}.runningMean`) as tf.Variable).assign(tf.add(tf.mul(p(m, `${name}.runningMean`), 0.9), tf.mul(mean, 0.1)));
      (p(m, `${name}.runningVar`) as tf.Variable).assign(tf.add(tf.mul(p(m, `${name}.runningVar`), 0.9), tf.mul(v, 0.1 * count / (count - 1))));
    });
    tf.dispose([mean, v]);
  }
  stats.clear();
}

/** One reference step: the whole frozen backbone from the images (eval mode), then the trained part; returns the loss. */
async function referenceStep(m: ResNet18, opt: Optimizer, idx: number[], stage4: boolean): Promise<number> {
  const x = imageRows(idx);
  const y = tf.tensor1d(idx.map((i) => labels[i]), 'int32');
  const r = forward(m, x, { taps: ['stage3', 'head.gap'] });
  const stats = new Map<string, [tf.Tensor, tf.Tensor]>();
  const names = opt.trainableNames();
  const { value, grads } = tf.variableGrads(() => crossEntropy(stage4
    ? stage4Logits(m, r.activations.get('stage3') as tf.Tensor4D, stats)
    : tf.add(tf.matMul(r.activations.get('head.gap') as tf.Tensor2D, p(m, 'head.fc.weight') as tf.Tensor2D), p(m, 'head.fc.bias')) as tf.Tensor2D, y),
  names.map((n) => m.params.get(n)!));
  const loss = (await value.data())[0];
  const byVar = new Map(names.map((n) => [m.params.get(n)!.name, n]));
  opt.apply(new Map(Object.entries(grads).map(([v, g]) => [byVar.get(v)!, g as tf.Tensor])));
  const spatial = ((r.activations.get('stage3') as tf.Tensor4D).shape[1] / 2) ** 2;
  updateStats(m, stats, idx.length * spatial);
  tf.dispose([x, y, r.logits, ...r.activations.values(), value, ...Object.values(grads)]);
  return loss;
}

const groups = (stage4: boolean): ParamGroup[] => [
  { match: (n) => n.startsWith('head.fc.') },
  { match: (n) => stage4 && n.startsWith('stage4.'), lrScale: 0.1 },
  { match: () => true, frozen: true },
];
const SGD = { kind: 'sgd' as const, lr: 0.05, momentum: 0.9 };
const extract = (m: ResNet18, point: 'head.gap' | 'stage3') =>
  extractFeatures(m, [point], N, (a, b) => imageRows(range(a, b)), { batchSize: 5 }).then(([c]) => c);

beforeAll(async () => {
  await useBackend('wasm');
  registerWasmTrainingKernels();
});
afterAll(() => models.forEach(disposeResNet18));

describe('training the head on cached pooled features', () => {
  it('gives the same losses and head as running the frozen backbone every step', async () => {
    const cached = pretrained(), ref = pretrained();
    const cache = await extract(cached, 'head.gap');
    expect(cache.rowShape).toEqual([512]);
    const fit = await fitCache(cached, cache, labels, { epochs: 2, batchSize: BATCH, optimizer: SGD, seed: null });
    const opt = new Optimizer(SGD, ref.params, groups(false));
    const losses: number[] = [];
    for (let e = 0; e < 2; e++) for (let s = 0; s < N; s += BATCH) losses.push(await referenceStep(ref, opt, range(s, s + BATCH), false));
    opt.dispose();
    expectClose(fit.stepLosses, losses, 'step losses');
    for (const n of ['head.fc.weight', 'head.fc.bias']) expectClose(await read(cached, n), await read(ref, n), n);
    expect(await read(cached, 'stage4.block2.bn2.runningMean')).toEqual(await read(ref, 'stage4.block2.bn2.runningMean'));
  });
});

describe('training stage 4 + head on cached stage-3 activations', () => {
  it('equals training with stages 1–3 frozen in eval mode and stage 4 in train mode', async () => {
    const cached = pretrained(), ref = pretrained();
    const before = await read(cached, 'stage3.block2.bn2.runningVar');
    const cache = await extract(cached, 'stage3');
    expect(cache.rowShape).toEqual([4, 4, 256]);
    const fit = await fitCache(cached, cache, labels, { epochs: 2, batchSize: BATCH, optimizer: SGD, stage4LrScale: 0.1, seed: null });
    const opt = new Optimizer(SGD, ref.params, groups(true));
    const losses: number[] = [];
    for (let e = 0; e < 2; e++) for (let s = 0; s < N; s += BATCH) losses.push(await referenceStep(ref, opt, range(s, s + BATCH), true));
    opt.dispose();
    expectClose(fit.stepLosses, losses, 'step losses');
    for (const n of ['stage4.block1.conv1.weight', 'stage4.block2.bn2.gamma', 'stage4.block1.shortcut.conv.weight', 'head.fc.weight', 'head.fc.bias',
      'stage4.block1.bn1.runningMean', 'stage4.block2.bn2.runningVar']) {
      expectClose(await read(cached, n), await read(ref, n), n, 1e-4);
    }
    expect(await read(cached, 'stage3.block2.bn2.runningVar')).toEqual(before);
    expect(await read(cached, 'stage3.block2.conv2.weight')).toEqual(await read(ref, 'stage3.block2.conv2.weight'));
  });

  it('moves stage 4 by 0.1·lr·g and the head by lr·g on one plain SGD step (differential LR)', async () => {
    const m = pretrained(), ref = pretrained();
    const cache = await extract(m, 'stage3');
    const names = ['stage4.block1.conv1.weight', 'stage4.block2.bn1.beta', 'head.fc.weight', 'stage3.block1.conv1.weight'];
    const start = new Map(await Promise.all(names.map(async (n) => [n, await read(m, n)] as const)));
    // g from the written-out stage 4, on the reference model (same weights), before any update.
    const x = cacheRows(cache, range(0, BATCH)) as tf.Tensor4D;
    const y = tf.tensor1d(range(0, BATCH).map((i) => labels[i]), 'int32');
    const stats = new Map<string, [tf.Tensor, tf.Tensor]>();
    const { value, grads } = tf.variableGrads(() => crossEntropy(stage4Logits(ref, x, stats), y), names.slice(0, 3).map((n) => ref.params.get(n)!));
    updateStats(ref, stats, BATCH);
    const lr = 0.3;
    const opt = new Optimizer({ kind: 'sgd', lr }, m.params, cacheGroups('stage3', 0.1));
    await cacheStep(m, opt, 'stage3', x, y);
    opt.dispose();
    for (const [i, n] of names.slice(0, 3).entries()) {
      const g = (await grads[ref.params.get(n)!.name].data()) as Float32Array;
      const scale = i < 2 ? 0.1 : 1;
      const want = start.get(n)!.map((v, j) => v - lr * scale * g[j]);
      expectClose(await read(m, n), want, n, 1e-4);
    }
    expect(await read(m, names[3])).toEqual(start.get(names[3]));
    tf.dispose([x, y, value, ...Object.values(grads)]);
  });

  it('refuses a NaN loss and changes no weight or running statistic', async () => {
    const m = pretrained();
    const x = tf.fill([2, 4, 4, 256], NaN) as tf.Tensor4D;
    const y = tf.tensor1d([0, 1], 'int32');
    const w = await read(m, 'stage4.block1.conv1.weight'), rm = await read(m, 'stage4.block1.bn1.runningMean');
    const opt = new Optimizer(SGD, m.params, cacheGroups('stage3'));
    await expect(cacheStep(m, opt, 'stage3', x, y)).rejects.toBeInstanceOf(NonFiniteLossError);
    opt.dispose();
    expect(await read(m, 'stage4.block1.conv1.weight')).toEqual(w);
    expect(await read(m, 'stage4.block1.bn1.runningMean')).toEqual(rm);
    tf.dispose([x, y]);
  });
});

describe('cache sizes and leaks', () => {
  it('sizes a 224² stage-3 row as 14·14·256 floats, as one real pass gives', async () => {
    const m = pretrained();
    const [c] = await extractFeatures(m, ['stage3'], 1, () => tf.zeros([1, 224, 224, 3]) as tf.Tensor4D);
    expect(c.rowShape).toEqual([14, 14, 256]);
    expect(c.data.length).toBe(rowSize('stage3', 224));
    expect(cacheBytes('stage3', 200, 224)).toBe(200 * 14 * 14 * 256 * 4);
    expect(cacheBytes('head.gap', 200, 224)).toBe(200 * 512 * 4);
  });

  it('predicts from either cache what the whole model predicts from the images (eval mode)', async () => {
    const m = pretrained();
    const caches = await extractFeatures(m, ['head.gap', 'stage3'], N, (a, b) => imageRows(range(a, b)), { batchSize: 5 });
    // The head learns the (noise) labels so predictions differ between images; then stage 4 and its running stats move.
    await fitCache(m, caches[0], labels, { epochs: 15, batchSize: BATCH, optimizer: { kind: 'adam', lr: 1e-2 }, seed: 1 });
    await fitCache(m, caches[1], labels, { epochs: 1, batchSize: BATCH, optimizer: { kind: 'sgd', lr: 1e-3 }, seed: 1 });
    const x = imageRows(range(0, N));
    const logits = forward(m, x).logits;
    const top = tf.argMax(logits, 1);
    const want = Array.from(await top.data());
    tf.dispose([x, logits, top]);
    expect(new Set(want).size).toBeGreaterThan(1);
    expect(Array.from(await predictCached(m, caches[1]))).toEqual(want);
  });

  it('extracting both caches in one pass and fitting from each leaves no tensors behind', async () => {
    const m = pretrained();
    const before = tf.memory().numTensors;
    const caches: FeatureCache[] = await extractFeatures(m, ['head.gap', 'stage3'], N, (a, b) => imageRows(range(a, b)), { batchSize: 5 });
    for (const c of caches) await fitCache(m, c, labels, { epochs: 1, batchSize: BATCH, optimizer: { kind: 'adam', lr: 1e-3 }, seed: 1 });
    for (const c of caches) await predictCached(m, c);
    await expect(fitCache(m, caches[0], labels.subarray(1), { epochs: 1, batchSize: 4, optimizer: SGD })).rejects.toThrow(/labels/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
