/**
 * Classic image-processing kernels for the convolution lesson, in 3×3 and 5×5. Row-major number[][];
 * applied as deep learning applies kernels (cross-correlation: no flip), so Sobel x is positive where the
 * image gets brighter from left to right.
 */

/** Names of the presets, in the order the lesson lists them. */
export type PresetName =
  | 'identity' | 'boxBlur' | 'gaussian' | 'sharpen' | 'sobelX' | 'sobelY' | 'laplacian' | 'emboss';

/** Preset names in display order. */
export const PRESET_NAMES: PresetName[] = [
  'identity', 'boxBlur', 'gaussian', 'sharpen', 'sobelX', 'sobelY', 'laplacian', 'emboss',
];

/** Kernel sizes the editor offers. */
export type KernelSize = 3 | 5;

const binomial: Record<KernelSize, number[]> = { 3: [1, 2, 1], 5: [1, 4, 6, 4, 1] };
/** Central-difference derivative taps matching the binomial smoothing (Sobel's construction). */
const derivative: Record<KernelSize, number[]> = { 3: [-1, 0, 1], 5: [-1, -2, 0, 2, 1] };

function make(k: number, f: (y: number, x: number) => number): number[][] {
  return Array.from({ length: k }, (_, y) => Array.from({ length: k }, (_, x) => f(y, x)));
}

/** A fresh k×k kernel for a preset (the caller may mutate it). */
export function presetKernel(name: PresetName, k: KernelSize): number[][] {
  const c = (k - 1) / 2;
  const b = binomial[k];
  const bSum = b.reduce((a, v) => a + v, 0);
  switch (name) {
    case 'identity':
      return make(k, (y, x) => (y === c && x === c ? 1 : 0));
    case 'boxBlur':
      return make(k, () => 1 / (k * k));
    case 'gaussian': // outer product of binomial rows ≈ a Gaussian, normalised to sum 1
      return make(k, (y, x) => (b[y] * b[x]) / (bSum * bSum));
    case 'sharpen': // pixel + c·(pixel − mean of its neighbours): 3×3 = identity − Laplacian, 5×5 = 2·identity − box; sums to 1
      return k === 3
        ? [[0, -1, 0], [-1, 5, -1], [0, -1, 0]]
        : make(k, (y, x) => (y === c && x === c ? 2 : 0) - 1 / (k * k));
    case 'sobelX':
      return make(k, (y, x) => b[y] * derivative[k][x]);
    case 'sobelY':
      return make(k, (y, x) => derivative[k][y] * b[x]);
    case 'laplacian': // sums to 0: flat regions give 0; 5×5 is a Laplacian-of-Gaussian approximation
      return k === 3
        ? [[0, 1, 0], [1, -4, 1], [0, 1, 0]]
        : [[0, 0, 1, 0, 0], [0, 1, 2, 1, 0], [1, 2, -16, 2, 1], [0, 1, 2, 1, 0], [0, 0, 1, 0, 0]];
    case 'emboss': // a diagonal gradient plus the pixel itself: relief lit from the bottom right
      return make(k, (y, x) => (y === c && x === c ? 1 : (x + y - 2 * c) / (k === 3 ? 1 : 2)));
  }
}
