/**
 * Fine-tuning: loading a ResNet-18 weights file for a dataset with another number of classes (everything but
 * head.fc), freezing the backbone (bitwise unchanged) or giving it a smaller learning rate (differential LR,
 * checked on the first SGD step against the full-rate update), and checkpoint/resume with those settings.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { useBackend } from '../helpers/tfNode';
import { readFixture } from '../helpers/fixtures';
import { registerWasmTrainingKernels } from '../../src/lib/nn/wasmKernels';
import { createResNet18, disposeResNet18, type ResNet18 } from '../../src/lib/nn/resnet18';
import { parseSafetensors, toFloat32, type SafeTensor } from '../../src/lib/nn/io/safetensors';
import { exportTorchvision, loadWeights, WeightsError } from '../../src/lib/nn/io/weights';
import { oihwToHwio } from '../../src/lib/nn/io/weightNames';
import { Trainer } from '../../src/lib/train/trainer';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig, type FinetuneConfig } from '../../src/lib/train/config';
import { MemoryCheckpointStore } from '../../src/lib/train/checkpoint';
import { inspectPretrained, loadPretrained } from '../../src/lib/train/finetune';
import { gradCamOf } from '../../src/lib/train/gradcam';
import { makeSyntheticDataset } from '../../src/lib/data/synthetic';
import { stratifiedSplit } from '../../src/lib/data/split';

let tf: Awaited<ReturnType<typeof useBackend>>;
/** A torchvision-named ImageNet-variant file (width 1/8, 1000 classes), written with the project's serializer. */
let imagenetFile: Map<string, SafeTensor>;
/** The source model's parameter values, to compare what was loaded against. */
let source: Map<string, Float32Array>;

async function snapshot(m: ResNet18, which: 'params' | 'buffers' = 'params'): Promise<Map<string, Float32Array>> {
  const out = new Map<string, Float32Array>();
  for (const [k, v] of m[which]) out.set(k, (await v.data()).slice() as Float32Array);
  return out;
}
const bitwiseEqual = (a: Float32Array, b: Float32Array) => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

beforeAll(async () => {
  tf = await useBackend('wasm');
  registerWasmTrainingKernels();
  const src = createResNet18({ variant: 'imagenet', widthMultiplier: 0.125, numClasses: 1000, inputSize: 32 }, { seed: 99 });
  imagenetFile = parseSafetensors(await exportTorchvision(src)).tensors;
  source = await snapshot(src);
  disposeResNet18(src);
});

/** 32×32 synthetic images, 4 per class: 30 train / 10 validation. */
const data = stratifiedSplit(makeSyntheticDataset({ perClass: 4, seed: 3, size: 32 }), 0.25, 3);
const ft = (f: Partial<FinetuneConfig>): TrainConfig => ({
  ...DEFAULT_TRAIN_CONFIG, optimizer: 'sgd', variant: 'imagenet', widthMultiplier: 0.125, batchSize: 8, epochs: 2, lr: 0.05, warmupEpochs: 0,
  patience: 0, augment: { ...DEFAULT_TRAIN_CONFIG.augment, crop: false, flip: false, rotate: false, jitter: false },
  finetune: { source: 'test.safetensors', backbone: 'freeze', backboneLrScale: 0.1, ...f },
});

