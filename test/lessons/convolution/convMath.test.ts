import { describe, it, expect } from 'vitest';
import {
  convOutputSize, resolvePadding, windowProducts, squareSettings, convOutputShape, convWeightCount, stepToCell,
} from '../../../lessons/convolution/convMath';
import { presetKernel, PRESET_NAMES } from '../../../lessons/convolution/kernelPresets';

/** Independent reference: pad the grid with zeros explicitly, then walk every tap (float64). */
function naiveConv(x: number[][], w: number[][], s: number, pt: number, pb: number, pl: number, pr: number, d: number, bias = 0) {
  const H = x.length + pt + pb;
  const W = x[0].length + pl + pr;
  const padded: number[][] = [];
  for (let r = 0; r < H; r++) {
    padded.push([]);
    for (let c = 0; c < W; c++) {
      const rr = r - pt;
      const cc = c - pl;
      padded[r].push(rr >= 0 && rr < x.length && cc >= 0 && cc < x[0].length ? x[rr][cc] : 0);
    }
  }
  const k = w.length;
  const out: number[][] = [];
  for (let oy = 0; oy * s + d * (k - 1) < H; oy++) {
    const row: number[] = [];
    for (let ox = 0; ox * s + d * (k - 1) < W; ox++) {
      let acc = bias;
      for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) acc += padded[oy * s + a * d][ox * s + b * d] * w[a][b];
      row.push(acc);
    }
    out.push(row);
  }
  return out;
}

const grid7 = Array.from({ length: 7 }, (_, r) => Array.from({ length: 7 }, (_, c) => ((r * 7 + c) * 37) % 11 - 5));
const kernel3 = [[1, 0, -1], [2, 0, -2], [1, 0, -1]];

describe('convOutputSize', () => {
  it('matches counting window positions for every n, k, s, p, d in a small range', () => {
    for (let n = 1; n <= 12; n++)
      for (const k of [1, 2, 3, 5, 7])
        for (let s = 1; s <= 3; s++)
          for (let p = 0; p <= 3; p++)
            for (let d = 1; d <= 3; d++) {
              let count = 0;
              for (let start = 0; start + d * (k - 1) <= n + 2 * p - 1; start += s) count++;
              expect(convOutputSize(n, k, s, 2 * p, d)).toBe(count);
            }
  });
  it('gives the ResNet-18 stem and max-pool sizes: 224 → 112 → 56', () => {
    expect(convOutputSize(224, 7, 2, 6, 1)).toBe(112);
    expect(convOutputSize(112, 3, 2, 2, 1)).toBe(56);
  });
});

describe('resolvePadding', () => {
  it("'same' keeps ceil(n/s) outputs like TensorFlow, the odd zero after", () => {
    for (let n = 1; n <= 10; n++)
      for (const k of [1, 3, 4, 5])
        for (let s = 1; s <= 3; s++) {
          const p = resolvePadding('same', { n, k, stride: s, dilation: 1 });
          expect(convOutputSize(n, k, s, p.before + p.after, 1)).toBe(Math.ceil(n / s));
          expect(p.after - p.before === 0 || p.after - p.before === 1).toBe(true);
        }
    expect(resolvePadding('same', { n: 7, k: 3, stride: 1, dilation: 1 })).toEqual({ before: 1, after: 1 });
    expect(resolvePadding('same', { n: 7, k: 3, stride: 1, dilation: 2 })).toEqual({ before: 2, after: 2 });
  });
  it("'valid' adds nothing and 'explicit' adds p each side", () => {
    expect(resolvePadding('valid', { n: 7, k: 3, stride: 2, dilation: 1 })).toEqual({ before: 0, after: 0 });
    expect(resolvePadding('explicit', { n: 7, k: 3, stride: 2, dilation: 1 }, 2)).toEqual({ before: 2, after: 2 });
  });
});

