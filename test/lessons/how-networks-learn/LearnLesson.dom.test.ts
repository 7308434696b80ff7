import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { LogitsState, DescentState, OptimizerRace, BackpropState, BatchState, SurfaceGrid, LINE, SURFACE } from '../../../lessons/how-networks-learn/LearnLesson.svelte';
import { Latest } from '../../../lessons/how-networks-learn/latest.svelte';
import { LOGIT_RANGE } from '../../../lessons/how-networks-learn/softmaxLoss';
import { toPoints, mse, refDescent, tinyKernelGrad } from './reference';
import { START } from '../../../lessons/how-networks-learn/surface';
import { i18n, t } from '../../../src/lib/i18n/index';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('the lesson’s figure states', () => {
  it('Latest shows only the newest answer, and an error in words without losing the last value', async () => {
    const l = new Latest<number>();
    let release!: () => void;
    const slow = l.run(() => new Promise<number>((ok) => { release = () => ok(1); }), 'x');
    await new Promise((ok) => setTimeout(ok, 0)); // the slow request is computing now
    const calls: number[] = [];
    const skipped = l.run(async () => { calls.push(2); return 2; }, 'x');
    const newest = l.run(async () => { calls.push(3); return 3; }, 'x');
    release();
    await Promise.all([slow, skipped, newest]);
    expect(l.value).toBe(3);
    expect(calls).toEqual([3]);
    await l.run(async () => { throw new Error('boom'); }, 'The thing');
    expect(l.value).toBe(3);
    expect(l.error).toBe('The thing could not be computed: boom');
    // a computation that notices it is stale and gives up leaves no message
    let go!: () => void;
    const gate = new Promise<void>((ok) => { go = ok; });
    const givingUp = l.run(async (stale) => { await gate; if (stale()) throw new Error('superseded'); return 4; }, 'x');
    await new Promise((ok) => setTimeout(ok, 0));
    const after = l.run(async () => 5, 'x');
    go();
    await givingUp;
    expect(l.error).toBe('The thing could not be computed: boom'); // not "x could not be computed: superseded"
    await after;
    expect(l.value).toBe(5);
    expect(l.error).toBeNull();
  });

  it('Latest words its error in the language of the moment it is read, not of the moment it failed', async () => {
    const l = new Latest<number>();
    await l.run(async () => { throw new Error('boom'); }, () => t('The loss'));
    expect(l.error).toBe('The loss could not be computed: boom');
    i18n.current = 'zh';
    try {
      expect(l.error).toBe('损失无法计算：boom');
    } finally {
      i18n.current = 'en';
    }
  });

  it('logits: clamps to the slider range, ignores non-numbers, computes softmax and loss (float64 check)', async () => {
    const s = new LogitsState();
    await s.setLogit(0, 99);
    expect(s.logits[0]).toBe(LOGIT_RANGE.max);
    await s.setLogit(1, NaN);
    expect(s.logits[1]).toBe(1);
    await s.setLabel(2);
    const z = s.logits;
    const lse = Math.log(z.reduce((a, v) => a + Math.exp(v), 0));
    expect(s.result.value!.loss).toBeCloseTo(lse - z[2], 5);
  });

  it('descent: the path for the chosen learning rate (float64 reference) and the surface grid, without leaks', async () => {
    const before = tf.memory().numTensors;
    const s = new DescentState();
    await s.set(0.3, 25);
    const ref = refDescent(toPoints(LINE.x, LINE.y), 'sgd', 0.3, 25, START);
    expect(s.path.value!.lr).toBe(0.3);
    expect(s.path.value!.tr.loss.at(-1)).toBeCloseTo(ref[25][2], 4);
    const g = new SurfaceGrid();
    await g.ensure();
    expect(g.grid.value!.values[0]).toBeCloseTo(mse(toPoints(LINE.x, LINE.y), [g.grid.value!.w1[0], g.grid.value!.w2[0]]), 3);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('optimiser race: one trajectory per method, labelled with the λ and steps it was run for', async () => {
    const r = new OptimizerRace(['sgd-l2', 'adamw']);
    await r.set(0.2, 25);
    const v = r.paths.value!;
    expect([v.lambda, v.steps]).toEqual([0.2, 25]);
    expect([...v.runs.keys()]).toEqual(['sgd-l2', 'adamw']);
    expect(v.runs.get('adamw')!.w1.length).toBe(26);
    const ref = refDescent(toPoints(LINE.x, LINE.y), 'adamw', 0.1, 25, START, 0.2)[25];
    expect(v.runs.get('adamw')!.w1.at(-1)).toBeCloseTo(ref[0], 4);
  });

  it('backprop: the chosen weight’s three derivatives match the float64 backward pass', async () => {
    const s = new BackpropState();
    await s.set(2, { u: 1, v: 0, c: 1 });
    const want = tinyKernelGrad(s.net.x, s.net.kernel, s.net.fcW, s.net.fcB, 2)[(1 * 3 + 0) * 2 + 1];
    const v = s.check.value!;
    expect([v.label, v.at]).toEqual([2, { u: 1, v: 0, c: 1 }]);
    expect(v.chain.value).toBeCloseTo(want, 6);
    expect(v.tfGrad).toBeCloseTo(want, 6);
    expect(v.finiteDiff).toBeCloseTo(want, 3);
  });

  it('batches: the table of batch sizes is computed once per place, the current size on every change', async () => {
    const s = new BatchState();
    await s.refresh();
    const table = s.table.value;
    expect(table!.map((r) => r.batch)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256]);
    await s.set(64, 'start');
    expect(s.table.value).toBe(table);
    expect(s.current.value!.batch).toBe(64);
    await s.set(64, 'minimum');
    expect(s.table.value).not.toBe(table);
    expect(s.current.value!.at).toEqual(SURFACE.minimum);
    expect(Math.hypot(...s.current.value!.full)).toBeLessThan(1e-4);
    expect(s.table.value!.at(-1)!.expected).toBe(0);
  });
});
