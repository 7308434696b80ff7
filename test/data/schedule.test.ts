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

/** torch.optim.lr_scheduler.OneCycleLR(max_lr, total_steps, pct_start) with its defaults, transcribed as torch computes it. */
function torchOneCycle(maxLr: number, total: number, pctStart: number, step: number): number {
  const initial = maxLr / 25, min = initial / 1e4;
  const phases = [
    { end: pctStart * total - 1, from: initial, to: maxLr },
    { end: total - 1, from: maxLr, to: min },
  ];
  let start = 0;
  for (const [i, p] of phases.entries()) {
    if (step <= p.end || i === phases.length - 1) {
      const pct = (step - start) / (p.end - start);
      return p.to + ((p.from - p.to) / 2) * (Math.cos(Math.PI * pct) + 1);
    }
    start = p.end;
  }
  return NaN;
}

describe('one-cycle schedule', () => {
  it('equals torch OneCycleLR (cos, div 25, final div 1e4) at every step', () => {
    for (const [total, pct] of [[100, 0.3], [351, 0.25], [1173, 0.3]] as const) {
      const cfg = { kind: 'onecycle' as const, baseLr: 0.2, totalSteps: total, warmupSteps: pct * total };
      for (let t = 0; t < total; t++) expect(learningRateAt(cfg, t)).toBeCloseTo(torchOneCycle(0.2, total, pct, t), 12);
    }
  });

  it('starts at lr/25, peaks at lr when the rise ends, and ends at lr/25/1e4', () => {
    const cfg = { kind: 'onecycle' as const, baseLr: 0.2, totalSteps: 101, warmupSteps: 31 };
    expect(learningRateAt(cfg, 0)).toBeCloseTo(0.008, 12);
    expect(learningRateAt(cfg, 30)).toBeCloseTo(0.2, 12);
    expect(learningRateAt(cfg, 100)).toBeCloseTo(0.2 / 25 / 1e4, 12);
    const curve = scheduleCurve(cfg);
    expect(Math.max(...curve)).toBeCloseTo(0.2, 12);
  });
});
