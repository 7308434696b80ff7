/**
 * benchRunner with a stand-in runtime whose logits are known: agreement and deviation against hand values,
 * the batches it is asked for (warm-up, LATENCY_RUNS single images, 8 and 32), and both layouts handed over.
 */
import { describe, it, expect } from 'vitest';
import { benchRunner, LATENCY_RUNS, type Runner } from '../../../lessons/ship-it/bench';
import type { SampleSet } from '../../../lessons/ship-it/logits';

describe('benchRunner', () => {
  it('compares with the reference logits and times the batches it should', async () => {
    // two 1×1 "images" of 3 channels; 3 classes
    const s: SampleSet = { names: ['a', 'b'], images: [new Float32Array([1, 2, 3]), new Float32Array([4, 5, 6])], size: 1 };
    const ref = new Float32Array([0, 1, 0, 2, 0, 0]); // top-1: class 1, class 0
    const batches: number[] = [];
    const runner: Runner = {
      label: 'stand-in', weightBytes: 123,
      async run(nhwc, nchw, n) {
        batches.push(n);
        expect(nhwc.length).toBe(3 * n);
        expect(Array.from(nchw.subarray(0, 3))).toEqual([1, 2, 3]); // 1×1 maps: NCHW = NHWC
        const out = new Float32Array(3 * n);
        for (let i = 0; i < n; i++) out.set(i % 2 === 0 ? [0, 1.5, 0] : [0, 0, 3], i * 3); // image b disagrees
        return out;
      },
    };
    const row = await benchRunner(runner, s, ref, 3);
    expect(row.agree).toBe(1);
    expect(row.total).toBe(2);
    expect(row.maxDeviation).toBe(3); // image b: class 2 logit 3 vs 0
    expect(batches).toEqual([2, 1, ...Array(LATENCY_RUNS).fill(1), 8, 32]);
    expect(Object.keys(row.throughput)).toEqual(['8', '32']);
    expect(row.weightBytes).toBe(123);
    expect(row.peakBytes).toBeNull(); // the stand-in cannot say
    const withPeak = await benchRunner({ ...runner, peakBytes: async (_, __, n) => 1000 + n }, s, ref, 3);
    expect(withPeak.peakBytes).toBe(1001); // asked for a batch-1 pass
  });
});
