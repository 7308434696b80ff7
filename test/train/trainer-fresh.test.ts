/**
 * The Trainer's recipe options added for the fast default run and CIFAR-10 quick: fresh synthetic images every
 * epoch (deterministic per (seed, epoch), so a resumed run equals an uninterrupted one), Nesterov SGD, the
 * one-cycle schedule and flip test-time augmentation of the validation scores.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { useBackend } from '../helpers/tfNode';
import { registerWasmTrainingKernels } from '../../src/lib/nn/wasmKernels';
import { Trainer } from '../../src/lib/train/trainer';
import { DEFAULT_TRAIN_CONFIG, CIFAR10_QUICK, RECIPES, optimizerConfig, scheduleOf, type TrainConfig } from '../../src/lib/train/config';
import { MemoryCheckpointStore } from '../../src/lib/train/checkpoint';
import { evaluateDataset } from '../../src/lib/train/evaluate';
import { makeSyntheticDataset, drawSyntheticEpoch } from '../../src/lib/data/synthetic';
import { stratifiedSplit } from '../../src/lib/data/split';
import { makeBatch } from '../../src/lib/data/batch';
import { learningRateAt } from '../../src/lib/data/schedule';
import { forward } from '../../src/lib/nn/resnet18';

let tf: Awaited<ReturnType<typeof useBackend>>;
beforeAll(async () => {
  tf = await useBackend('wasm');
  registerWasmTrainingKernels();
});

/** 16×16 synthetic images, 8 per class: 60 train / 20 validation. */
const data = stratifiedSplit(makeSyntheticDataset({ perClass: 8, seed: 11, size: 16 }), 0.25, 3);
const fresh: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, optimizer: 'sgd', nesterov: true, lr: 0.05, widthMultiplier: 0.125, batchSize: 10,
  epochs: 3, warmupEpochs: 0, patience: 0, gradNorms: false, freshDraws: true };

describe('fresh synthetic images every epoch', () => {
  it('train on a new draw of as many images as the split from (dataset seed, epoch) each epoch', () => {
    const t = Trainer.create(fresh, data);
    expect(t.stepsPerEpoch).toBe(6);
    const e0 = t.trainSetFor(0), e1 = t.trainSetFor(1);
    expect(e0.labels.length).toBe(60);
    expect(Buffer.from(e0.images).equals(Buffer.from(drawSyntheticEpoch(data.train, 0, 60).images))).toBe(true);
    expect(Buffer.from(e1.images).equals(Buffer.from(drawSyntheticEpoch(data.train, 1, 60).images))).toBe(true);
    // The batch of (epoch 1, step 2) is built from epoch 1's draw, whatever was drawn in between.
    const want = t.batchAt(1, 2);
    t.trainSetFor(0);
    expect(t.batchAt(0, 0).x.length).toBe(10 * 16 * 16 * 3);
    expect(Array.from(t.batchAt(1, 2).x)).toEqual(Array.from(want.x));
    t.dispose();
  });

  it('ignore the option for a dataset that is not the built-in one (trains on the split as it is)', () => {
    const { source, ...plain } = data.train;
    expect(source?.kind).toBe('synthetic');
    const t = Trainer.create(fresh, { train: plain, val: data.val });
    expect(t.trainSetFor(2)).toBe(plain);
    expect(t.stepsPerEpoch).toBe(6);
    t.dispose();
  });

  it('resumed from a checkpoint after an epoch end, give the same next losses as an uninterrupted run', async () => {
    const store = new MemoryCheckpointStore();
    const a = Trainer.create(fresh, data, store, 'fresh');
    for (let i = 0; i < 7; i++) await a.step(); // crosses the first epoch end (6 steps): checkpoint written
    const next = [(await a.step()).loss, (await a.step()).loss];
    a.dispose();
    const b = Trainer.fromCheckpoint(await store.load('fresh'), data, store, 'fresh');
    expect([b.epoch, b.stepInEpoch]).toEqual([1, 0]);
    await b.step();
    const resumed = [(await b.step()).loss, (await b.step()).loss];
    expect(resumed[0]).toBeCloseTo(next[0], 5);
    expect(resumed[1]).toBeCloseTo(next[1], 5);
    b.dispose();
  });
});

