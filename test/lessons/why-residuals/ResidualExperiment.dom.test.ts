import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { ResidualExperiment } from '../../../lessons/why-residuals/ResidualExperiment.svelte';
import { i18n } from '../../../src/lib/i18n/index';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const tiny = { depth: 4, width: 4, points: 16 };

describe('ResidualExperiment', () => {
  it('reports a failed step in words, in the language of the page when it is read, and keeps nothing half-done', async () => {
    const exp = new ResidualExperiment();
    await exp.configure({ ...tiny, depth: 5 }); // odd depth: the nets refuse to be built
    await exp.step();
    expect(exp.steps).toBe(0);
    expect(exp.error).toBe('Training failed: depth must be even and at least 4 (got 5)');
    i18n.current = 'zh';
    try {
      expect(exp.error).toBe('训练失败：depth must be even and at least 4 (got 5)'); // the guard's reason stays as thrown
    } finally {
      i18n.current = 'en';
    }
    await exp.reset();
    expect(exp.error).toBeNull();
  });

  it('runs to the target, recording both losses and the gradient profile at step 1 and now', async () => {
    const exp = new ResidualExperiment();
    await exp.configure(tiny);
    exp.targetSteps = 4;
    await exp.run();
    expect(exp.running).toBe(false);
    expect(exp.steps).toBe(4);
    expect(exp.losses.plain.length).toBe(4);
    expect(exp.losses.residual.length).toBe(4);
    expect(exp.firstGrads!.step).toBe(1);
    expect(exp.latestGrads!.step).toBe(4);
    expect(exp.latestGrads!.plain.length).toBe(4); // one norm per weighted layer
    expect(exp.accuracy).not.toBeNull();
    // the run's end refreshed the decision regions for the final step
    expect(exp.decision!.step).toBe(4);
    expect(exp.decision!.plain.length).toBe(exp.decision!.res ** 2);
    expect(exp.data!.n).toBe(16);
    await exp.dispose();
    expect(exp.decision).toBeNull();
  });

  it('step() adds exactly one step; reset() replays the same seeded numbers and frees the nets', async () => {
    const exp = new ResidualExperiment();
    const before = tf.memory().numTensors;
    await exp.configure(tiny);
    await exp.step();
    await exp.step();
    const first = [...exp.losses.plain];
    expect(exp.steps).toBe(2);
    await exp.reset();
    expect(exp.steps).toBe(0);
    expect(exp.losses.plain).toEqual([]);
    expect(tf.memory().numTensors).toBe(before);
    await exp.step();
    await exp.step();
    expect(exp.losses.plain).toEqual(first);
    await exp.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('pause() stops a run part-way, and changing a setting starts over with it', async () => {
    const exp = new ResidualExperiment();
    await exp.configure(tiny);
    exp.targetSteps = 1000;
    const done = exp.run();
    while (exp.steps < 2) await new Promise((r) => setTimeout(r, 5));
    await exp.pause();
    await done;
    const stoppedAt = exp.steps;
    expect(stoppedAt).toBeGreaterThanOrEqual(2);
    expect(stoppedAt).toBeLessThan(1000);
    await exp.configure({ batchNorm: false });
    expect(exp.steps).toBe(0);
    expect(exp.settings.batchNorm).toBe(false);
    expect(exp.settings.depth).toBe(4);
    await exp.dispose();
  });
});
