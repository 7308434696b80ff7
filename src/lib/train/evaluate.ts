/**
 * The studio's datasets fed to the core's one evaluation loop (nn's evaluateBatches): images normalised
 * batch by batch, so a large set never becomes one tensor.
 */
import * as tf from '@tensorflow/tfjs-core';
import { evaluateBatches, type EvalResult, type ResNet18 } from '../nn';
import type { ImageDataset } from '../data/dataset';
import { makeBatch, type Normalisation } from '../data/batch';

/**
 * Eval-mode scores of the model on `d` (optionally only its first `limit` images), 100 images a batch; `flipTTA`
 * scores the mean logits of each image and its mirror image; `keepLogits` returns the logits too. Leaves no
 * tensors behind.
 */
export function evaluateDataset(m: ResNet18, d: ImageDataset, norm: Normalisation,
  opts: { batchSize?: number; limit?: number; flipTTA?: boolean; keepLogits?: boolean } = {}): Promise<EvalResult> {
  const n = Math.min(d.labels.length, opts.limit ?? Infinity);
  const batchAt = (start: number, size: number) => {
    const { x } = makeBatch(d, Array.from({ length: size }, (_, i) => start + i), norm);
    return tf.tensor4d(x, [size, d.height, d.width, 3]);
  };
  return evaluateBatches(m, d.labels.subarray(0, n), batchAt, opts.batchSize ?? 100, { flipTTA: opts.flipTTA, keepLogits: opts.keepLogits });
}