describe('recipe fields', () => {
  it('map to torch optimizers: Nesterov SGD only with momentum, Adam unchanged', () => {
    expect(optimizerConfig(CIFAR10_QUICK)).toEqual({ kind: 'sgd', lr: 0.2, momentum: 0.9, weightDecay: 5e-4, nesterov: true });
    expect(optimizerConfig({ ...CIFAR10_QUICK, momentum: 0 })).toMatchObject({ nesterov: false });
    expect(optimizerConfig({ ...CIFAR10_QUICK, optimizer: 'adam', lr: 1e-3 })).toEqual({ kind: 'adam', lr: 1e-3, weightDecay: 5e-4 });
  });

  it('give the Trainer the recipe\'s schedule: one-cycle over the run, rising for warmupEpochs', () => {
    const t = Trainer.create({ ...fresh, schedule: 'onecycle', lr: 0.2, warmupEpochs: 0.9 }, data);
    const cfg = { kind: 'onecycle' as const, baseLr: 0.2, totalSteps: 18, warmupSteps: 0.9 * 6 };
    expect(scheduleOf(t.config, t.stepsPerEpoch)).toEqual(cfg);
    for (let s = 0; s < 18; s++) expect(t.lrAt(s)).toBe(learningRateAt(cfg, s));
    expect(t.lrAt(0)).toBeCloseTo(0.2 / 25, 12);
    t.dispose();
  });

  it('offer the studio default and CIFAR-10 quick (width 1/8, batch 128, one-cycle to 0.2, smoothing 0.1, flip TTA)', () => {
    expect(RECIPES.studio.config).toBe(DEFAULT_TRAIN_CONFIG);
    expect(CIFAR10_QUICK).toMatchObject({ widthMultiplier: 0.125, batchSize: 128, optimizer: 'sgd', nesterov: true, lr: 0.2,
      schedule: 'onecycle', labelSmoothing: 0.1, flipTTA: true, augment: { crop: true, flip: true } });
  });
});

describe('flip test-time augmentation', () => {
  it('scores the mean logits of each image and its mirror image (float64 reference), leaking nothing', async () => {
    const t = Trainer.create(fresh, data);
    for (let i = 0; i < 3; i++) await t.step();
    const k = 10, n = data.val.labels.length, px = 16 * 16 * 3;
    const idx = Array.from({ length: n }, (_, i) => i);
    const { x } = makeBatch(data.val, idx, t.norm);
    // The mirror image built by hand: column c ← column 15 − c.
    const mirrored = new Float32Array(x.length);
    for (let i = 0; i < n; i++) for (let r = 0; r < 16; r++) for (let c = 0; c < 16; c++) for (let ch = 0; ch < 3; ch++) {
      mirrored[i * px + (r * 16 + c) * 3 + ch] = x[i * px + (r * 16 + 15 - c) * 3 + ch];
    }
    const logitsOf = async (v: Float32Array) => {
      const input = tf.tensor4d(v, [n, 16, 16, 3]);
      const { logits } = forward(t.model, input, { training: false });
      const d = Float64Array.from(await logits.data());
      tf.dispose([input, logits]);
      return d;
    };
    const before = tf.memory().numTensors;
    const got = await evaluateDataset(t.model, data.val, t.norm, { flipTTA: true, batchSize: 7 });
    expect(tf.memory().numTensors).toBe(before);
    const [a, b] = [await logitsOf(x), await logitsOf(mirrored)];
    let loss = 0, correct = 0;
    for (let i = 0; i < n; i++) {
      const row = Array.from({ length: k }, (_, j) => (a[i * k + j] + b[i * k + j]) / 2);
      const m = Math.max(...row);
      loss += m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0)) - row[data.val.labels[i]];
      if (row.indexOf(m) === data.val.labels[i]) correct += 1;
      expect(got.preds[i]).toBe(row.indexOf(m));
    }
    expect(got.accuracy).toBe(correct / n);
    expect(Math.abs(got.loss - loss / n)).toBeLessThan(1e-5);
    t.dispose();
  });
});
