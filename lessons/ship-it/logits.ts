/**
 * Tensors for the lesson's measurements, kept apart from samples.ts (which decodes photos in the page) so Node
 * tests can import them: the sample set as one batch, and a model's eval-mode logits for a batch.
 */
import * as tf from '@tensorflow/tfjs-core';
import { forward, type ResNet18 } from '../../src/lib/nn';

/** Preprocessed photos, each one image's NHWC values [s,s,3]. */
export interface SampleSet {
  names: string[];
  /** One Float32Array of s·s·3 values per photo. */
  images: Float32Array[];
  /** Side s of the square crop. */
  size: number;
}

/** All sample images as one NHWC tensor [n,s,s,3]. Caller disposes. */
export function samplesTensor(s: SampleSet): tf.Tensor4D {
  const flat = new Float32Array(s.images.length * s.images[0].length);
  s.images.forEach((img, i) => flat.set(img, i * img.length));
  return tf.tensor4d(flat, [s.images.length, s.size, s.size, 3]);
}

/** Logits [n,classes] (row-major) of `m` in eval mode for a batch of n NHWC images; no tensors left behind. */
export async function tfjsLogits(m: ResNet18, nhwc: Float32Array, n: number, size: number): Promise<Float32Array> {
  const x = tf.tensor4d(nhwc, [n, size, size, 3]);
  const { logits } = forward(m, x);
  x.dispose();
  try {
    return (await logits.data()) as Float32Array;
  } finally {
    logits.dispose();
  }
}

/**
 * tfjs's peak tensor memory during one eval-mode pass of n NHWC images: tf.profile's peakBytes, the most bytes held
 * by live tfjs tensors at any moment of the pass — everything alive on the page (the model's weights included) plus
 * what the pass allocates. No tensors left behind.
 */
export async function tfjsPeakBytes(m: ResNet18, nhwc: Float32Array, n: number, size: number): Promise<number> {
  const info = await tf.profile(async () => {
    await tfjsLogits(m, nhwc, n, size);
  });
  return info.peakBytes;
}
