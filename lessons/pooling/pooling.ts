/**
 * Plain-number pooling for the pooling lesson: the cells under one window, the max (and which cell won)
 * or the mean. No padding on the small grid (ResNet's padded max-pool is shown with tfjs on real shapes).
 */
import { convOutputSize } from '../convolution/convMath';

/** Max keeps the largest value in each window; average keeps the mean. */
export type PoolMode = 'max' | 'avg';

/** What one window position produces. */
export interface PoolWindow {
  /** Input [row, col] of every cell under the window, row-major. */
  cells: [number, number][];
  values: number[];
  /** The pooled value. */
  value: number;
  /** For max: the first cell (row-major) holding the maximum — where the gradient flows back. */
  winner?: [number, number];
}

/** Output length ⌊(n − k)/s⌋ + 1 of an unpadded pooling window (0 when it does not fit). */
export function poolOutputSize(n: number, k: number, stride: number): number {
  return convOutputSize(n, k, stride, 0, 1);
}

/** The window for output cell (oy, ox): rows oy·s … oy·s+k−1, cols ox·s … ox·s+k−1. */
export function poolWindow(input: number[][], oy: number, ox: number, k: number, stride: number, mode: PoolMode): PoolWindow {
  const cells: [number, number][] = [];
  const values: number[] = [];
  let best = -Infinity;
  let winner: [number, number] | undefined;
  for (let dy = 0; dy < k; dy++) {
    for (let dx = 0; dx < k; dx++) {
      const r = oy * stride + dy;
      const c = ox * stride + dx;
      const v = input[r][c];
      cells.push([r, c]);
      values.push(v);
      if (v > best) {
        best = v;
        winner = [r, c];
      }
    }
  }
  if (mode === 'max') return { cells, values, value: best, winner };
  return { cells, values, value: values.reduce((a, v) => a + v, 0) / values.length };
}
