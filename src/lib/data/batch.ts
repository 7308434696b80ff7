/**
 * Turns dataset images into normalised training batches (plain arrays; the trainer makes the tensors).
 */
import type { ImageDataset } from './dataset';
import { augmentImage, type AugmentConfig } from './augment';
import type { Rng } from '../nn';

/** Per-channel normalisation (x/255 − mean) / std. */
export interface Normalisation {
  mean: number[];
  std: number[];
}

/** One image of the dataset as Float32 HWC in [0, 1]. */
export function imageAt(d: ImageDataset, i: number): Float32Array {
  const px = d.height * d.width * 3;
  const out = new Float32Array(px);
  const o = i * px;
  for (let k = 0; k < px; k++) out[k] = d.images[o + k] / 255;
  return out;
}

/**
 * Builds a batch: x Float32 NHWC [n, h, w, 3] normalised, y Int32 [n]. Augments when `aug` is given
 * (random choices from `rng`), otherwise takes the images as they are (evaluation).
 */
export function makeBatch(
  d: ImageDataset, indices: ArrayLike<number>, norm: Normalisation, aug?: AugmentConfig, rng?: Rng,
): { x: Float32Array; y: Int32Array } {
  const px = d.height * d.width * 3;
  const x = new Float32Array(indices.length * px);
  const y = new Int32Array(indices.length);
  for (let b = 0; b < indices.length; b++) {
    let img = imageAt(d, indices[b]);
    if (aug && rng) img = augmentImage(img, d.height, d.width, aug, rng);
    const o = b * px;
    for (let k = 0; k < px; k += 3) {
      for (let c = 0; c < 3; c++) x[o + k + c] = (img[k + c] - norm.mean[c]) / norm.std[c];
    }
    y[b] = d.labels[indices[b]];
  }
  return { x, y };
}
