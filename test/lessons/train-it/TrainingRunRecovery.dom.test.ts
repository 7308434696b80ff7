/**
 * The studio page recovers from a worker that ran out of memory, failed or crashed (the next Start gets a fresh
 * worker, so a fresh wasm heap), ends a worker that does not answer Stop, refuses up front a recipe too big for
 * the backend, and says so when the saved-run record is damaged. The worker is a stand-in (FakeWorker).
 */
import { describe, it, expect, afterEach, vi } from 'vitest';
import { TrainingRun } from '../../../lessons/train-it/TrainingRun.svelte';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../../../src/lib/train/config';
import { RunRecordError } from '../../../src/lib/train/idbStore';
import { makeSyntheticDataset } from '../../../src/lib/data/synthetic';
import { stratifiedSplit } from '../../../src/lib/data/split';
import { FakeWorker } from './fakeWorker';

vi.mock('../../../src/lib/train/idbStore', async (original) => ({
  ...(await original<typeof import('../../../src/lib/train/idbStore')>()),
  // jsdom has no IndexedDB: the stored record is the damaged one the issue found.
  loadRunRecord: async () => {
    const { validateRunRecord } = await original<typeof import('../../../src/lib/train/idbStore')>();
    return validateRunRecord({ key: 'studio', dataset: { kind: 'synthetic', perClass: 100, seed: 1, valFraction: 0.2 }, epoch: NaN,
      globalStep: -1, totalSteps: 250, savedAt: 1 }, 'studio');
  },
  saveRunRecord: async () => undefined,
}));

afterEach(() => {
  vi.unstubAllGlobals();
});

/** 32×32, as CIFAR: the memory estimate depends on the image size. */
const data = stratifiedSplit(makeSyntheticDataset({ perClass: 3, seed: 3, size: 32 }), 0.25, 7);
const tiny: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, widthMultiplier: 0.125, batchSize: 8 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A studio with a dataset, whose Start has reached a (fake) worker. */
async function started(config: Partial<TrainConfig> = {}): Promise<{ run: TrainingRun; worker: FakeWorker }> {
  vi.stubGlobal('Worker', FakeWorker);
  FakeWorker.last = null;
  const run = new TrainingRun();
  Object.assign(run.data, { train: data.train, val: data.val, spec: { kind: 'synthetic', perClass: 3, seed: 3, valFraction: 0.25 } });
  Object.assign(run.config, tiny, config);
  await run.start('wasm');
  return { run, worker: FakeWorker.last! };
}

describe('TrainingRun: a fresh worker after out-of-memory, an error or a crash', () => {
  const failures: [string, (w: FakeWorker) => void][] = [
    ['out of memory', (w) => w.reply({ type: 'status', phase: 'oom', message: 'Out of memory (Aborted()). Try a smaller batch size or width; no checkpoint was saved yet.' })],
    ['a failure', (w) => w.reply({ type: 'status', phase: 'error', message: 'Training stopped: memory access out of bounds' })],
    ['a crash', (w) => w.onerror?.({ message: 'RuntimeError: unreachable' } as ErrorEvent)],
  ];
  for (const [what, fail] of failures) {
    it(`after ${what}, the next Start terminates the old worker and starts a new one`, async () => {
      const { run, worker } = await started();
      fail(worker);
      expect(['oom', 'error']).toContain(run.phase);
      await run.start('wasm');
      expect(worker.terminated).toBe(true);
      expect(FakeWorker.last).not.toBe(worker);
      expect(FakeWorker.last!.posted.map((m) => m.type)).toEqual(['init', 'start', 'run']);
    });
  }

  it('a worker that ran fine is reused by the next Start', async () => {
    const { run, worker } = await started();
    worker.reply({ type: 'status', phase: 'finished', message: 'Finished 10 epochs.' });
    await run.start('wasm');
    expect(FakeWorker.last).toBe(worker);
    expect(worker.terminated).toBe(false);
  });
});

describe('TrainingRun: Stop ends a worker stuck in a step', () => {
  it('a worker silent for the grace period is ended; the run says stopped, truthfully about checkpoints, and restarts fresh', async () => {
    const { run, worker } = await started();
    run.stopGraceMs = 40;
    run.stop();
    await sleep(150);
    expect(worker.terminated).toBe(true);
    expect(run.phase).toBe('stopped');
    expect(run.message).toBe('Stopped mid-step (the worker was ended after 0.04 s without answering); no checkpoint was saved yet.');
    await run.start('wasm');
    expect(FakeWorker.last).not.toBe(worker);
  });

  it('a worker that answers is not ended', async () => {
    const { run, worker } = await started();
    run.stopGraceMs = 40;
    run.stop();
    worker.reply({ type: 'status', phase: 'paused', message: 'Paused.' });
    worker.reply({ type: 'status', phase: 'stopped', message: 'Stopped; no checkpoint was saved yet.' });
    await sleep(150);
    expect(worker.terminated).toBe(false);
    expect(run.message).toBe('Stopped; no checkpoint was saved yet.');
  });
});

describe('TrainingRun: a recipe too big for the backend is refused before any worker starts', () => {
  it('width 1 at batch 256 on wasm is refused with the estimate; width 1/8 at batch 8 then starts', async () => {
    const { run, worker } = await started({ widthMultiplier: 1, batchSize: 256, optimizer: 'adam' });
    expect(worker).toBeNull();
    expect(run.phase).toBe('error');
    expect(run.message).toMatch(/^This recipe needs about 5\.\d\d GB per step .* more than the wasm backend can hold \(4\.29 GB\)\. Choose a smaller batch size or width\.$/);
    Object.assign(run.config, { widthMultiplier: 0.125, batchSize: 8 });
    await run.start('wasm');
    expect(FakeWorker.last!.posted.map((m) => m.type)).toEqual(['init', 'start', 'run']);
  });
});

describe('TrainingRun: a damaged saved-run record', () => {
  it('is not offered for resuming; the page says why and can discard it', async () => {
    const run = new TrainingRun();
    await run.checkSaved();
    expect(run.saved).toBeNull();
    expect(run.savedProblem).toBe("The saved run's record is damaged (its epoch is NaN, its step is -1), so it cannot be resumed. Discard it and start afresh.");
    expect(new RunRecordError('x')).toBeInstanceOf(Error);
  });
});
