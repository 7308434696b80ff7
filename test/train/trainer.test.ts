import { describe, it, expect, beforeAll } from 'vitest';
import { useBackend } from '../helpers/tfNode';
import { registerWasmTrainingKernels } from '../../src/lib/nn/wasmKernels';
import { Trainer } from '../../src/lib/train/trainer';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../../src/lib/train/config';
import { MemoryCheckpointStore } from '../../src/lib/train/checkpoint';
import { makeSyntheticDataset } from '../../src/lib/data/synthetic';
import { stratifiedSplit } from '../../src/lib/data/split';

let tf: Awaited<ReturnType<typeof useBackend>>;
beforeAll(async () => {
  tf = await useBackend('wasm');
  registerWasmTrainingKernels();
});

/** 16×16 synthetic images, 20 per class: 160 train / 40 validation. */
const data = stratifiedSplit(makeSyntheticDataset({ perClass: 20, seed: 11, size: 16 }), 0.2, 3);
// The split as it is and plain warm-up + cosine (the studio default draws fresh images under one-cycle).
const tiny: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, optimizer: 'sgd', widthMultiplier: 0.125, batchSize: 16, epochs: 3, lr: 0.05, warmupEpochs: 0, patience: 0,
  freshDraws: false, schedule: 'cosine' };

describe('Trainer', () => {
  it('lowers the training loss over a few short epochs on a tiny width-1/8 model at 16×16', async () => {
    // 10 per class → 80 train / 20 validation, batch 16 → 5 steps per epoch; Adam 3e-3, no augmentation.
    const small = stratifiedSplit(makeSyntheticDataset({ perClass: 10, seed: 11, size: 16 }), 0.2, 3);
    const noAug = { ...tiny.augment, crop: false, flip: false };
    const t = Trainer.create({ ...tiny, epochs: 3, optimizer: 'adam', lr: 3e-3, augment: noAug }, small);
    expect(t.stepsPerEpoch).toBe(5);
    const losses: number[] = [];
    let epochEnd;
    while (t.status === 'ready') {
      const r = await t.step();
      losses.push(r.loss);
      if (r.epochEnd) epochEnd = r.epochEnd;
    }
    expect(t.status).toBe('finished');
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    // Untrained ≈ ln 10 = 2.30 or a little above; by the third epoch the mean batch loss is well below it.
    expect(mean(losses.slice(0, 5))).toBeGreaterThan(2.2);
    expect(mean(losses.slice(10, 15))).toBeLessThan(0.8 * mean(losses.slice(0, 5)));
    expect(t.history.epoch.valLoss.length).toBe(3);
    expect(epochEnd!.val.preds.length).toBe(20);
    expect(t.history.grad.layers).toContain('stem.conv');
    expect(t.history.grad.norms.length).toBe(15);
    t.dispose();
  });

  it('resumed from a checkpoint, gives the same next-step loss as an uninterrupted run', async () => {
    const store = new MemoryCheckpointStore();
    const a = Trainer.create({ ...tiny, optimizer: 'sgd' }, data, store, 'k');
    for (let i = 0; i < 12; i++) await a.step(); // crosses the epoch boundary (10 steps): checkpoint written
    await a.saveCheckpoint(); // also mid-epoch (step 2 of epoch 1)
    const next = [(await a.step()).loss, (await a.step()).loss];
    a.dispose();
    const b = Trainer.fromCheckpoint(await store.load('k'), data, store, 'k');
    expect([b.epoch, b.stepInEpoch, b.globalStep]).toEqual([1, 2, 12]);
    const resumed = [(await b.step()).loss, (await b.step()).loss];
    expect(resumed[0]).toBeCloseTo(next[0], 5);
    expect(resumed[1]).toBeCloseTo(next[1], 5);
    expect(b.history.step.loss.length).toBe(14);
    b.dispose();
  });

  it('resumes Adam exactly too', async () => {
    const store = new MemoryCheckpointStore();
    const a = Trainer.create({ ...tiny, optimizer: 'adam', lr: 1e-3 }, data, store, 'adam');
    for (let i = 0; i < 3; i++) await a.step();
    await a.saveCheckpoint();
    const next = (await a.step()).loss;
    a.dispose();
    const b = Trainer.fromCheckpoint(await store.load('adam'), data);
    expect((await b.step()).loss).toBeCloseTo(next, 5);
    b.dispose();
  });

  it('stops on a non-finite loss, explains it, and keeps the last good checkpoint', async () => {
    const store = new MemoryCheckpointStore();
    const t = Trainer.create({ ...tiny, lr: 1e30, warmupEpochs: 0 }, data, store, 'nan');
    await t.saveCheckpoint();
    const before = (await store.load('nan'))!;
    for (let i = 0; i < 9 && t.status === 'ready'; i++) await t.step();
    expect(t.status).toBe('diverged');
    expect(t.message).toMatch(/learning rate/);
    await expect(t.step()).rejects.toThrow(/stopped/);
    const kept = (await store.load('nan'))!;
    expect(kept.globalStep).toBe(before.globalStep);
    expect(Object.values(kept.params).every((p) => p.data.every(Number.isFinite))).toBe(true);
    t.dispose();
  });

  it('leaks no tensors over many steps, an epoch end and evaluation', async () => {
    const t = Trainer.create(tiny, data, new MemoryCheckpointStore());
    await t.step(); // creates the optimizer's state
    const before = tf.memory().numTensors;
    for (let i = 0; i < 12; i++) await t.step();
    expect(tf.memory().numTensors).toBe(before);
    t.dispose();
  });

  it('rejects a damaged or mismatched checkpoint with a readable message', async () => {
    const store = new MemoryCheckpointStore();
    const t = Trainer.create(tiny, data, store, 'x');
    const c = await t.checkpoint();
    t.dispose();
    expect(() => Trainer.fromCheckpoint({ ...c, version: 7 }, data)).toThrow(/version/);
    const lowered = Trainer.fromCheckpoint(c, data, undefined, undefined, 0.001);
    expect(lowered.config.lr).toBe(0.001);
    expect(lowered.lrAt(lowered.globalStep)).toBeLessThanOrEqual(0.001);
    lowered.dispose();
    const other = stratifiedSplit(makeSyntheticDataset({ perClass: 4, seed: 1, size: 32 }), 0.5, 1);
    expect(() => Trainer.fromCheckpoint(c, other)).toThrow(/different dataset/);
  });
});
