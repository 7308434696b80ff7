/**
 * Restoring a run from a stored checkpoint: every way a stored object can be wrong gives a plain message naming
 * the problem, and a failed restore leaves no tensor behind (tf.memory().numTensors unchanged).
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { useBackend } from '../helpers/tfNode';
import { registerWasmTrainingKernels } from '../../src/lib/nn/wasmKernels';
import { Trainer } from '../../src/lib/train/trainer';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../../src/lib/train/config';
import { CheckpointError, type Checkpoint } from '../../src/lib/train/checkpoint';
import { makeSyntheticDataset } from '../../src/lib/data/synthetic';
import { stratifiedSplit } from '../../src/lib/data/split';

let tf: Awaited<ReturnType<typeof useBackend>>;
let good: Checkpoint;
const data = stratifiedSplit(makeSyntheticDataset({ perClass: 4, seed: 11, size: 16 }), 0.25, 3);
const tiny: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, optimizer: 'sgd', widthMultiplier: 0.125, batchSize: 8, epochs: 2, warmupEpochs: 0 };

beforeAll(async () => {
  tf = await useBackend('wasm');
  registerWasmTrainingKernels();
  const t = Trainer.create(tiny, data);
  await t.step(); // optimizer state exists
  good = await t.checkpoint();
  t.dispose();
});

/** A deep copy of the good checkpoint, changed by `edit`. */
const broken = (edit: (c: Checkpoint) => void): Checkpoint => {
  const c = structuredClone(good);
  edit(c);
  return c;
};

describe('Trainer.fromCheckpoint on a bad checkpoint', () => {
  const cases: [string, (c: Checkpoint) => void, RegExp][] = [
    ['a parameter without a shape', (c) => { delete (c.params['stage1.block1.conv1.weight'] as Partial<Checkpoint['params'][string]>).shape; },
      /damaged: parameter "stage1\.block1\.conv1\.weight" has no valid shape/],
    ['a parameter with too few values', (c) => { c.params['head.fc.bias'].data = new Float32Array(3); }, /"head\.fc\.bias" does not hold 10 numbers/],
    ['a NaN parameter', (c) => { c.params['stem.conv.weight'].data[5] = NaN; }, /NaN or ±Infinity in 1 tensors \(stem\.conv\.weight\).*diverged/],
    ['an infinite BN statistic', (c) => { c.buffers['stage2.block1.bn1.runningVar'].data[0] = Infinity; }, /NaN or ±Infinity.*stage2\.block1\.bn1\.runningVar/],
    ['a NaN optimizer state', (c) => { c.optimizer['head.fc.weight.momentum_buffer'].data[0] = NaN; }, /NaN or ±Infinity.*momentum_buffer/],
    ['a corrupt class count', (c) => { (c as { numClasses: unknown }).numClasses = undefined; }, /damaged: its numClasses is undefined/],
    ['a position of NaN', (c) => { c.epoch = NaN; }, /damaged: its epoch is NaN/],
    ['a class count that contradicts the classifier', (c) => { c.numClasses = 7; }, /damaged: it says 7 classes but its classifier has 10/],
  ];
  for (const [what, edit, message] of cases) {
    it(`${what}: a CheckpointError saying so, nothing leaked`, () => {
      const c = broken(edit);
      const count = tf.memory().numTensors;
      const err = (() => { try { Trainer.fromCheckpoint(c, data); } catch (e) { return e as Error; } return null; })();
      expect(err?.message).toMatch(message);
      expect(err!.message).not.toMatch(/different dataset/);
      expect(tf.memory().numTensors).toBe(count);
      expect(err).toBeInstanceOf(CheckpointError);
    });
  }

  it('a parameter missing or of the wrong shape, or optimizer state of the wrong shape, fails after the model is built: nothing leaked', () => {
    const edits: ((c: Checkpoint) => void)[] = [
      (c) => { delete c.params['stage4.block2.conv2.weight']; },
      (c) => { c.buffers['stem.bn.runningMean'] = { shape: [3], data: new Float32Array(3) }; },
      (c) => { c.optimizer['stem.conv.weight.momentum_buffer'] = { shape: [2], data: new Float32Array(2) }; },
    ];
    for (const edit of edits) {
      const count = tf.memory().numTensors;
      expect(() => Trainer.fromCheckpoint(broken(edit), data)).toThrow(/stage4\.block2\.conv2\.weight|stem\.bn\.runningMean|momentum_buffer/);
      expect(tf.memory().numTensors).toBe(count);
    }
  });

  it('the good checkpoint restores (and a different dataset is still called that)', () => {
    const t = Trainer.fromCheckpoint(structuredClone(good), data);
    expect(t.globalStep).toBe(1);
    t.dispose();
    const other = stratifiedSplit(makeSyntheticDataset({ perClass: 4, seed: 1, size: 32 }), 0.5, 1);
    expect(() => Trainer.fromCheckpoint(structuredClone(good), other)).toThrow(/different dataset/);
  });
});

describe('Trainer.create on a dataset it cannot validate', () => {
  it('refuses one image per class (an empty validation set) before building anything', () => {
    const one = stratifiedSplit(makeSyntheticDataset({ perClass: 1, seed: 11, size: 16 }), 0.2, 3);
    const count = tf.memory().numTensors;
    expect(() => Trainer.create(tiny, one)).toThrow(/at least 2 training images and 1 validation image/);
    expect(tf.memory().numTensors).toBe(count);
  });
});