describe('windowProducts', () => {
  it('every window sum equals the naive convolution, for strides, paddings and dilations', () => {
    for (const s of [1, 2, 3])
      for (const d of [1, 2])
        for (const mode of ['valid', 'same', 'explicit'] as const) {
          const set = squareSettings(7, 3, s, d, mode, 1);
          const ref = naiveConv(grid7, kernel3, s, set.padRows.before, set.padRows.after, set.padCols.before, set.padCols.after, d, 0.5);
          const [h, w] = convOutputShape(7, 7, 3, set);
          expect([h, w]).toEqual([ref.length, ref[0]?.length ?? 0]);
          for (let oy = 0; oy < h; oy++)
            for (let ox = 0; ox < w; ox++) expect(windowProducts(grid7, kernel3, oy, ox, set, 0.5).sum).toBeCloseTo(ref[oy][ox], 12);
        }
  });
  it('lists nine products with the actual input values and weights', () => {
    const set = squareSettings(7, 3, 1, 1, 'valid');
    const wp = windowProducts(grid7, kernel3, 2, 3, set);
    expect(wp.taps).toHaveLength(9);
    for (const t of wp.taps) {
      expect(t.inputValue).toBe(grid7[2 + t.ky][3 + t.kx]);
      expect(t.weight).toBe(kernel3[t.ky][t.kx]);
      expect(t.product).toBe(t.inputValue * t.weight);
      expect(t.isPadding).toBe(false);
    }
  });
  it('marks taps that read the zero padding', () => {
    const set = squareSettings(7, 3, 1, 1, 'explicit', 1);
    const wp = windowProducts(grid7, kernel3, 0, 0, set);
    expect(wp.taps.filter((t) => t.isPadding)).toHaveLength(5);
    expect(wp.taps.filter((t) => t.isPadding).every((t) => t.inputValue === 0)).toBe(true);
  });
});

describe('weights and steps', () => {
  it('counts k·k·Cin·Cout (+Cout bias); the ResNet-18 stem has 9,408 and no bias', () => {
    expect(convWeightCount(7, 3, 64, false)).toBe(7 * 7 * 3 * 64);
    expect(convWeightCount(7, 3, 64, false)).toBe(9408);
    expect(convWeightCount(3, 3, 2, true)).toBe(3 * 3 * 3 * 2 + 2);
  });
  it('scans output cells row by row', () => {
    expect(stepToCell(0, 5)).toEqual([0, 0]);
    expect(stepToCell(7, 5)).toEqual([1, 2]);
  });
});

describe('kernel presets', () => {
  const sum = (k: number[][]) => k.flat().reduce((a, v) => a + v, 0);
  it('blurs, sharpen, identity and emboss sum to 1; edge detectors sum to 0', () => {
    for (const size of [3, 5] as const) {
      for (const n of ['identity', 'boxBlur', 'gaussian', 'sharpen', 'emboss'] as const) expect(sum(presetKernel(n, size))).toBeCloseTo(1, 12);
      for (const n of ['sobelX', 'sobelY', 'laplacian'] as const) expect(sum(presetKernel(n, size))).toBeCloseTo(0, 12);
    }
    expect(PRESET_NAMES).toHaveLength(8);
  });
  it('has the textbook 3×3 Sobel, Gaussian and emboss', () => {
    expect(presetKernel('sobelX', 3)).toEqual([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]);
    expect(presetKernel('sobelY', 3)).toEqual([[-1, -2, -1], [0, 0, 0], [1, 2, 1]]);
    expect(presetKernel('gaussian', 3).map((r) => r.map((v) => v * 16))).toEqual([[1, 2, 1], [2, 4, 2], [1, 2, 1]]);
    expect(presetKernel('emboss', 3)).toEqual([[-2, -1, 0], [-1, 1, 1], [0, 1, 2]]);
  });
  it('Sobel x is positive on a dark-to-bright step from left to right', () => {
    const step = [[0, 0, 1], [0, 0, 1], [0, 0, 1]];
    expect(windowProducts(step, presetKernel('sobelX', 3), 0, 0, squareSettings(3, 3, 1, 1, 'valid')).sum).toBe(4);
  });
});
