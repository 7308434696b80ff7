/**
 * tfjs computations behind the convolution and pooling lessons. Everything here is NHWC; every function
 * that returns a tensor says who disposes it. Inputs from the lesson are plain arrays (small grids) or an
 * image tensor owned by the caller.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Conv2DSettings } from './convMath';
import type { PoolMode } from '../pooling/pooling';

/** A row-major grid → [1, rows, cols, 1] float32. Caller disposes. */
export function gridTensor(grid: number[][]): tf.Tensor4D {
  return tf.tensor4d(grid.flat(), [1, grid.length, grid[0].length, 1]);
}

/**
 * Reads a small grid [1,H,W,1] back as H rows of W numbers (await t.data(), never dataSync) and disposes
 * it, whether or not the read succeeds: it takes ownership of `y`.
 */
export async function readGrid(y: tf.Tensor4D): Promise<number[][]> {
  try {
    const v = await y.data();
    return Array.from({ length: y.shape[1] }, (_, r) => Array.from(v.slice(r * y.shape[2], (r + 1) * y.shape[2])));
  } finally {
    y.dispose();
  }
}

/** A k×k kernel → HWIO [k, k, 1, 1]. Caller disposes. */
export function kernelTensor(kernel: number[][]): tf.Tensor4D {
  return tf.tensor4d(kernel.flat(), [kernel.length, kernel[0].length, 1, 1]);
}

/**
 * Convolution of x [N,H,W,Cin] with w [k,k,Cin,Cout] (HWIO) under explicit settings, plus optional bias
 * [Cout]. tfjs refuses stride>1 together with dilation>1, so that case runs at stride 1 and keeps every
 * s-th output: out_s[i] = out_1[i·s] exactly. Returns [N,H',W',Cout]; caller disposes.
 */
export function conv2dExplicit(x: tf.Tensor4D, w: tf.Tensor4D, c: Conv2DSettings, bias?: tf.Tensor1D): tf.Tensor4D {
  return tf.tidy(() => {
    const pad: [[number, number], [number, number], [number, number], [number, number]] = [
      [0, 0], [c.padRows.before, c.padRows.after], [c.padCols.before, c.padCols.after], [0, 0],
    ];
    let y: tf.Tensor4D;
    if (c.stride > 1 && c.dilation > 1) {
      const full = tf.conv2d(x, w, 1, pad, 'NHWC', c.dilation);
      const [n, h, wd, ch] = full.shape;
      y = tf.stridedSlice(full, [0, 0, 0, 0], [n, h, wd, ch], [1, c.stride, c.stride, 1]) as tf.Tensor4D;
    } else {
      y = tf.conv2d(x, w, c.stride, pad, 'NHWC', c.dilation);
    }
    return bias ? tf.add(y, bias) : y;
  });
}

/** The small-grid convolution of the step-through: [1,H',W',1]. Caller disposes. */
export function conv2dGrid(input: number[][], kernel: number[][], c: Conv2DSettings, bias = 0): tf.Tensor4D {
  return tf.tidy(() => {
    const y = conv2dExplicit(gridTensor(input), kernelTensor(kernel), c);
    return bias === 0 ? y : tf.add(y, bias);
  });
}

/** Small-grid max or average pooling, no padding: [1,H',W',1]. Caller disposes. */
export function pool2dGrid(input: number[][], k: number, stride: number, mode: PoolMode): tf.Tensor4D {
  return tf.tidy(() => {
    const x = gridTensor(input);
    return mode === 'max' ? tf.maxPool(x, k, stride, 'valid') : tf.avgPool(x, k, stride, 'valid');
  });
}

/** ITU-R BT.601 luma weights: how bright each of R, G, B looks. */
export const LUMA = [0.299, 0.587, 0.114];

/** RGB image [H,W,3] with values in 0..1 → grey [1,H,W,1]. Caller disposes. */
export function toGray(image: tf.Tensor3D): tf.Tensor4D {
  return tf.tidy(() => tf.sum(tf.mul(image, tf.tensor1d(LUMA)), -1).expandDims(0).expandDims(-1) as tf.Tensor4D);
}

