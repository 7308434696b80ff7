/**
 * benchRunner with a stand-in runtime whose logits are known: agreement and deviation against hand values,
 * the batches it is asked for (warm-up, LATENCY_RUNS single images, 8 and 32), and both layouts handed over; on
 * a slow runtime (a fake clock) fewer single-image runs and no batch that would take longer than the budget.
 */
import { afterEach, describe, it, expect, vi } from 'vitest';
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
    expect(row.runs).toBe(LATENCY_RUNS);
    expect(row.weightBytes).toBe(123);
    expect(row.peakBytes).toBeNull(); // the stand-in cannot say
    const withPeak = await benchRunner({ ...runner, peakBytes: async (_, __, n) => 1000 + n }, s, ref, 3);
    expect(withPeak.peakBytes).toBe(1001); // asked for a batch-1 pass
  });

  afterEach(() => vi.restoreAllMocks());

  /** A stand-in whose every pass "takes" msPerImage × n on a fake clock; records the batch sizes asked for. */
  function slow(msPerImage: number): { runner: Runner; batches: number[] } {
    let clock = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => clock);
    const batches: number[] = [];
    const runner: Runner = {
      label: 'slow', weightBytes: 1,
      async run(_, __, n) {
        batches.push(n);
        clock += msPerImage * n;
        return new Float32Array(3 * n);
      },
    };
    return { runner, batches };
  }
  const one: SampleSet = { names: ['a'], images: [new Float32Array([1, 2, 3])], size: 1 };

  it('times 3 single images and leaves out batch 32 when a pass takes 3 s (SwiftShader WebGL)', async () => {
    const { runner, batches } = slow(3000);
    const row = await benchRunner(runner, one, new Float32Array(3), 3);
    // 3 runs take 9 s (over the 8 s budget, and the minimum 3); batch 8 would take 24 s (≤ 30 s), batch 32 96 s.
    expect(batches).toEqual([1, 1, 1, 1, 1, 8]);
    expect(row.runs).toBe(3);
    expect(row.medianMs).toBe(3000);
    expect(row.throughput).toEqual({ 8: 8 / 24 });
  });

  it('stops single-image runs at the 8 s budget when a pass takes 1 s', async () => {
    const { runner, batches } = slow(1000);
    const row = await benchRunner(runner, one, new Float32Array(3), 3);
    expect(row.runs).toBe(8); // 8 × 1 s reaches the budget
    expect(batches).toEqual([1, 1, ...Array(8).fill(1), 8]); // batch 32 would take 32 s
    expect(Object.keys(row.throughput)).toEqual(['8']);
  });

  it('keeps all LATENCY_RUNS and both batches when a pass takes 100 ms', async () => {
    const { runner, batches } = slow(100);
    const row = await benchRunner(runner, one, new Float32Array(3), 3);
    expect(row.runs).toBe(LATENCY_RUNS);
    expect(batches).toEqual([1, 1, ...Array(LATENCY_RUNS).fill(1), 8, 32]);
    expect(row.throughput).toEqual({ 8: 10, 32: 10 });
  });
});
