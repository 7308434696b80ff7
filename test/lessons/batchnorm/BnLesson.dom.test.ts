import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { BnLesson } from '../../../lessons/batchnorm/BnLesson.svelte';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});


describe('BnLesson', () => {
  it('computes the stages and the mode comparison, and γ/β edits change y = γ·x̂ + β', async () => {
    const s = new BnLesson();
    await s.refresh();
    expect(s.input!.shape).toEqual([4, 6, 6, 3]);
    const xhat0 = s.stages!.xhat[0];
    s.setAffine('gamma', 0, 2);
    s.setAffine('beta', 0, 0.5);
    await s.refresh();
    expect(s.stages!.y[0]).toBeCloseTo(2 * xhat0 + 0.5, 5);
    s.setAffine('gamma', 1, NaN); // ignored
    expect(s.gamma).toEqual([2, 1, 1]);
    await s.dispose();
  });

  it('clamps the warm-up steps and frees its tensor on dispose', async () => {
    const before = tf.memory().numTensors;
    const s = new BnLesson();
    s.setWarmSteps(1e6);
    expect(s.warmSteps).toBe(200);
    s.setWarmSteps(3);
    await s.refresh();
    expect(s.modes!.warmSteps).toBe(3);
    await s.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
