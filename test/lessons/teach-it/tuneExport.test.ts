/**
 * What the lesson adds after the head: full fine-tuning (every layer trains, the backbone at a tenth of the head's
 * learning rate — checked against gradients taken separately by tf.variableGrads), the TensorFlow.js graph-model
 * export of the fine-tuned student at a smaller crop (loaded by tfjs's own tf.loadGraphModel, logits compared),
 * and the crop comparison's multiply-adds against ResNet-18's conv sizes counted by hand.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../../helpers/tfNode';
import { readFixture } from '../../helpers/fixtures';
import { createResNet18, disposeResNet18, forward, crossEntropy, exportGraphModel, parseSafetensors, registerWasmTrainingKernels, type ResNet18 } from '../../../src/lib/nn';
import { loadPretrained } from '../../../src/lib/train/finetune';
import { buildStudent, pictureBatch, fitAllLayers, predictPictures, FULL_BACKBONE_SCALE } from '../../../lessons/teach-it/teachModel';
import { cropMacs, topOne } from '../../../lessons/teach-it/cropRuns';
import { tfjsLines } from '../../../lessons/teach-it/exportLines';
import type { Pictures, WeightArrays } from '../../../lessons/teach-it/teachProtocol';

let weights: WeightArrays;
const SIDE = 64;
const pics: Pictures = {
  rgb: Uint8Array.from({ length: 4 * SIDE * SIDE * 3 }, (_, i) => (i * 53 + (i >> 9) * 17) % 256),
  labels: Uint8Array.of(0, 1, 2, 1),
  side: SIDE,
};

beforeAll(async () => {
  await useBackend('wasm');
  registerWasmTrainingKernels();
  const source = createResNet18({ numClasses: 1000 });
  loadPretrained(source, parseSafetensors(readFixture('resnet18/hf/model.safetensors')).tensors);
  weights = { names: [], shapes: [], data: [] };
  for (const [n, v] of [...source.params, ...source.buffers]) {
    if (n.startsWith('head.fc.')) continue;
    weights.names.push(n); weights.shapes.push(v.shape.slice()); weights.data.push((await v.data()) as Float32Array);
  }
  disposeResNet18(source);
});

const values = async (m: ResNet18) => new Map(await Promise.all([...m.params].map(async ([n, v]) => [n, (await v.data()) as Float32Array] as const)));

describe('full fine-tuning', () => {
  it('moves every parameter by lr × gradient, the backbone at a tenth of the head\'s rate (one SGD step), leaking nothing', async () => {
    const crop = 64, lr = 0.01;
    const ref = buildStudent(weights, 3, crop);
    const m = buildStudent(weights, 3, crop);
    const before = await values(m);
    // The gradient the step should use: the whole batch (order does not change a mean loss or BN batch statistics).
    const x = pictureBatch(pics, 0, 4, crop);
    const y = tf.tensor1d(Array.from(pics.labels), 'int32');
    const { grads, value } = tf.variableGrads(() => crossEntropy(forward(ref, x, { training: true }).logits as tf.Tensor2D, y), [...ref.params.values()]);
    const byName = new Map([...ref.params].map(([n, v]) => [n, (grads[v.name] as tf.Tensor).dataSync() as Float32Array]));
    const start = tf.memory().numTensors;
    const losses = await fitAllLayers(m, pics, crop, { epochs: 1, lr, batch: 4, seed: 1 });
    expect(tf.memory().numTensors).toBe(start);
    expect(losses[0]).toBeCloseTo((await value.data())[0], 4);
    const after = await values(m);
    let checked = 0;
    for (const [name, p0] of before) {
      const g = byName.get(name)!;
      const scale = name.startsWith('head.fc.') ? 1 : FULL_BACKBONE_SCALE;
      let worst = 0, moved = 0, big = 0;
      for (let i = 0; i < p0.length; i++) {
        const want = -lr * scale * g[i];
        worst = Math.max(worst, Math.abs(after.get(name)![i] - p0[i] - want));
        moved = Math.max(moved, Math.abs(after.get(name)![i] - p0[i]));
        big = Math.max(big, Math.abs(want));
      }
      expect(worst, name).toBeLessThanOrEqual(1e-3 * big + 1e-7);
      if (moved > 0) checked++;
    }
    expect(checked).toBe(before.size);
    tf.dispose([x, y, value, ...Object.values(grads)]);
    disposeResNet18(ref);
    disposeResNet18(m);
  }, 120_000);

  it('predicts the pictures as the whole model\'s argmax in eval mode', async () => {
    const m = buildStudent(weights, 3, 64);
    const start = tf.memory().numTensors;
    const got = await predictPictures(m, pics, 64);
    expect(tf.memory().numTensors).toBe(start);
    const x = pictureBatch(pics, 0, 4, 64);
    const { logits } = forward(m, x);
    const l = await logits.array() as number[][];
    expect(Array.from(got)).toEqual(l.map((r) => r.indexOf(Math.max(...r))));
    tf.dispose([x, logits]);
    disposeResNet18(m);
  }, 60_000);
});

describe('TensorFlow.js export of the fine-tuned student', () => {
  it('loads with tf.loadGraphModel at its 160 px crop and gives its logits within 1e-4', async () => {
    const m = buildStudent(weights, 3, 160);
    await fitAllLayers(m, pics, 160, { epochs: 1, lr: 0.01, batch: 4, seed: 2 });
    const start = tf.memory().numTensors;
    const art = await exportGraphModel(m);
    expect(tf.memory().numTensors).toBe(start);
    const json = JSON.parse(JSON.stringify(art.modelJson));
    const model = await tf.loadGraphModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: art.weightData }));
    const x = pictureBatch(pics, 0, 4, 160);
    const got = model.execute(x, 'logits') as tf.Tensor;
    const { logits } = forward(m, x);
    expect(got.shape).toEqual([4, 3]);
    const a = await got.data(), b = await logits.data();
    let diff = 0;
    for (let i = 0; i < a.length; i++) diff = Math.max(diff, Math.abs(a[i] - b[i]));
    expect(diff).toBeLessThanOrEqual(1e-4);
    tf.dispose([x, got, logits]);
    model.dispose();
    disposeResNet18(m);
    expect(tfjsLines(['cat', 'dog'], 160)).toContain('short side to 182 px');
  }, 120_000);
});

describe('the crop comparison', () => {
  /** ResNet-18's convolutions, counted by hand: out side² · k² · in · out per conv. */
  function handMacs(crop: number): number {
    const out = (s: number, k: number, st: number, p: number) => Math.floor((s + 2 * p - k) / st) + 1;
    let s = out(crop, 7, 2, 3);
    let macs = s * s * 49 * 3 * 64;
    s = out(s, 3, 2, 1);
    let c = 64;
    for (const [cout, stride] of [[64, 1], [128, 2], [256, 2], [512, 2]]) {
      const s2 = out(s, 3, stride, 1);
      macs += s2 * s2 * 9 * c * cout + 3 * s2 * s2 * 9 * cout * cout; // block 1 conv1, then three 3×3 convs
      if (stride !== 1) macs += s2 * s2 * c * cout; // 1×1 projection shortcut
      s = s2;
      c = cout;
    }
    return macs;
  }

  it('counts multiply-adds per picture as the convolutions give them (224: about 1.81 G)', () => {
    for (const crop of [224, 160, 128]) expect(cropMacs(crop)).toBe(handMacs(crop));
    expect(cropMacs(224) / 1e9).toBeCloseTo(1.814, 3);
    expect(topOne({ correct: 7, valCount: 10 })).toBe(0.7);
    expect(topOne({ correct: 0, valCount: 0 })).toBe(0);
  });
});