describe('loading weights for fine-tuning', () => {
  it('reads variant, width and classes off the file', () => {
    expect(inspectPretrained(imagenetFile)).toEqual({ format: 'torchvision', variant: 'imagenet', widthMultiplier: 0.125, numClasses: 1000 });
    const cifar = parseSafetensors(readFixture('resnet18/cifar/init.safetensors')).tensors;
    expect(inspectPretrained(cifar)).toMatchObject({ variant: 'cifar', widthMultiplier: 1, numClasses: 10 });
    expect(() => inspectPretrained(new Map())).toThrow(/no ResNet-18 stem/);
  });

  it('loads an ImageNet-variant torchvision file into a 3-class model: everything but fc, which stays initialised', async () => {
    const m = createResNet18({ variant: 'imagenet', widthMultiplier: 0.125, numClasses: 3, inputSize: 32 }, { seed: 5 });
    const fcBefore = await snapshot(m);
    expect(() => loadWeights(m, imagenetFile)).toThrow(WeightsError); // without skipping, fc's shape is a misfit
    const report = loadPretrained(m, imagenetFile);
    expect(report.skipped).toEqual(['fc.weight', 'fc.bias']);
    expect(report.unexpected).toEqual([]);
    const after = await snapshot(m);
    for (const [name, v] of after) {
      if (name.startsWith('head.fc.')) expect(bitwiseEqual(v, fcBefore.get(name)!), name).toBe(true);
      else expect(bitwiseEqual(v, source.get(name)!), name).toBe(true);
    }
    disposeResNet18(m);
  });

  it('loads the torchvision CIFAR fixture into a 3-class CIFAR model, skipping only fc', async () => {
    const file = parseSafetensors(readFixture('resnet18/cifar/init.safetensors')).tensors;
    const m = createResNet18({ variant: 'cifar', widthMultiplier: 1, numClasses: 3, inputSize: 32 });
    const report = loadPretrained(m, file);
    expect(report.skipped).toEqual(['fc.weight', 'fc.bias']);
    expect(report.loaded).not.toContain('fc.weight');
    expect(report.loaded.length).toBe(m.params.size + m.buffers.size - 2);
    const conv1 = file.get('conv1.weight')!;
    const want = oihwToHwio(toFloat32(conv1), conv1.shape);
    expect(bitwiseEqual((await m.params.get('stem.conv.weight')!.data()) as Float32Array, want)).toBe(true);
    disposeResNet18(m);
  });

  it('reads and loads a Hugging Face-named file (microsoft/resnet-18 fixture) for 10 classes, skipping only its classifier', async () => {
    const file = parseSafetensors(readFixture('resnet18/hf/model.safetensors')).tensors;
    expect(inspectPretrained(file)).toEqual({ format: 'hf', variant: 'imagenet', widthMultiplier: 1, numClasses: 1000 });
    const m = createResNet18({ variant: 'imagenet', widthMultiplier: 1, numClasses: 10, inputSize: 32 });
    const report = loadPretrained(m, file);
    expect(report.format).toBe('hf');
    expect(report.skipped).toEqual(['classifier.1.weight', 'classifier.1.bias']);
    expect(report.loaded.length).toBe(m.params.size + m.buffers.size - 2);
    const k = file.get('resnet.encoder.stages.3.layers.1.layer.1.convolution.weight')!;
    expect(bitwiseEqual((await m.params.get('stage4.block2.conv2.weight')!.data()) as Float32Array, oihwToHwio(toFloat32(k), k.shape))).toBe(true);
    disposeResNet18(m);
  });

  it('stays all-or-nothing for what it does not skip, and leaks nothing', async () => {
    const m = createResNet18({ variant: 'imagenet', widthMultiplier: 0.125, numClasses: 3, inputSize: 32 }, { seed: 5 });
    const before = await snapshot(m);
    const broken = new Map(imagenetFile);
    broken.delete('layer3.1.conv2.weight');
    const n = tf.memory().numTensors;
    expect(() => loadPretrained(m, broken)).toThrow(/missing: layer3\.1\.conv2\.weight/);
    expect(tf.memory().numTensors).toBe(n);
    for (const [k, v] of await snapshot(m)) expect(bitwiseEqual(v, before.get(k)!), k).toBe(true);
    disposeResNet18(m);
    // A Trainer whose weights do not fit (a CIFAR-variant config for an ImageNet file) throws and frees its model.
    const n2 = tf.memory().numTensors;
    expect(() => Trainer.create({ ...ft({}), variant: 'cifar' }, data, undefined, undefined, imagenetFile)).toThrow(WeightsError);
    expect(tf.memory().numTensors).toBe(n2);
    expect(() => Trainer.create(ft({}), data)).toThrow(/needs a weights file/);
  });
});

