/**
 * The welcome lesson's live self-check: a 3×3 convolution of a 5×5 input computed by tf.conv2d on the
 * page's current backend, plus a small timing of one ResNet-sized convolution.
 */
import * as tf from '@tensorflow/tfjs-core';

/** A small conv problem as plain arrays: input [5][5], kernel [3][3] (single channel). */
export interface ConvProblem {
  input: number[][];
  kernel: number[][];
}

/** Deterministic small numbers for seed `seed`: inputs are integers in −4…4, kernel values in halves −1…1. */
export function makeConvProblem(seed: number): ConvProblem {
  let s = (seed * 2654435761 + 12345) >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0; // Numerical Recipes LCG: fine for picking display numbers
    return s / 2 ** 32;
  };
  const grid = (n: number, f: () => number) => Array.from({ length: n }, () => Array.from({ length: n }, f));
  return {
    input: grid(5, () => Math.floor(next() * 9) - 4),
    kernel: grid(3, () => (Math.floor(next() * 5) - 2) / 2),
  };
}

/**
 * Valid (no padding), stride-1 cross-correlation y[i][j] = Σ_u Σ_v x[i+u][j+v]·w[u][v] via tf.conv2d
 * (NHWC input [1,5,5,1], HWIO filter [3,3,1,1]). Returns plain arrays [3][3]; disposes every tensor it makes.
 */
export async function convOnBackend(p: ConvProblem): Promise<number[][]> {
  const y = tf.tidy(() => {
    const x = tf.tensor4d(p.input.flat(), [1, 5, 5, 1]);
    const w = tf.tensor4d(p.kernel.flat(), [3, 3, 1, 1]);
    return tf.conv2d(x, w, 1, 'valid');
  });
  const values = await y.data();
  y.dispose();
  return [0, 1, 2].map((i) => Array.from(values.slice(i * 3, i * 3 + 3)));
}

/** Timing of one 3×3 conv at ResNet-18 stage-1 size ([1,56,56,64] → 64 channels, 'same'). */
export interface ConvTiming {
  msPerConv: number;
  /** Multiply-adds per conv: 56·56·64·64·9 = 115,605,504. */
  macs: number;
  runs: number;
}

/** Times `runs` stage-1 convs after one warm-up (shader compile / allocation); disposes all tensors. */
export async function timeStage1Conv(runs = 5): Promise<ConvTiming> {
  const x = tf.randomNormal([1, 56, 56, 64]) as tf.Tensor4D;
  const w = tf.randomNormal([3, 3, 64, 64]) as tf.Tensor4D;
  const once = async () => {
    const y = tf.conv2d(x, w, 1, 'same');
    await y.data();
    y.dispose();
  };
  try {
    await once();
    const t0 = performance.now();
    for (let i = 0; i < runs; i++) await once();
    return { msPerConv: (performance.now() - t0) / runs, macs: 56 * 56 * 64 * 64 * 9, runs };
  } finally {
    x.dispose();
    w.dispose();
  }
}
