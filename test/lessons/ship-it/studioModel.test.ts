/**
 * The studio's network in Ship it: a checkpoint the studio's own Trainer wrote is rebuilt with the same logits;
 * the quantization table's accuracy, agreement and deviation are recounted here from per-image forward passes of
 * the trained model and of a copy quantized by a naive per-channel float64 loop; distillation from it trains two
 * students on the same budget; no path leaks a tensor.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import type * as tfType from '@tensorflow/tfjs';
import { useBackend } from '../../helpers/tfNode';
import { naiveInt8PerChannel } from '../../helpers/naive';
import { createResNet18, disposeResNet18, forward, registerWasmTrainingKernels, type ResNet18 } from '../../../src/lib/nn';
import { quantizableKeys } from '../../../src/lib/nn/quantizeModel';
import { Trainer } from '../../../src/lib/train/trainer';
import { DEFAULT_TRAIN_CONFIG } from '../../../src/lib/train/config';
import { CheckpointError } from '../../../src/lib/train/checkpoint';
import { makeBatch } from '../../../src/lib/data/batch';
import { makeSyntheticDataset } from '../../../src/lib/data/synthetic';
import { limitPerClass, trainValTestSplit } from '../../../src/lib/data/split';
import type { ImageDataset } from '../../../src/lib/data/dataset';
import { studioQuantTable, studioResNet, studioWeights, studentWidth, widthText, type StudioWeights } from '../../../lessons/ship-it/studioModel';
import { studioDistillExperiment, studioDistillProblem, studioDistillText, STUDIO_DISTILL } from '../../../lessons/ship-it/studioDistill';

let tf: typeof tfType;
let weights: StudioWeights;
let split: { train: ImageDataset; val: ImageDataset };

beforeAll(async () => {
  tf = await useBackend('wasm');
  registerWasmTrainingKernels();
  const s = trainValTestSplit(makeSyntheticDataset({ perClass: 12, seed: 3, size: 16 }), 0.25, 0, 7);
  split = { train: s.train, val: s.val };
  const t = Trainer.create({ ...DEFAULT_TRAIN_CONFIG, widthMultiplier: 0.25, batchSize: 16, epochs: 1, freshDraws: false }, split);
  try {
    for (let i = 0; i < 3; i++) await t.step();
    weights = studioWeights(structuredClone(await t.checkpoint()));
  } finally {
    t.dispose();
  }
}, 120_000);

/** Logits of image i alone, [classes] (batch of one: no batch statistics in evaluation mode, so it must match). */
async function logitsOf(m: ResNet18, d: ImageDataset, i: number): Promise<Float32Array> {
  const b = makeBatch(d, [i], weights.normalisation);
  const out = tf.tidy(() => forward(m, tf.tensor4d(b.x, [1, d.height, d.width, 3]), { training: false }).logits);
  const v = (await out.data()) as Float32Array;
  out.dispose();
  return v;
}

const argmax = (v: Float32Array) => v.reduce((best, x, j) => (x > v[best] ? j : best), 0);

