/**
 * The lesson's table helpers against hand-worked values: nearest-rank percentiles, NHWC → NCHW by explicit
 * index, batches by repetition, top-1 and agreement.
 */
import { describe, it, expect } from 'vitest';
import { agreement, maxAbsDiff, nhwcToNchw, percentile, repeatBatch, top1 } from '../../../lessons/ship-it/measure';

describe('ship-it measure helpers', () => {
  it('nearest-rank percentiles: median and p95 of 10 and of 20 values', () => {
    const ten = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(ten, 50)).toBe(5); // ⌈0.5·10⌉ = 5th smallest
    expect(percentile(ten, 95)).toBe(10); // ⌈9.5⌉ = 10th
    const twenty = Array.from({ length: 20 }, (_, i) => 20 - i);
    expect(percentile(twenty, 95)).toBe(19); // ⌈19⌉ = 19th
    expect(() => percentile([], 50)).toThrow(/no values/);
  });

  it('NHWC → NCHW moves value (n,y,x,c) to (n,c,y,x)', () => {
    const [n, h, w, c] = [2, 2, 3, 3];
    const src = Float32Array.from({ length: n * h * w * c }, (_, i) => i);
    const dst = nhwcToNchw(src, n, h, w, c);
    for (let a = 0; a < n; a++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let ch = 0; ch < c; ch++) {
      expect(dst[a * c * h * w + ch * h * w + y * w + x]).toBe(src[a * h * w * c + y * w * c + x * c + ch]);
    }
  });

  it('repeatBatch cycles the images; top1, agreement and maxAbsDiff by hand', () => {
    const b = repeatBatch([new Float32Array([1, 2]), new Float32Array([3, 4])], 3);
    expect(Array.from(b)).toEqual([1, 2, 3, 4, 1, 2]);
    expect(top1(new Float32Array([0, 5, 1, 9, 2, 3]), 3)).toEqual([1, 0]);
    expect(agreement([1, 2, 3], [1, 0, 3])).toBe(2);
    expect(maxAbsDiff(new Float32Array([1, -2]), new Float32Array([1.5, 1]))).toBe(3);
  });
});
