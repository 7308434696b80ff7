/**
 * The training worker's loop (src/workers/runLoop.ts) on a real tiny Trainer: a step in flight when Pause arrives
 * is finished, reported and saved; a single step while paused is saved too (issue 11); the held-out test split
 * takes part in nothing during training and is scored exactly once when the run ends by itself (issue 14).
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { useBackend } from '../helpers/tfNode';
import { registerWasmTrainingKernels } from '../../src/lib/nn/wasmKernels';
import { Trainer } from '../../src/lib/train/trainer';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../../src/lib/train/config';
import { MemoryCheckpointStore } from '../../src/lib/train/checkpoint';
import { evaluateDataset } from '../../src/lib/train/evaluate';
import { makeSyntheticDataset } from '../../src/lib/data/synthetic';
import { trainValTestSplit } from '../../src/lib/data/split';
import type { ImageDataset } from '../../src/lib/data/dataset';
import type { EvalResult } from '../../src/lib/nn';
import type { FromWorker, TestMessage } from '../../src/workers/protocol';
import { RunLoop, type TestScorer } from '../../src/workers/runLoop';

let tf: Awaited<ReturnType<typeof useBackend>>;
/** 4 per class: 2 train, 1 validation, 1 test each (20 / 10 / 10 images of 16×16). */
const split = trainValTestSplit(makeSyntheticDataset({ perClass: 4, seed: 11, size: 16 }), 0.25, 0.25, 3);
const data = { train: split.train, val: split.val };
const tiny: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, widthMultiplier: 0.125, batchSize: 8, epochs: 2, warmupEpochs: 0, freshDraws: false };

beforeAll(async () => {
  tf = await useBackend('wasm');
  registerWasmTrainingKernels();
});

const ofType = <T extends FromWorker['type']>(posted: FromWorker[], type: T) => posted.filter((m): m is Extract<FromWorker, { type: T }> => m.type === type);

describe('RunLoop: Pause keeps the step in flight', () => {
  it('a step in flight when Pause arrives is finished, reported and in the checkpoint; a single step after it is saved too', async () => {
    const store = new MemoryCheckpointStore();
    const before = tf.memory().numTensors;
    const t = Trainer.create(tiny, data, store, 'k');
    const posted: FromWorker[] = [];
    const loop = new RunLoop(t, (m) => posted.push(m), null);
    const running = loop.run(); // the first step is now inside trainStep
    await loop.pause();
    await running;
    const steps = ofType(posted, 'step');
    expect(steps.map((s) => s.globalStep)).toEqual([0]);
    let saved = (await store.load('k'))!;
    expect(saved.globalStep).toBe(1);
    expect(saved.history.step.loss).toEqual(steps.map((s) => s.loss));
    expect(posted.at(-1)).toEqual({ type: 'status', phase: 'paused', message: 'Paused; saved where it stopped.', checkpointed: true });

    await loop.singleStep();
    saved = (await store.load('k'))!;
    expect(saved.globalStep).toBe(2);
    expect(saved.history.step.loss).toEqual(ofType(posted, 'step').map((s) => s.loss));
    expect(posted.at(-1)).toMatchObject({ type: 'status', phase: 'paused', checkpointed: true });
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);
});

describe('RunLoop: the held-out test split (issue 14)', () => {
  it('is disjoint from train and validation (no image in two splits)', () => {
    const px = 16 * 16 * 3;
    const key = (d: ImageDataset, i: number) => Buffer.from(d.images.subarray(i * px, (i + 1) * px)).toString('base64');
    const seen = (d: ImageDataset) => new Set(Array.from(d.labels, (_, i) => key(d, i)));
    const train = seen(split.train);
    const val = seen(split.val);
    const test = [...seen(split.test)];
    expect(test).toHaveLength(10);
    expect(test.filter((k) => train.has(k) || val.has(k))).toEqual([]);
  });

  it('is scored exactly once, after the last epoch and before the final status, never while training', async () => {
    const t = Trainer.create(tiny, data);
    expect(Object.keys(t.data).sort()).toEqual(['train', 'val']); // the Trainer, and so early stopping, never sees it
    const calls: { at: number; result: EvalResult }[] = [];
    const posted: FromWorker[] = [];
    const counting: TestScorer = async (tr, d) => {
      const result = await evaluateDataset(tr.model, d, tr.norm);
      calls.push({ at: posted.length, result });
      return result;
    };
    const callsWhenEpochsEnded: number[] = [];
    const loop = new RunLoop(t, (m) => {
      posted.push(m);
      if (m.type === 'epoch') callsWhenEpochsEnded.push(calls.length);
    }, split.test, undefined, counting);
    await loop.run();
    expect(t.status).toBe('finished');
    expect(callsWhenEpochsEnded).toEqual([0, 0]);
    expect(calls).toHaveLength(1);
    const types = posted.map((m) => m.type);
    expect(types.filter((x) => x === 'test')).toHaveLength(1);
    expect(types.slice(-3)).toEqual(['epoch', 'test', 'status']);
    // the message is the score of the test images: top-1 recounted from the predictions by a plain loop
    const { result } = calls[0];
    let right = 0;
    for (let i = 0; i < split.test.labels.length; i++) if (result.preds[i] === split.test.labels[i]) right += 1;
    const msg = ofType(posted, 'test')[0] as TestMessage;
    expect(msg).toEqual({ type: 'test', top1: right / 10, top5: result.top5, loss: result.loss, count: 10, afterEpoch: 2 });
    // nothing scores it again: another run call on the finished run does not step or score
    await loop.run();
    expect(calls).toHaveLength(1);
    t.dispose();
  }, 120_000);

  it('is not scored when the learner pauses, or without test images', async () => {
    const t = Trainer.create(tiny, data);
    let calls = 0;
    const posted: FromWorker[] = [];
    const loop = new RunLoop(t, (m) => posted.push(m), split.test, undefined, async () => { calls += 1; throw new Error('not now'); });
    const running = loop.run();
    await loop.pause();
    await running;
    expect(calls).toBe(0);
    t.dispose();
    const t2 = Trainer.create({ ...tiny, epochs: 1 }, data);
    const posted2: FromWorker[] = [];
    await new RunLoop(t2, (m) => posted2.push(m), null).run();
    expect(t2.status).toBe('finished');
    expect(posted2.some((m) => m.type === 'test')).toBe(false);
    t2.dispose();
  }, 120_000);
});