describe('the studio network rebuilt', () => {
  it('has the stored weights: its parameters equal the checkpoint, and a damaged checkpoint is refused', async () => {
    const m = studioResNet(weights);
    try {
      expect(m.config.widthMultiplier).toBe(0.25);
      expect(m.config.inputSize).toBe(16);
      for (const [k, v] of [...m.params, ...m.buffers]) expect(Array.from(await v.data())).toEqual(Array.from(weights.params[k]?.data ?? weights.buffers[k].data));
    } finally {
      disposeResNet18(m);
    }
    expect(() => studioWeights({ version: 1 })).toThrow(CheckpointError);
    const before = tf.memory().numTensors;
    const wrong = { ...weights, config: { ...weights.config, widthMultiplier: 0.5 } };
    expect(() => studioResNet(wrong)).toThrow(/shape/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('students are 1/8 under a wider teacher and half a width-1/8 one', () => {
    expect(studentWidth(1)).toBe(0.125);
    expect(studentWidth(0.25)).toBe(0.125);
    expect(studentWidth(0.125)).toBe(0.0625);
    expect([0.0625, 0.125, 0.25, 1, 0.3].map(widthText)).toEqual(['1/16', '1/8', '1/4', '1', '0.3']);
  });
});

describe('studioQuantTable', () => {
  it('counts accuracy and agreement as per-image forward passes do, with the int8 deviation of a hand-quantized copy; no leaks', async () => {
    const m = studioResNet(weights);
    const hand = createResNet18(m.config, { seed: 9 });
    try {
      const quantized = new Set(quantizableKeys(m));
      for (const [k, v] of [...m.params, ...m.buffers]) {
        const w = (await v.data()) as Float32Array;
        const t = tf.tensor(quantized.has(k) ? naiveInt8PerChannel(w, v.shape) : w, v.shape);
        (hand.params.get(k) ?? hand.buffers.get(k))!.assign(t);
        t.dispose();
      }
      const before = tf.memory().numTensors;
      const rows = await studioQuantTable(m, split.val, weights.normalisation);
      expect(tf.memory().numTensors).toBe(before);
      expect(rows.map((r) => r.kind)).toEqual(['fp32', 'fp16', 'int8-per-tensor', 'int8-per-channel']);
      const n = split.val.labels.length;
      let correct = 0;
      let agree = 0;
      let dev = 0;
      for (let i = 0; i < n; i++) {
        const ref = await logitsOf(m, split.val, i);
        const q = await logitsOf(hand, split.val, i);
        if (argmax(ref) === split.val.labels[i]) correct += 1;
        if (argmax(q) === argmax(ref)) agree += 1;
        ref.forEach((x, j) => { dev = Math.max(dev, Math.abs(q[j] - x)); });
      }
      expect(rows[0]).toMatchObject({ correct, agree: n, total: n, maxDeviation: 0 });
      const pc = rows[3];
      expect(pc.total).toBe(n);
      expect(pc.agree).toBe(agree);
      expect(pc.maxDeviation).toBeGreaterThan(0);
      expect(Math.abs(pc.maxDeviation - dev)).toBeLessThan(1e-4 + 1e-3 * dev);
      // fp32 bytes: every trainable value × 4, counted here from the checkpoint
      const values = Object.values(weights.params).reduce((s, t) => s + t.data.length, 0);
      expect(rows[0].bytes).toBe(4 * values);
      expect(rows[1].bytes).toBe(2 * values);
      await expect(studioQuantTable(m, limitPerClass(split.val, 0), weights.normalisation)).rejects.toThrow(/empty/);
    } finally {
      disposeResNet18(m);
      disposeResNet18(hand);
    }
  }, 120_000);
});

describe('distillation from the studio network', () => {
  const small = { ...STUDIO_DISTILL, student: { epochs: 2, batchSize: 16, lr: 0.1, seed: 2 }, trainPerClass: 8, valPerClass: 4 };

  it('scores the teacher once, trains both students the same number of epochs, and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const events: string[] = [];
    const out = await studioDistillExperiment({ weights, ...split }, (e) => events.push(`${e.run}:${e.point.epoch}`), undefined, small);
    expect(tf.memory().numTensors).toBe(before);
    expect(events).toEqual(['teacher:0', 'teacher:2', 'alone:0', 'alone:1', 'alone:2', 'distilled:0', 'distilled:1', 'distilled:2']);
    // The students start from the same weights: the same score before their first step.
    expect(out.distilled[0]).toEqual(out.alone[0]);
    // The teacher's flat line is its own score on the first 4 validation images of each class.
    const val = limitPerClass(split.val, 4);
    const m = studioResNet(weights);
    let correct = 0;
    for (let i = 0; i < val.labels.length; i++) if (argmax(await logitsOf(m, val, i)) === val.labels[i]) correct += 1;
    disposeResNet18(m);
    expect(out.teacher[0].accuracy).toBeCloseTo(correct / val.labels.length, 10);
  }, 180_000);

  it('refuses mismatched images, too few of them, and pictures too large, in plain words', () => {
    const studioDistillProblemText = (...a: Parameters<typeof studioDistillProblem>) => {
      const p = studioDistillProblem(...a);
      return p && studioDistillText(p);
    };
    const other = makeSyntheticDataset({ perClass: 2, seed: 1, size: 24 });
    expect(studioDistillProblemText({ weights, train: other, val: split.val })).toMatch(/different images/);
    expect(studioDistillProblemText({ weights, train: limitPerClass(split.train, 1), val: split.val })).toMatch(/fewer images than one batch/);
    expect(studioDistillProblemText({ weights, ...split }, { ...small, maxSize: 8 })).toMatch(/at most 8 pixels; the studio network takes 16/);
    expect(studioDistillProblemText({ weights, train: split.train, val: limitPerClass(split.val, 0) })).toMatch(/empty/);
    expect(studioDistillProblemText({ weights, ...split }, small)).toBeNull();
  });
});
