import { describe, it, expect } from 'vitest';
import { validateRunRecord, RunRecordError, epochOfLastStep, type RunRecord } from '../../src/lib/train/idbStore';

const good: RunRecord = { key: 'studio', dataset: { kind: 'synthetic', perClass: 100, seed: 1, valFraction: 0.2 }, epoch: 2, globalStep: 50,
  totalSteps: 250, savedAt: 1_700_000_000_000 };

describe('the saved-run record is validated on load', () => {
  it('a good record (synthetic or custom dataset) comes back as it was', () => {
    expect(validateRunRecord(structuredClone(good), 'studio')).toEqual(good);
    const custom = { ...good, dataset: { kind: 'custom' as const, name: 'my photos' } };
    expect(validateRunRecord(custom, 'studio')).toEqual(custom);
    expect(validateRunRecord({ ...good, stepsPerEpoch: 25 }, 'studio').stepsPerEpoch).toBe(25);
    const test = { top1: 0.55, top5: 0.9, loss: 1.3, count: 20, afterEpoch: 3 };
    expect(validateRunRecord({ ...good, test }, 'studio').test).toEqual(test);
  });

  it('rejects "epoch NaN, step -1" with a message that names both and offers a fresh start', () => {
    const err = (() => { try { validateRunRecord({ ...good, epoch: NaN, globalStep: -1 }, 'studio'); } catch (e) { return e as Error; } })();
    expect(err).toBeInstanceOf(RunRecordError);
    expect(err!.message).toBe("The saved run's record is damaged (its epoch is NaN, its step is -1), so it cannot be resumed. Discard it and start afresh.");
  });

  const bad: [string, unknown, RegExp][] = [
    ['nothing readable', 'garbage', /it is unreadable/],
    ['another run\'s record', { ...good, key: 'other' }, /belongs to "other"/],
    ['no dataset', { ...good, dataset: undefined }, /which dataset/],
    ['a synthetic dataset without its seed', { ...good, dataset: { kind: 'synthetic', perClass: 100, valFraction: 0.2 } }, /synthetic dataset settings/],
    ['a fractional step count', { ...good, totalSteps: 2.5 }, /its step count is 2\.5/],
    ['a step past the end', { ...good, globalStep: 251 }, /step 251 is not within its 250 steps/],
    ['no save time', { ...good, savedAt: undefined }, /no save time/],
    ['a test fraction that leaves nothing to train on', { ...good, dataset: { ...good.dataset, testFraction: 0.8 } }, /its test fraction is 0\.8/],
    ['a test score above 100 %', { ...good, test: { top1: 1.5, top5: 1, loss: 0.1, count: 20, afterEpoch: 3 } }, /its test score is damaged/],
    ['a test score of no images', { ...good, test: { top1: 0.5, top5: 1, loss: 0.1, count: 0, afterEpoch: 3 } }, /its test score is damaged/],
    ['zero steps per epoch', { ...good, stepsPerEpoch: 0 }, /steps per epoch are 0/],
    ['more steps per epoch than steps', { ...good, stepsPerEpoch: 251 }, /steps per epoch are 251/],
  ];
  for (const [what, raw, message] of bad) {
    it(`rejects ${what}`, () => {
      expect(() => validateRunRecord(raw, 'studio')).toThrow(message);
    });
  }
});

describe('epochOfLastStep: the epoch the studio showed beside the last step', () => {
  it('is 1-based and changes after the last step of an epoch, not at it', () => {
    // 25 steps per epoch: steps 1..25 are epoch 1, step 26 is the first of epoch 2
    expect([0, 1, 25, 26, 50, 51].map((g) => epochOfLastStep(g, 25))).toEqual([1, 1, 1, 2, 2, 3]);
  });
});
