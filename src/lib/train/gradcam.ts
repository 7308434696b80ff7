/**
 * Grad-CAM (the explorer's nn/explain.ts) on one image of a studio dataset, for the trained model in eval
 * mode: which parts of the 32×32 image raised the score of the predicted (or a chosen) class.
 */
import * as tf from '@tensorflow/tfjs-core';
import { forward, type ResNet18, gradCam } from '../nn';
import type { ImageDataset } from '../data/dataset';
import { makeBatch, type Normalisation } from '../data/batch';

export interface GradCamResult {
  /** [h·w] heat, ≥ 0, at the image's resolution (row-major). */
  heat: Float32Array;
  predicted: number;
  /** Softmax probability of the predicted class. */
  probability: number;
  classIndex: number;
}

/** Grad-CAM of image `index` of `d` for `classIndex` (default: the predicted class). Leaves no tensors. */
export async function gradCamOf(m: ResNet18, d: ImageDataset, index: number, norm: Normalisation, classIndex?: number): Promise<GradCamResult> {
  const { x } = makeBatch(d, [index], norm);
  const input = tf.tensor4d(x, [1, d.height, d.width, 3]);
  const { logits, activations } = forward(m, input, { training: false, taps: ['stage4'] });
  const probs = tf.tidy(() => tf.softmax(logits));
  const p = await probs.data();
  let predicted = 0;
  for (let i = 1; i < p.length; i++) if (p[i] > p[predicted]) predicted = i;
  const cls = classIndex ?? predicted;
  const heatT = gradCam(m, activations.get('stage4') as tf.Tensor4D, cls, [d.height, d.width]);
  const heat = (await heatT.data()) as Float32Array;
  tf.dispose([input, logits, probs, heatT, ...activations.values()]);
  return { heat, predicted, probability: p[predicted], classIndex: cls };
}