/**
 * Convolves the grey version of an RGB image [H,W,3] (0..1) with one k×k kernel, 'same' zero padding,
 * stride 1: [1,H,W,1]. This is the live path of the photo figure. Caller disposes.
 */
export function convolveGray(image: tf.Tensor3D, kernel: number[][]): tf.Tensor4D {
  return tf.tidy(() => tf.conv2d(toGray(image), kernelTensor(kernel), 1, 'same'));
}

/**
 * Multi-channel convolution from channel-first plain arrays: input [C][H][W], filters [F][C][k][k], biases
 * [F]. Transposed here to NHWC [1,H,W,C] and HWIO [k,k,C,F]. Returns [1,H',W',F]; caller disposes.
 */
export function conv2dChannels(input: number[][][], filters: number[][][][], biases: number[], c: Conv2DSettings): tf.Tensor4D {
  return tf.tidy(() => {
    const x = tf.tensor3d(input.flat(2), [input.length, input[0].length, input[0][0].length]).transpose([1, 2, 0]).expandDims(0) as tf.Tensor4D;
    const k = filters[0][0].length;
    const w = tf.tensor4d(filters.flat(3), [filters.length, input.length, k, k]).transpose([2, 3, 1, 0]) as tf.Tensor4D;
    return conv2dExplicit(x, w, c, tf.tensor1d(biases));
  });
}

/** The Sobel-x map of a picture and that map pooled `times` times by 2×2/2 max and by 2×2/2 average. */
export interface EdgePoolMaps {
  /** [1,H,W,1] */
  edge: tf.Tensor4D;
  /** [1,H/2^t,W/2^t,1] (floored at each step) */
  max: tf.Tensor4D;
  avg: tf.Tensor4D;
}

/** Sobel x of the grey picture (same padding), then repeated 2×2/2 pooling. Caller disposes all three. */
export function edgePoolMaps(image: tf.Tensor3D, sobelX: number[][], times: number): EdgePoolMaps {
  return tf.tidy(() => {
    const edge = convolveGray(image, sobelX);
    let max = edge;
    let avg = edge;
    for (let i = 0; i < times; i++) {
      max = tf.maxPool(max, 2, 2, 'valid');
      avg = tf.avgPool(avg, 2, 2, 'valid');
    }
    return { edge, max: max === edge ? edge.clone() : max, avg: avg === edge ? edge.clone() : avg };
  });
}

/**
 * ResNet-18's stem shape by shape on a real picture [224,224,3]: 7×7/2 conv (pad 3, 64 filters, untrained
 * weights ~ N(0, 2/(64·49)) like torchvision's kaiming fan-out init, no BN) → ReLU → 3×3/2 max-pool (pad 1).
 * Returns [1,112,112,64] and [1,56,56,64]; caller disposes both.
 */
export function stemDemo(image: tf.Tensor3D, seed = 1): { stem: tf.Tensor4D; pooled: tf.Tensor4D } {
  return tf.tidy(() => {
    const w = stemWeights(seed);
    const stem = tf.relu(tf.conv2d(image.expandDims(0) as tf.Tensor4D, w, 2, [[0, 0], [3, 3], [3, 3], [0, 0]]));
    return { stem, pooled: tf.maxPool(stem, 3, 2, 1) };
  });
}

/** The demo stem's untrained weights [7,7,3,64] (HWIO), the same for the same seed. Caller disposes. */
export function stemWeights(seed = 1): tf.Tensor4D {
  return tf.randomNormal([7, 7, 3, 64], 0, Math.sqrt(2 / (64 * 49)), 'float32', seed) as tf.Tensor4D;
}

/**
 * Two ways to halve a grey picture [1,H,W,1]: a 3×3 stride-2 convolution (pad 1) with `kernel`, and a 3×3
 * stride-2 max-pool (pad 1). Both give ⌈H/2⌉×⌈W/2⌉. Caller disposes both.
 */
export function downsampleBoth(gray: tf.Tensor4D, kernel: number[][]): { conv: tf.Tensor4D; pool: tf.Tensor4D } {
  return tf.tidy(() => ({
    conv: tf.conv2d(gray, kernelTensor(kernel), 2, [[0, 0], [1, 1], [1, 1], [0, 0]]),
    pool: tf.maxPool(gray, 3, 2, 1),
  }));
}
