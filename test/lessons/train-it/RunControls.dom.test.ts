/**
 * The studio's run controls as the learner sees them (issue 11): no Start while paused, "Train again" asks before
 * it discards a finished run, the resume offer names the epoch the studio showed, and the time left comes from
 * measured epoch times (a fake clock). The worker is a stand-in; the page's state class is the real one.
 */
import { describe, it, expect, afterEach, vi } from 'vitest';
import { mount, unmount, flushSync, tick } from 'svelte';
import RunControls from '../../../lessons/train-it/RunControls.svelte';
import { TrainingRun } from '../../../lessons/train-it/TrainingRun.svelte';
import { EtaClock } from '../../../src/lib/train/eta';
import { DEFAULT_TRAIN_CONFIG } from '../../../src/lib/train/config';
import { emptyHistory } from '../../../src/lib/train/history';
import type { Backend } from '../../../src/lib/state/Backend.svelte';
import type { FromWorker } from '../../../src/workers/protocol';
import { makeSyntheticDataset } from '../../../src/lib/data/synthetic';
import { stratifiedSplit } from '../../../src/lib/data/split';
import { FakeWorker } from './fakeWorker';

const settle = async () => { for (let i = 0; i < 5; i++) { await new Promise((r) => setTimeout(r, 0)); await tick(); } flushSync(); };
const data = stratifiedSplit(makeSyntheticDataset({ perClass: 3, seed: 3, size: 8 }), 0.25, 7);
const SPE = 4;
const EPOCHS = 3;

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

/** A studio whose (stand-in) worker has started a run of EPOCHS epochs of SPE steps; `now` drives its clock. */
async function studio(clock = { t: 0 }) {
  vi.stubGlobal('Worker', FakeWorker);
  const run = new TrainingRun();
  run.eta = new EtaClock(() => clock.t);
  Object.assign(run.data, { train: data.train, val: data.val, spec: { kind: 'synthetic', perClass: 3, seed: 3, valFraction: 0.25 } });
  Object.assign(run.config, { ...DEFAULT_TRAIN_CONFIG, epochs: EPOCHS });
  await run.start('cpu');
  const worker = FakeWorker.last!;
  worker.reply({ type: 'started', resumed: false, epoch: 0, globalStep: 0, stepsPerEpoch: SPE, totalSteps: SPE * EPOCHS, history: emptyHistory(),
    params: 0, macs: 0, config: { ...structuredClone(DEFAULT_TRAIN_CONFIG), epochs: EPOCHS }, status: 'ready', message: '', loadNote: null });
  const target = document.body.appendChild(document.createElement('div'));
  const view = mount(RunControls, { target, props: { run, backend: { name: 'cpu' } as Backend } });
  await settle();
  const q = (id: string) => target.querySelector<HTMLElement>(`[data-testid=${id}]`);
  return { run, worker, target, view, q, clock };
}

const step = (g: number): FromWorker => ({ type: 'step', globalStep: g, epoch: Math.floor(g / SPE), loss: 2, lr: 0.1, ms: 10, imagesPerSec: 100,
  numTensors: 0, numBytes: 0, gpuBytes: null });
const epoch = (e: number, valTop1 = 0.425): FromWorker => ({ type: 'epoch', epoch: e, trainLoss: 1, trainAcc: 0.5, valLoss: 1.5, valTop1, valTop5: 0.9,
  preds: new Int32Array(data.val.labels.length), confidence: new Float32Array(data.val.labels.length), checkpointed: false });

describe('run controls (issue 11)', () => {
  it('offer no Start while paused, only Resume, Single step and Stop', async () => {
    const { worker, q, view } = await studio();
    worker.reply({ type: 'status', phase: 'running', message: '' });
    worker.reply(step(0));
    await settle();
    expect(q('start')).not.toBeNull();
    worker.reply({ type: 'status', phase: 'paused', message: 'Paused.' });
    await settle();
    expect(q('start')).toBeNull();
    expect(q('resume')).not.toBeNull();
    expect(q('single-step')).not.toBeNull();
    expect(q('stop')!.hasAttribute('disabled')).toBe(false);
    unmount(view);
  });

  it('"Train again" after a finished run asks first; Keep it keeps the run, Discard starts afresh', async () => {
    const { run, worker, q, view } = await studio();
    for (let g = 0; g < SPE; g++) worker.reply(step(g));
    worker.reply(epoch(0, 0.425));
    worker.reply({ type: 'status', phase: 'finished', message: 'Finished.' });
    await settle();
    const starts = () => worker.requests('start').length;
    expect(starts()).toBe(1);
    expect(q('start')!.textContent).toBe('Train again');
    q('start')!.click();
    await settle();
    expect(q('confirm-train-again')!.textContent).toContain('epoch 1, validation top-1 42.5 %');
    expect(starts()).toBe(1);
    q('confirm-keep')!.click();
    await settle();
    expect(q('confirm-train-again')).toBeNull();
    expect(run.history.step.loss).toHaveLength(SPE);
    expect(starts()).toBe(1);
    q('start')!.click();
    await settle();
    q('confirm-discard')!.click();
    await settle();
    expect(starts()).toBe(2);
    expect(q('confirm-train-again')).toBeNull();
    unmount(view);
  });

  it('the resume offer names the epoch the studio showed beside the last step', async () => {
    const { run, worker, q, target, view } = await studio();
    for (let g = 0; g < SPE + 2; g++) worker.reply(step(g)); // paused two steps into the second epoch
    worker.reply(epoch(0));
    worker.reply({ type: 'status', phase: 'paused', message: 'Paused.' });
    await settle();
    const shown = [...target.querySelectorAll('[data-testid=run-numbers] div')].find((d) => d.querySelector('dt')!.textContent === 'epoch')!;
    expect(shown.querySelector('dd')!.textContent).toBe('2');
    // after a reload: the stored record is offered, nothing runs
    run.saved = run.currentRecord();
    run.phase = 'idle';
    await settle();
    expect(q('resume-offer')!.textContent).toContain(`epoch 2 of ${EPOCHS}, step ${SPE + 2} of ${SPE * EPOCHS}`);
    unmount(view);
  });

  it('shows "epoch e/E · ~time left" from measured epoch times (fake clock), nothing timed while paused', async () => {
    const clock = { t: 0 };
    const { worker, q, view } = await studio(clock);
    worker.reply({ type: 'status', phase: 'running', message: '' });
    worker.reply(step(0));
    await settle();
    expect(q('eta')!.textContent).toBe('epoch 1/3');
    for (let g = 1; g < SPE; g++) {
      clock.t += 1000;
      worker.reply(step(g));
    }
    worker.reply(epoch(0));
    await settle();
    // 3 steps in 3 s since the first report: 1 s per step, 8 steps left
    expect(q('eta')!.textContent).toBe('epoch 1/3 · ~10 s left');
    for (let g = SPE; g < 2 * SPE; g++) {
      clock.t += 30_000;
      worker.reply(step(g));
    }
    worker.reply(epoch(1));
    await settle();
    // one epoch timed end to end: 120 s, one epoch left
    expect(q('eta')!.textContent).toBe('epoch 2/3 · ~2 min left');
    worker.reply({ type: 'status', phase: 'paused', message: 'Paused.' });
    await settle();
    expect(q('eta')!.textContent).toBe('epoch 2/3');
    unmount(view);
  });
});
