/**
 * The studio's held-out test split, page side (issue 14): the built-in dataset is split three ways, the test images
 * travel to the worker apart from train and validation (disjoint), the page shows no test score until the worker's
 * one 'test' report, and the results then read "test top-1 X %" with why it differs from validation.
 */
import { describe, it, expect, afterEach, vi } from 'vitest';
import { mount, unmount, flushSync, tick } from 'svelte';
import ResultsPanel from '../../../lessons/train-it/ResultsPanel.svelte';
import { TrainingRun } from '../../../lessons/train-it/TrainingRun.svelte';
import { TEST_FRACTION } from '../../../lessons/train-it/TrainingRunData.svelte';
import { DEFAULT_TRAIN_CONFIG } from '../../../src/lib/train/config';
import type { ImageDataset } from '../../../src/lib/data/dataset';
import { emptyHistory } from '../../../src/lib/train/history';
import { FakeWorker } from './fakeWorker';
import { stubCanvas } from '../../viz/explorerCanvas';

const settle = async () => { for (let i = 0; i < 5; i++) { await new Promise((r) => setTimeout(r, 0)); await tick(); } flushSync(); };
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

/** Each image's pixels as a string, to find an image in another split. */
function keys(d: ImageDataset): string[] {
  const px = d.height * d.width * 3;
  return Array.from(d.labels, (_, i) => Array.from(d.images.subarray(i * px, (i + 1) * px)).join(','));
}

describe('the studio\'s held-out test split (issue 14)', () => {
  it('is built with the dataset, disjoint from train and validation, and sent to the worker apart from them', async () => {
    const run = new TrainingRun();
    await run.data.useSynthetic(20);
    const { train, val, test } = run.data;
    expect([train!.labels.length, val!.labels.length, test!.labels.length]).toEqual([140, 40, 20]);
    expect(TEST_FRACTION * 200).toBe(20);
    const seen = new Set([...keys(train!), ...keys(val!)]);
    expect(keys(test!).filter((k) => seen.has(k))).toEqual([]);
    expect(run.data.balance!.test).toEqual(new Array(10).fill(2));
    vi.stubGlobal('Worker', FakeWorker);
    Object.assign(run.config, { ...DEFAULT_TRAIN_CONFIG, widthMultiplier: 0.125 });
    await run.start('cpu');
    const start = FakeWorker.last!.requests('start')[0];
    expect(keys(start.test!)).toEqual(keys(test!));
    expect(keys(start.train)).toEqual(keys(train!));
  });

  it('shows no score until the worker\'s one report, then "test top-1 X %" and why it differs from validation', async () => {
    stubCanvas();
    vi.stubGlobal('ResizeObserver', class { observe() {} unobserve() {} disconnect() {} });
    const run = new TrainingRun();
    await run.data.useSynthetic(20); // built on this thread (jsdom has no Worker)
    vi.stubGlobal('Worker', FakeWorker);
    Object.assign(run.config, { ...DEFAULT_TRAIN_CONFIG, widthMultiplier: 0.125 });
    await run.start('cpu');
    const w = FakeWorker.last!;
    w.reply({ type: 'started', resumed: false, epoch: 0, globalStep: 0, stepsPerEpoch: 2, totalSteps: 2, history: emptyHistory(), params: 0, macs: 0,
      config: structuredClone(DEFAULT_TRAIN_CONFIG), status: 'ready', message: '', loadNote: null });
    const n = run.data.val!.labels.length;
    w.reply({ type: 'epoch', epoch: 0, trainLoss: 1, trainAcc: 0.5, valLoss: 1.2, valTop1: 0.625, valTop5: 0.95,
      preds: Int32Array.from(run.data.val!.labels), confidence: new Float32Array(n).fill(0.9), checkpointed: false });
    const target = document.body.appendChild(document.createElement('div'));
    const view = mount(ResultsPanel, { target, props: { run } });
    await settle();
    expect(target.querySelector('[data-testid=test-score]')).toBeNull();
    expect(target.querySelector('[data-testid=test-pending]')!.textContent).toContain('20 test images are held out');
    w.reply({ type: 'test', top1: 0.55, top5: 0.9, loss: 1.3, count: 20, afterEpoch: 1 });
    await settle();
    const text = target.querySelector('[data-testid=test-score]')!.textContent!.replace(/\s+/g, ' ');
    expect(text).toContain('test top-1 55.0 %');
    expect(text).toContain('on 20 held-out test images, scored once');
    expect(text).toContain('the validation images also picked the epoch to stop at');
    unmount(view);
  });

  it('a continued run that already has its score keeps it and sends no test images; a fresh start sends them again', async () => {
    const run = new TrainingRun();
    await run.data.useSynthetic(20);
    vi.stubGlobal('Worker', FakeWorker);
    Object.assign(run.config, { ...DEFAULT_TRAIN_CONFIG, widthMultiplier: 0.125 });
    await run.start('cpu');
    const w = FakeWorker.last!;
    w.reply({ type: 'test', top1: 0.55, top5: 0.9, loss: 1.3, count: 20, afterEpoch: 4 });
    w.reply({ type: 'status', phase: 'early-stopped', message: 'Stopped early.' });
    const rec = run.currentRecord()!;
    expect(rec.test).toEqual({ top1: 0.55, top5: 0.9, loss: 1.3, count: 20, afterEpoch: 4 });
    run.saved = rec; // as IndexedDB would hold it (jsdom has none)
    await run.start('cpu', true, 0.1); // "Continue from the last checkpoint"
    const starts = w.requests('start');
    expect(starts).toHaveLength(2);
    expect(starts[0].test!.labels.length).toBe(20);
    expect(starts[1].test).toBeUndefined();
    expect(run.testScore?.top1).toBe(0.55);
    await run.start('cpu');
    expect(w.requests('start')[2].test!.labels.length).toBe(20);
    expect(run.testScore).toBeNull();
  });
});
