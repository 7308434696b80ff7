/**
 * Squeeze-and-excitation (Hu et al. 2018) as an option for the basic block: after bn2, before the residual add,
 * each channel is rescaled by a gate computed from the whole feature map:
 *   s = mean over H,W of x  [N,C]  (squeeze)
 *   e = σ(W2·relu(W1·s + b1) + b2)  [N,C], W1 [C,C/r], W2 [C/r,C]  (excitation)
 *   y = x ⊙ e  (broadcast over H,W)
 * Its cost (parameters, multiply-adds) and a tfjs forward pass whose gradients tf.grad takes.
 */
import * as tf from '@tensorflow/tfjs-core';

/** SE reduction ratio of the paper. */
export const SE_REDUCTION = 16;

/** SE weights for C channels: w1 [C,C/r], b1 [C/r], w2 [C/r,C], b2 [C]. The caller owns and disposes them. */
export interface SeParams {
  w1: tf.Tensor2D;
  b1: tf.Tensor1D;
  w2: tf.Tensor2D;
  b2: tf.Tensor1D;
}

/** Hidden width of the gate: ⌊C/r⌋, at least 1. */
export function seHidden(channels: number, r = SE_REDUCTION): number {
  return Math.max(1, Math.floor(channels / r));
}

/** Parameters SE adds to one block of C channels: 2·C·(C/r) weights + C/r + C biases. */
export function seParamCount(channels: number, r = SE_REDUCTION): number {
  const h = seHidden(channels, r);
  return 2 * channels * h + h + channels;
}

/**
 * Multiply-adds SE adds per image at an h×w map: the two fully connected layers (2·C·C/r) plus the rescale
 * (h·w·C multiplies). Pooling counts 0, as in the model summary's convention.
 */
export function seMacs(channels: number, h: number, w: number, r = SE_REDUCTION): number {
  return 2 * channels * seHidden(channels, r) + h * w * channels;
}

/** Multiply-adds of a basic block's two 3×3 convs (C→C, stride 1) at h×w, for comparison: 2·h·w·9·C². */
export function basicBlockConvMacs(channels: number, h: number, w: number): number {
  return 2 * h * w * 9 * channels * channels;
}

/** y = x ⊙ σ(W2·relu(W1·mean_hw(x) + b1) + b2), x NHWC [N,H,W,C]. Caller disposes the result; works under tf.grad. */
export function seForward(x: tf.Tensor4D, p: SeParams): tf.Tensor4D {
  return tf.tidy(() => {
    const s = tf.mean(x, [1, 2]) as tf.Tensor2D;
    const z = tf.relu(tf.add(tf.matMul(s, p.w1), p.b1)) as tf.Tensor2D;
    const e = tf.sigmoid(tf.add(tf.matMul(z, p.w2), p.b2));
    const [n, , , c] = x.shape;
    return tf.mul(x, tf.reshape(e, [n, 1, 1, c])) as tf.Tensor4D;
  });
}

/** One stage's SE cost for ResNet-18 at 224²: per block, and the block's own conv cost beside it. */
export interface SeStageRow {
  stage: number;
  channels: number;
  /** Side of the stage's feature map. */
  side: number;
  seParams: number;
  seMacs: number;
  convMacs: number;
}

/** SE cost of each ResNet-18 stage (2 blocks each; stage s has 64·2^(s−1) channels at 56/2^(s−1) px for 224² inputs). */
export function seStageRows(r = SE_REDUCTION): SeStageRow[] {
  return [1, 2, 3, 4].map((stage) => {
    const channels = 64 * 2 ** (stage - 1);
    const side = 56 / 2 ** (stage - 1);
    return { stage, channels, side, seParams: seParamCount(channels, r), seMacs: seMacs(channels, side, side, r), convMacs: basicBlockConvMacs(channels, side, side) };
  });
}