describe('training with a frozen or slower backbone', () => {
  it('freeze: backbone parameters are bitwise unchanged after steps, head.fc changes', async () => {
    const t = Trainer.create(ft({ backbone: 'freeze' }), data, undefined, undefined, imagenetFile);
    const before = await snapshot(t.model);
    const statsBefore = await snapshot(t.model, 'buffers');
    for (let i = 0; i < 3; i++) await t.step();
    const after = await snapshot(t.model);
    for (const [name, v] of after) {
      const same = bitwiseEqual(v, before.get(name)!);
      expect(same, name).toBe(!name.startsWith('head.fc.'));
    }
    // Documented choice: BatchNorm still runs in training mode, so a frozen backbone's running statistics adapt.
    expect(bitwiseEqual((await snapshot(t.model, 'buffers')).get('stem.bn.runningMean')!, statsBefore.get('stem.bn.runningMean')!)).toBe(false);
    expect(t.history.grad.layers).toEqual(['head.fc']);
    // Grad-CAM still works on the ImageNet variant at 32×32, but stage 4 is 1×1: the map is one uniform cell.
    const n = tf.memory().numTensors;
    const cam = await gradCamOf(t.model, data.val, 0, t.norm);
    expect(tf.memory().numTensors).toBe(n);
    expect(cam.heat.length).toBe(32 * 32);
    expect(cam.heat.every((v) => v === cam.heat[0])).toBe(true);
    t.dispose();
  });

  it('differential LR: on the first SGD step the backbone moves lrScale × its full-rate update; head.fc the full update', async () => {
    const scale = 0.1;
    const slow = Trainer.create(ft({ backbone: 'scaled', backboneLrScale: scale }), data, undefined, undefined, imagenetFile);
    const full = Trainer.create(ft({ backbone: 'scaled', backboneLrScale: 1 }), data, undefined, undefined, imagenetFile);
    const w0 = await snapshot(slow.model);
    await slow.step();
    await full.step();
    const [ws, wf] = [await snapshot(slow.model), await snapshot(full.model)];
    for (const [name, p0] of w0) {
      // First SGD step (momentum buffer = g + wd·w): Δ = −lr·s·(g + wd·w); same weights and batch in both runs.
      const s = name.startsWith('head.fc.') ? 1 : scale;
      let err = 0, maxFull = 0, maxP = 0;
      for (let i = 0; i < p0.length; i++) {
        const dSlow = ws.get(name)![i] - p0[i];
        const dFull = wf.get(name)![i] - p0[i];
        err = Math.max(err, Math.abs(dSlow - s * dFull));
        maxFull = Math.max(maxFull, Math.abs(dFull));
        maxP = Math.max(maxP, Math.abs(p0[i]));
      }
      expect(maxFull, name).toBeGreaterThan(0);
      // float32 rounding of p − lr·d in each run: a few ulps of |p|, plus a relative slack.
      expect(err, name).toBeLessThan(4 * 2 ** -24 * maxP + 1e-4 * s * maxFull);
    }
    slow.dispose();
    full.dispose();
  });

  it('a fine-tuning run resumes from its checkpoint exactly, keeping the backbone frozen', async () => {
    const store = new MemoryCheckpointStore();
    const a = Trainer.create(ft({ backbone: 'freeze' }), data, store, 'ft', imagenetFile);
    const start = await snapshot(a.model);
    await a.step();
    await a.saveCheckpoint();
    const saved = await store.load('ft'); // the epoch end below (3 steps per epoch) writes a newer one
    const next = [(await a.step()).loss, (await a.step()).loss];
    a.dispose();
    const b = Trainer.fromCheckpoint(saved, data);
    expect(b.config.finetune?.backbone).toBe('freeze');
    expect(b.model.config.variant).toBe('imagenet');
    const resumed = [(await b.step()).loss, (await b.step()).loss];
    expect(resumed[0]).toBeCloseTo(next[0], 5);
    expect(resumed[1]).toBeCloseTo(next[1], 5);
    const w = await snapshot(b.model);
    expect(bitwiseEqual(w.get('stage4.block2.conv2.weight')!, start.get('stage4.block2.conv2.weight')!)).toBe(true);
    expect(bitwiseEqual(w.get('head.fc.weight')!, start.get('head.fc.weight')!)).toBe(false);
    b.dispose();
  });
});
