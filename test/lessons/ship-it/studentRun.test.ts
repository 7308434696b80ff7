/**
 * The compared training runs: the schedule by hand, one distillation step's loss against a float64 reference
 * built from the student's and teacher's logits, α = 0 the same step as plain cross-entropy, and no tensor leaks
 * on any path (step, whole experiment, stopped experiment).
 */
import { describe, it, expect, beforeAll } from 'vitest';
import type * as tfType from '@tensorflow/tfjs';
import { useBackend } from '../../helpers/tfNode';
import { createResNet18, disposeResNet18, forward, Optimizer, createRng, normalArray, registerWasmTrainingKernels } from '../../../src/lib/nn';
import { cosineLr, DivergedError, plainNet, studentStep } from '../../../lessons/ship-it/studentRun';
import { distillExperiment, checkDistillConfig, DISTILL_RUN, type DistillRunConfig } from '../../../lessons/ship-it/distillExperiment';

let tf: typeof tfType;
beforeAll(async () => {
  tf = await useBackend('wasm');
  registerWasmTrainingKernels();
});

const cfg = { variant: 'cifar' as const, widthMultiplier: 1 / 16, numClasses: 10 };
const sgd = (m: ReturnType<typeof createResNet18>) => new Optimizer({ kind: 'sgd', lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 5e-4 }, m.params);

function batch(seed: number): { x: tfType.Tensor4D; y: tfType.Tensor1D } {
  const rng = createRng(seed);
  return { x: tf.tensor4d(normalArray(rng, 4 * 8 * 8 * 3, 1), [4, 8, 8, 3]), y: tf.tensor1d([0, 3, 7, 9], 'int32') };
}

function logSoftmax64(row: number[], T: number): number[] {
  const z = row.map((v) => v / T);
  const m = Math.max(...z);
  const lse = m + Math.log(z.reduce((a, v) => a + Math.exp(v - m), 0));
  return z.map((v) => v - lse);
}

describe('cosineLr', () => {
  it('rises linearly over the first 30 % of steps, then follows a half cosine to 0', () => {
    // total 20: 6 rising steps (lr/6, 2lr/6, …, lr), then u = (t − 6)/14.
    expect(cosineLr(0.6, 0, 20)).toBeCloseTo(0.1, 12);
    expect(cosineLr(0.6, 5, 20)).toBeCloseTo(0.6, 12);
    expect(cosineLr(0.6, 6, 20)).toBeCloseTo(0.6, 12);
    expect(cosineLr(0.6, 13, 20)).toBeCloseTo(0.3, 12);
    expect(cosineLr(0.6, 20, 20)).toBeCloseTo(0, 12);
  });
});

