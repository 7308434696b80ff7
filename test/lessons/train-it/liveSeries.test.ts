import { describe, it, expect } from 'vitest';
import { chanceLine, liveSeries } from '../../../lessons/train-it/liveSeries';
import { emptyHistory, appendEpochRow, appendStepRow } from '../../../src/lib/train/history';

describe('the accuracy chart draws the chance line (issue 11)', () => {
  it('is flat at 1/C from step 0 to the last step, and named with its value', () => {
    const h = emptyHistory();
    for (let s = 0; s < 12; s++) appendStepRow(h, { globalStep: s, loss: 2, lr: 0.1, ms: 5 });
    appendEpochRow(h, { trainLoss: 2, trainAcc: 0.2, valLoss: 2.1, valTop1: 0.3, valTop5: 0.7 });
    appendEpochRow(h, { trainLoss: 1, trainAcc: 0.5, valLoss: 1.2, valTop1: 0.6, valTop5: 0.9 });
    const acc = liveSeries(h, 6, 10).acc;
    const chance = acc.find((s) => s.name.startsWith('chance'))!;
    expect(chance.name).toBe('chance: 1/10 = 10 %');
    expect(Array.from(chance.ys)).toEqual([0.1, 0.1]);
    expect(Array.from(chance.xs)).toEqual([0, 11]);
    // the measured curves keep their places (the browser test reads the validation line as the second path)
    expect(acc.map((s) => s.name)).toEqual(['train top-1', 'validation top-1', 'validation top-5', 'chance: 1/10 = 10 %']);
    expect(Array.from(acc[1].xs)).toEqual([5, 11]);
  });

  it('follows the number of classes: 1/3 is 33.3 %, 1/2 is 50 %; none without classes', () => {
    expect(chanceLine(3, 40)!.ys[0]).toBeCloseTo(1 / 3, 15);
    expect(chanceLine(3, 40)!.name).toBe('chance: 1/3 = 33.3 %');
    expect(chanceLine(2, 0)!.name).toBe('chance: 1/2 = 50 %');
    expect(chanceLine(0, 10)).toBeNull();
    expect(liveSeries(emptyHistory(), 1, 0).acc.map((s) => s.name)).not.toContain('chance');
  });
});
