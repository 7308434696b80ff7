/**
 * Divergence, end to end through the Trainer: SGD at lr 1e3 on a tiny width-1/8 model at 16×16 keeps the loss
 * finite for several steps (up to ~1e20) while weights and BN statistics overflow. The run must stop as
 * diverged, never store a checkpoint holding NaN/±Infinity, and say truthfully whether a checkpoint exists.
 */
import { describe, it, expect } from 'vitest';
import { useBackend } from '../helpers/tfNode';
import { registerWasmTrainingKernels } from '../../src/lib/nn/wasmKernels';
import { Trainer } from '../../src/lib/train/trainer';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../../src/lib/train/config';
import { MemoryCheckpointStore, type Checkpoint } from '../../src/lib/train/checkpoint';
import { makeSyntheticDataset } from '../../src/lib/data/synthetic';
import { stratifiedSplit } from '../../src/lib/data/split';

const noAug = { ...DEFAULT_TRAIN_CONFIG.augment, crop: false, flip: false };
const sgd1e3: TrainConfig = {
  ...DEFAULT_TRAIN_CONFIG, optimizer: 'sgd', widthMultiplier: 0.125, batchSize: 8, epochs: 4, lr: 1e3, warmupEpochs: 0, patience: 0, augment: noAug,
};

/** Every stored tensor (parameters, BN statistics, optimizer state) is finite. */
const allFinite = (c: Checkpoint) => [c.params, c.buffers, c.optimizer].every((g) => Object.values(g).every((t) => t.data.every(Number.isFinite)));

/** Runs until the Trainer stops; returns the finite losses it reported along the way. */
async function runToEnd(t: Trainer): Promise<number[]> {
  const losses: number[] = [];
  while (t.status === 'ready') losses.push((await t.step()).loss);
  return losses;
}

/** The message names the stored checkpoint's position when there is one, and says there is none otherwise. */
function expectTruthfulMessage(message: string, stored: Checkpoint | null): void {
  if (stored) expect(message).toContain(`continue from the last checkpoint (epoch ${stored.epoch}, step ${stored.globalStep}), which is kept`);
  else {
    expect(message).toContain('no checkpoint was saved yet');
    expect(message).not.toMatch(/is kept/);
  }
}

describe.each(['wasm', 'cpu'] as const)('divergence with a finite loss on %s (SGD, lr 1e3)', (backend) => {
  it('stops as diverged, writes no non-finite checkpoint, and says truthfully that none exists', async () => {
    await useBackend(backend);
    registerWasmTrainingKernels();
    // 4 images per class, a quarter for validation: 3 steps of 8 per epoch.
    const data = stratifiedSplit(makeSyntheticDataset({ perClass: 4, seed: 11, size: 16 }), 0.25, 3);
    const store = new MemoryCheckpointStore();
    const t = Trainer.create(sgd1e3, data, store, 'k');
    const losses = await runToEnd(t);
    expect(t.status).toBe('diverged');
    expect(losses.slice(0, 2).every(Number.isFinite)).toBe(true); // the loss alone gave no warning
    expect(t.message).toMatch(/^Training diverged at step \d+: .*The learning rate \([0-9.e+]+\) is probably too high/);
    const stored = await store.load('k');
    if (stored) expect(allFinite(stored)).toBe(true);
    expectTruthfulMessage(t.message, stored);
    for (const v of [...t.model.params.values(), ...t.model.buffers.values()]) expect((await v.data()).every(Number.isFinite)).toBe(true);
    t.dispose();
  });
});

describe('divergence caught inside an epoch', () => {
  it('refuses the step whose new weights or BN statistics overflow, and names the checkpoint that is kept', async () => {
    const tf = await useBackend('wasm');
    registerWasmTrainingKernels();
    // 8 per class, a quarter for validation: 7 steps per epoch, so the overflow comes before any validation pass.
    const data = stratifiedSplit(makeSyntheticDataset({ perClass: 8, seed: 11, size: 16 }), 0.25, 3);
    const store = new MemoryCheckpointStore();
    const t = Trainer.create(sgd1e3, data, store, 'k');
    expect(await t.saveCheckpoint()).toBe(true); // a checkpoint at step 0 exists from the start
    const losses = await runToEnd(t);
    expect(t.status).toBe('diverged');
    expect(t.globalStep).toBeLessThan(t.stepsPerEpoch); // stopped by trainStep, not by a validation pass
    expect(Number.isFinite(losses[losses.length - 1])).toBe(true); // the refused step's loss was finite
    expect(t.message).toMatch(/the loss was .* but .* NaN or ±Infinity/);
    const stored = (await store.load('k'))!;
    expect([stored.epoch, stored.globalStep]).toEqual([0, 0]);
    expectTruthfulMessage(t.message, stored);
    const before = tf.memory().numTensors;
    await expect(t.step()).rejects.toThrow(/stopped/);
    expect(tf.memory().numTensors).toBe(before);
    t.dispose();
  });

  it('never writes a checkpoint holding NaN (as on Pause): the run stops as diverged and the stored one stays', async () => {
    const tf = await useBackend('wasm');
    const data = stratifiedSplit(makeSyntheticDataset({ perClass: 4, seed: 11, size: 16 }), 0.25, 3);
    const store = new MemoryCheckpointStore();
    const t = Trainer.create({ ...sgd1e3, lr: 0.01 }, data, store, 'k');
    await t.step();
    expect(await t.saveCheckpoint()).toBe(true);
    const kept = (await store.load('k'))!;
    const v = t.model.buffers.get('stem.bn.runningVar')!;
    const nan = tf.fill(v.shape, NaN);
    v.assign(nan);
    nan.dispose();
    expect(await t.saveCheckpoint()).toBe(false);
    expect(t.status).toBe('diverged');
    expect(t.message).toMatch(/stem\.bn\.runningVar.*not saved.*continue from the last checkpoint \(epoch 0, step 1\), which is kept/);
    expect(await store.load('k')).toEqual(kept);
    t.dispose();
  });
});