describe('studentStep', () => {
  it('with a teacher returns the distillation loss of the student\'s training-mode logits (float64 reference), and leaks nothing', async () => {
    const student = createResNet18(cfg, { seed: 1 });
    const teacher = createResNet18({ ...cfg, widthMultiplier: 1 / 8 }, { seed: 2 });
    const opt = sgd(student);
    const { x, y } = batch(3);
    const probe = createResNet18(cfg, { seed: 1 }); // same weights: its training-mode logits are the step's
    const s = Array.from(await forward(probe, x, { training: true }).logits.data());
    const tl = Array.from(await forward(teacher, x).logits.data());
    const [T, alpha] = [4, 0.9];
    let want = 0;
    for (let n = 0; n < 4; n++) {
      const ls = logSoftmax64(s.slice(n * 10, n * 10 + 10), T);
      const lt = logSoftmax64(tl.slice(n * 10, n * 10 + 10), T);
      for (let c = 0; c < 10; c++) want += (alpha * T * T * Math.exp(lt[c]) * (lt[c] - ls[c])) / 4;
      want -= ((1 - alpha) * logSoftmax64(s.slice(n * 10, n * 10 + 10), 1)[[0, 3, 7, 9][n]]) / 4;
    }
    const before = tf.memory().numTensors;
    const loss = await studentStep(plainNet(student), opt, x, y, 0.1, { model: plainNet(teacher), settings: { temperature: T, alpha } });
    expect(loss).toBeCloseTo(want, 4);
    // The optimizer's momentum buffers are the only new tensors (one per trained parameter).
    expect(tf.memory().numTensors - before).toBe(student.params.size);
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before);
    [student, teacher, probe].forEach(disposeResNet18);
    tf.dispose([x, y]);
  });

  it('at α = 0 makes exactly the plain cross-entropy step', async () => {
    const a = createResNet18(cfg, { seed: 5 });
    const b = createResNet18(cfg, { seed: 5 });
    const teacher = createResNet18(cfg, { seed: 6 });
    const [oa, ob] = [sgd(a), sgd(b)];
    const { x, y } = batch(4);
    const la = await studentStep(plainNet(a), oa, x, y, 0.1);
    const lb = await studentStep(plainNet(b), ob, x, y, 0.1, { model: plainNet(teacher), settings: { temperature: 3, alpha: 0 } });
    expect(lb).toBeCloseTo(la, 5);
    for (const [k, v] of a.params) {
      const [va, vb] = [await v.data(), await b.params.get(k)!.data()];
      let d = 0;
      for (let i = 0; i < va.length; i++) d = Math.max(d, Math.abs(va[i] - vb[i]));
      expect(d, k).toBeLessThan(1e-5);
    }
    [oa, ob].forEach((o) => o.dispose());
    [a, b, teacher].forEach(disposeResNet18);
    tf.dispose([x, y]);
  });
});

describe('studentStep on a non-finite batch', () => {
  it('throws DivergedError with the loss, and leaks nothing', async () => {
    const m = createResNet18(cfg, { seed: 1 });
    const opt = sgd(m);
    const x = tf.fill([2, 8, 8, 3], NaN) as tfType.Tensor4D;
    const y = tf.tensor1d([0, 1], 'int32');
    const before = tf.memory().numTensors;
    const err = await studentStep(plainNet(m), opt, x, y, 0.1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DivergedError);
    expect(Number.isNaN((err as DivergedError).loss)).toBe(true);
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before);
    disposeResNet18(m);
    tf.dispose([x, y]);
  });
});

describe('distillExperiment', () => {
  const tiny: DistillRunConfig = {
    ...DISTILL_RUN, teacherPerClass: 2, studentPerClass: 1, valPerClass: 1, teacherWidth: 1 / 16, studentWidth: 1 / 32,
    teacher: { epochs: 1, batchSize: 10, lr: 0.05, seed: 1 }, student: { epochs: 2, batchSize: 10, lr: 0.05, seed: 2 },
  };

  it('reports every epoch of the three runs in order and leaves no tensor behind', async () => {
    const before = tf.memory().numTensors;
    const seen: string[] = [];
    const r = await distillExperiment(tiny, (e) => seen.push(`${e.run}${e.point.epoch}`));
    expect(seen).toEqual(['teacher0', 'teacher1', 'alone0', 'alone1', 'alone2', 'distilled0', 'distilled1', 'distilled2']);
    // Same initial student and data: the two students start from the same point.
    expect(r.distilled[0]).toEqual(r.alone[0]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops when asked and still frees everything', async () => {
    const before = tf.memory().numTensors;
    let n = 0;
    const r = await distillExperiment(tiny, () => { n++; }, () => n >= 1);
    expect(r.teacher).toHaveLength(1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses settings that make no sense, in plain words', () => {
    expect(() => checkDistillConfig({ ...tiny, studentPerClass: 5 })).toThrow(/part of the teacher/);
    expect(() => checkDistillConfig({ ...tiny, teacher: { ...tiny.teacher, epochs: 0 } })).toThrow(/Epochs must be/);
    expect(() => checkDistillConfig({ ...tiny, teacherPerClass: 1000 })).toThrow(/between 1 and 200/);
    expect(() => checkDistillConfig(DISTILL_RUN)).not.toThrow();
  });
});
