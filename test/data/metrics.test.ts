import { describe, it, expect } from 'vitest';
import { confusionMatrix, perClassReport } from '../../src/lib/data/metrics';
import { argmaxRows, topKAccuracy } from '../../src/lib/nn/evaluate';

describe('metrics', () => {
  // 3 classes, 6 samples; predictions chosen by hand.
  const labels = [0, 0, 1, 1, 2, 2];
  const scores = [
    0.9, 0.05, 0.05, // → 0 ✓
    0.2, 0.7, 0.1,   // → 1 ✗ (label 0 second)
    0.1, 0.8, 0.1,   // → 1 ✓
    0.5, 0.2, 0.3,   // → 0 ✗ (label 1 third)
    0.1, 0.1, 0.8,   // → 2 ✓
    0.3, 0.6, 0.1,   // → 1 ✗ (label 2 third)
  ];

  it('computes argmax, top-1 and top-2', () => {
    expect(Array.from(argmaxRows(scores, 3))).toEqual([0, 1, 1, 0, 2, 1]);
    expect(topKAccuracy(scores, 3, labels, 1)).toBeCloseTo(3 / 6, 12);
    expect(topKAccuracy(scores, 3, labels, 2)).toBeCloseTo(4 / 6, 12);
    expect(topKAccuracy(scores, 3, labels, 3)).toBe(1);
  });

  it('confusion matrix and per-class P/R/F1 match hand-computed values', () => {
    const cm = confusionMatrix(labels, argmaxRows(scores, 3), 3);
    expect(cm).toEqual([[1, 1, 0], [1, 1, 0], [0, 1, 1]]);
    const r = perClassReport(cm);
    // class 0: tp 1, fp 1, fn 1 → P 1/2, R 1/2, F1 1/2
    // class 1: tp 1, fp 2, fn 1 → P 1/3, R 1/2, F1 2·(1/6)/(5/6) = 0.4
    // class 2: tp 1, fp 0, fn 1 → P 1,   R 1/2, F1 2/3
    expect(r.classes[0]).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(r.classes[1].precision).toBeCloseTo(1 / 3, 12);
    expect(r.classes[1].f1).toBeCloseTo(0.4, 12);
    expect(r.classes[2].f1).toBeCloseTo(2 / 3, 12);
    expect(r.macro.f1).toBeCloseTo((0.5 + 0.4 + 2 / 3) / 3, 12);
  });

  it('uses 0 for a class that is never predicted or never present', () => {
    const r = perClassReport(confusionMatrix([0, 0], [0, 0], 2));
    expect(r.classes[1]).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
  });
});
