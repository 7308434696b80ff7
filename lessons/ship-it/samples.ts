/**
 * The sample photos (public/samples) preprocessed for the live weights, as plain NHWC arrays, and the logits a
 * model gives them. Kept per preprocessing recipe so the lesson's figures decode each photo once.
 */
import * as tf from '@tensorflow/tfjs-core';
import { forward, preprocess, type PreprocessConfig, type ResNet18 } from '../../src/lib/nn';
import { pictureFromUrl } from '../../src/lib/image/imageSource';
import { EXPLORER_SAMPLES } from '../run-it/lesson';

/** The sample photos, each preprocessed to [1,s,s,3] NHWC values. */
export interface SampleSet {
  names: string[];
  /** One Float32Array of s·s·3 values per photo. */
  images: Float32Array[];
  /** Side s of the square crop. */
  size: number;
}

const cache = new Map<string, Promise<SampleSet>>();

/** The sample photos preprocessed with `cfg` (decoded once per recipe). */
export function loadSamples(cfg: PreprocessConfig): Promise<SampleSet> {
  const key = JSON.stringify(cfg);
  let p = cache.get(key);
  if (!p) {
    p = (async () => {
      const pics = await Promise.all(EXPLORER_SAMPLES.map((s) => pictureFromUrl(s.url)));
      const done = pics.map((pic) => preprocess(pic.image, cfg));
      return { names: EXPLORER_SAMPLES.map((s) => s.label), images: done.map((d) => d.pixels), size: done[0].shape[1] };
    })();
    p.catch(() => cache.delete(key)); // a failed fetch may work next time
    cache.set(key, p);
  }
  return p;
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
