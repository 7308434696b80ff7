/**
 * Plain-number convolution geometry for the convolution lesson: output sizes, padding modes, the
 * products under one window position, kernel presets and weight counts. No tensors here, so every
 * number the step-through shows can be checked against a naive loop in the tests.
 * Grids are row-major `number[][]` ([row][col]); kernels are square `number[][]` of size k×k.
 */

/** How the learner chose the padding: none, tfjs/TensorFlow "same", or an explicit p on every side. */
export type PaddingMode = 'valid' | 'same' | 'explicit';

/** Zeros added before (top/left) and after (bottom/right) along one spatial axis. */
export interface Pad1D {
  before: number;
  after: number;
}

/** One spatial axis of a convolution or pooling window. */
export interface Geometry1D {
  /** Input length n. */
  n: number;
  /** Kernel (window) length k. */
  k: number;
  /** Stride s ≥ 1. */
  stride: number;
  /** Dilation d ≥ 1: gaps between kernel taps. */
  dilation: number;
}

/** Span covered by a dilated kernel: d(k−1)+1. */
export function effectiveKernel(k: number, dilation = 1): number {
  return dilation * (k - 1) + 1;
}

/**
 * Output length ⌊(n + p_total − d(k−1) − 1)/s⌋ + 1 (PyTorch's formula with 2p generalised to
 * p_before + p_after). Returns 0 when the dilated kernel does not fit even once.
 */
export function convOutputSize(n: number, k: number, stride = 1, padTotal = 0, dilation = 1): number {
  const span = n + padTotal - dilation * (k - 1) - 1;
  if (span < 0) return 0;
  return Math.floor(span / stride) + 1;
}

/**
 * Padding along one axis for a mode. 'same' follows TensorFlow/tfjs: output ⌈n/s⌉, total padding
 * max((out−1)s + d(k−1)+1 − n, 0), the odd extra zero goes after (bottom/right).
 */
export function resolvePadding(mode: PaddingMode, g: Geometry1D, explicit = 0): Pad1D {
  if (mode === 'valid') return { before: 0, after: 0 };
  if (mode === 'explicit') return { before: explicit, after: explicit };
  const out = Math.ceil(g.n / g.stride);
  const total = Math.max((out - 1) * g.stride + effectiveKernel(g.k, g.dilation) - g.n, 0);
  const before = Math.floor(total / 2);
  return { before, after: total - before };
}

/** One kernel tap under the window: where it lands in the (unpadded) input and what it multiplies. */
export interface WindowTap {
  /** Kernel row/col. */
  ky: number;
  kx: number;
  /** Input row/col (may be outside 0..n−1: then it reads a padding zero). */
  iy: number;
  ix: number;
  inputValue: number;
  weight: number;
  product: number;
  isPadding: boolean;
}

/** The k² products under the window for output cell (oy, ox), and their sum (plus bias). */
export interface WindowProducts {
  taps: WindowTap[];
  sum: number;
}

/** Geometry of a 2-D convolution over a square kernel (same settings on both axes). */
export interface Conv2DSettings {
  stride: number;
  dilation: number;
  /** Zeros before/after on rows and on columns. */
  padRows: Pad1D;
  padCols: Pad1D;
}

/**
 * Products for output cell (oy, ox) of a cross-correlation (what deep learning calls convolution):
 * out[oy][ox] = bias + Σ_ky Σ_kx in[oy·s − p_top + ky·d][ox·s − p_left + kx·d] · w[ky][kx].
 */
export function windowProducts(
  input: number[][],
  kernel: number[][],
  oy: number,
  ox: number,
  c: Conv2DSettings,
  bias = 0,
): WindowProducts {
  const taps: WindowTap[] = [];
  let sum = bias;
  for (let ky = 0; ky < kernel.length; ky++) {
    for (let kx = 0; kx < kernel[ky].length; kx++) {
      const iy = oy * c.stride - c.padRows.before + ky * c.dilation;
      const ix = ox * c.stride - c.padCols.before + kx * c.dilation;
      const isPadding = iy < 0 || ix < 0 || iy >= input.length || ix >= input[0].length;
      const inputValue = isPadding ? 0 : input[iy][ix];
      const weight = kernel[ky][kx];
      const product = inputValue * weight;
      sum += product;
      taps.push({ ky, kx, iy, ix, inputValue, weight, product, isPadding });
    }
  }
  return { taps, sum };
}

/** Output grid size [rows, cols] for an input grid and settings. */
export function convOutputShape(rows: number, cols: number, k: number, c: Conv2DSettings): [number, number] {
  return [
    convOutputSize(rows, k, c.stride, c.padRows.before + c.padRows.after, c.dilation),
    convOutputSize(cols, k, c.stride, c.padCols.before + c.padCols.after, c.dilation),
  ];
}

/** Square settings from a padding mode for an n×n input and k×k kernel. */
export function squareSettings(
  n: number, k: number, stride: number, dilation: number, mode: PaddingMode, explicit = 0,
): Conv2DSettings {
  const pad = resolvePadding(mode, { n, k, stride, dilation }, explicit);
  return { stride, dilation, padRows: pad, padCols: { ...pad } };
}

/** Learnable values in a conv layer: k·k·C_in·C_out weights plus C_out biases when it has a bias. */
export function convWeightCount(k: number, cIn: number, cOut: number, bias = true): number {
  return k * k * cIn * cOut + (bias ? cOut : 0);
}

/** Row-major scan order of output cells: step i → (oy, ox). */
export function stepToCell(step: number, outCols: number): [number, number] {
  return [Math.floor(step / outCols), step % outCols];
}

/** Per-input-channel window sums of one filter at (oy, ox), then their total plus the filter's bias. */
export interface ChannelBreakdown {
  perChannel: number[];
  bias: number;
  total: number;
}

/**
 * One output value of a multi-channel convolution, taken apart: input [C][H][W] (channel-first plain
 * arrays), filter [C][k][k] (one kernel per input channel). total = bias + Σ_c Σ window products of channel c.
 */
export function channelBreakdown(
  input: number[][][], filter: number[][][], bias: number, oy: number, ox: number, c: Conv2DSettings,
): ChannelBreakdown {
  const perChannel = input.map((grid, ch) => windowProducts(grid, filter[ch], oy, ox, c).sum);
  return { perChannel, bias, total: perChannel.reduce((a, v) => a + v, bias) };
}
