import { describe, it, expect, beforeAll, afterEach, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { TrainingRun } from '../../../lessons/train-it/TrainingRun.svelte';
import { Trainer } from '../../../src/lib/train/trainer';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../../../src/lib/train/config';
import { MAX_GRAD_ROWS, appendStepRow } from '../../../src/lib/train/history';
import { stepMessages } from '../../../src/workers/protocol';
import { FakeWorker } from './fakeWorker';
import { makeSyntheticDataset } from '../../../src/lib/data/synthetic';
import { stratifiedSplit } from '../../../src/lib/data/split';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});
afterEach(() => {
  vi.unstubAllGlobals();
});

/** 8×8 synthetic images, 3 per class: 20 train / 10 validation, the studio's minimum (the cpu backend in jsdom is slow). */
const data = stratifiedSplit(makeSyntheticDataset({ perClass: 3, seed: 3, size: 8 }), 0.25, 7);
const tiny: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, widthMultiplier: 0.125, batchSize: 10, epochs: 2, warmupEpochs: 0, gradNorms: true };

/** A studio whose dataset is loaded and whose Start has reached the (fake) worker. */
async function started(): Promise<{ run: TrainingRun; worker: FakeWorker }> {
  vi.stubGlobal('Worker', FakeWorker);
  const run = new TrainingRun();
  Object.assign(run.data, { train: data.train, val: data.val, spec: { kind: 'synthetic', perClass: 3, seed: 3, valFraction: 0.25 } });
  Object.assign(run.config, tiny);
  await run.start('cpu');
  return { run, worker: FakeWorker.last! };
}

describe('TrainingRun: one history writer', () => {
  it('the page\'s history equals the Trainer\'s after a run (steps, gradient rows, epochs), from the rows the reports carry', async () => {
    const { run, worker } = await started();
    expect(worker.posted.map((m) => m.type)).toEqual(['init', 'start', 'run']);
    const start = worker.requests('start')[0];
    const t = Trainer.create(start.config, { train: start.train, val: start.val });
    worker.reply({ type: 'started', resumed: false, epoch: 0, globalStep: 0, stepsPerEpoch: t.stepsPerEpoch, totalSteps: t.totalSteps,
      history: t.history, params: 0, macs: 0, config: t.config, status: t.status, message: '', loadNote: null });
    const losses: number[] = [];
    while (t.status === 'ready') {
      const r = await t.step();
      losses.push(r.loss);
      for (const m of stepMessages(r)) worker.reply(m); // exactly what train.worker.ts posts
    }
    expect(t.status).toBe('finished');
    expect(run.history).toEqual(t.history);
    // and the Trainer's history is what its steps measured: a loss and a grad row per step, 2 epoch rows
    expect(run.history.step.loss).toEqual(losses);
    expect(losses.length).toBe(2 * t.stepsPerEpoch);
    expect(run.history.grad.steps).toEqual(losses.map((_, i) => i));
    expect(run.history.grad.layers).toContain('stem.conv');
    expect(run.history.epoch.valLoss).toHaveLength(2);
    expect(run.lastEpoch?.preds).toHaveLength(data.val.labels.length);
    t.dispose();
  }, 300_000);

  it('thins gradient rows the same way on both sides past MAX_GRAD_ROWS', async () => {
    const { run, worker } = await started();
    const fromTrainer = structuredClone(run.history);
    const layers = ['a', 'b'];
    for (let s = 0; s <= MAX_GRAD_ROWS + 3; s++) {
      const step = { type: 'step' as const, globalStep: s, epoch: 0, loss: 1 / (s + 1), lr: 0.1, ms: 5, imagesPerSec: 1, numTensors: 0,
        numBytes: 0, gpuBytes: null, grad: { layers, norms: [s, 2 * s], ratios: s % 2 ? [s / 10, s / 20] : undefined } };
      worker.reply(step);
      appendStepRow(fromTrainer, structuredClone(step)); // the same row through the Trainer's writer
    }
    expect(run.history).toEqual(fromTrainer);
    expect(run.history.grad.steps.length).toBeLessThanOrEqual(MAX_GRAD_ROWS);
  });
});

describe('TrainingRun: every request to the worker gets its own answer', () => {
  it('two Grad-CAMs and an export in flight each get their own reply, answered out of order', async () => {
    const { run, worker } = await started();
    const camA = run.gradCam(3);
    const camB = run.gradCam(5);
    const files = run.exportModel('tfjs');
    const [a, b] = worker.requests('gradcam');
    const [ex] = worker.requests('export');
    expect(new Set([a.id, b.id, ex.id]).size).toBe(3);
    const heat = (v: number) => new Float32Array([v, v]);
    worker.reply({ type: 'exported', id: ex.id, files: [{ name: 'resnet18-model.json', mime: 'application/json', bytes: new Uint8Array([1]) }] });
    worker.reply({ type: 'gradcam', id: b.id, index: 5, heat: heat(0.5), predicted: 2, probability: 0.4 });
    worker.reply({ type: 'gradcam', id: a.id, index: 3, heat: heat(0.3), predicted: 7, probability: 0.9 });
    expect(await camA).toMatchObject({ index: 3, predicted: 7 });
    expect(await camB).toMatchObject({ index: 5, predicted: 2 });
    expect((await files).map((f) => f.name)).toEqual(['resnet18-model.json']);
  });

  it('a failed request rejects only itself, with the worker\'s words, and the run goes on; a stale reply is ignored', async () => {
    const { run, worker } = await started();
    const cam = run.gradCam(1);
    const files = run.exportModel('safetensors');
    const [c] = worker.requests('gradcam');
    const [ex] = worker.requests('export');
    worker.reply({ type: 'error', id: ex.id, message: 'No model to export yet.' });
    await expect(files).rejects.toThrow('No model to export yet.');
    expect(run.phase).toBe('starting');
    worker.reply({ type: 'gradcam', id: c.id, index: 1, heat: new Float32Array(1), predicted: 0, probability: 1 });
    worker.reply({ type: 'gradcam', id: c.id, index: 1, heat: new Float32Array(1), predicted: 9, probability: 1 }); // duplicate
    expect(await cam).toMatchObject({ predicted: 0 });
  });

  it('requests still waiting when the worker crashes or the studio closes are rejected, not left hanging', async () => {
    const { run, worker } = await started();
    const cam = run.gradCam(0);
    worker.onerror?.({ message: 'out of memory' } as ErrorEvent);
    await expect(cam).rejects.toThrow('The training worker crashed: out of memory');
    expect(run.phase).toBe('error');
    const later = run.exportModel('tfjs');
    run.destroy();
    await expect(later).rejects.toThrow('closed');
    expect(worker.terminated).toBe(true);
    await expect(run.gradCam(0)).rejects.toThrow('start a run first');
  });
});
