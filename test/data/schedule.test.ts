import { describe, it, expect } from 'vitest';
import { learningRateAt, scheduleCurve } from '../../src/lib/data/schedule';

describe('learning-rate schedule', () => {
  it('cosine without warm-up equals torch CosineAnnealingLR closed form', () => {
    const T = 50;
    for (const t of [0, 1, 10, 25, 37, 49]) {
      const want = 0.001 + (0.1 - 0.001) * 0.5 * (1 + Math.cos((Math.PI * t) / T));
      expect(learningRateAt({ baseLr: 0.1, totalSteps: T, minLr: 0.001 }, t)).toBeCloseTo(want, 12);
    }
    expect(learningRateAt({ baseLr: 0.1, totalSteps: T }, 0)).toBe(0.1);
    expect(learningRateAt({ baseLr: 0.1, totalSteps: T }, 25)).toBeCloseTo(0.05, 12);
  });

  it('warm-up rises linearly to the base rate, then cosine runs over the rest', () => {
    const cfg = { baseLr: 0.2, totalSteps: 110, warmupSteps: 10 };
    expect(learningRateAt(cfg, 0)).toBeCloseTo(0.02, 12);
    expect(learningRateAt(cfg, 4)).toBeCloseTo(0.1, 12);
    expect(learningRateAt(cfg, 9)).toBeCloseTo(0.2, 12);
    expect(learningRateAt(cfg, 10)).toBeCloseTo(0.2, 12);
    expect(learningRateAt(cfg, 60)).toBeCloseTo(0.1, 12);
    const curve = scheduleCurve(cfg);
    expect(curve.length).toBe(110);
    expect(curve[109]).toBeCloseTo(0.2 * 0.5 * (1 + Math.cos((Math.PI * 99) / 100)), 12);
  });
});
