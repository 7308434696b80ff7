import * as tf from '@tensorflow/tfjs-core';
import { crossEntropy } from '../../src/lib/nn';

/**
 * Step 1's numbers: one image's logits z (one per class) → softmax p_k = e^{z_k} / Σ_j e^{z_j} → the
 * cross-entropy L = −log p_y of the true class y (the core's crossEntropy, torch's F.cross_entropy) and its
 * gradient ∂L/∂z_k = p_k − [k = y] from tf.grad. Plain numbers out; no tensors escape.
 */

/** The classes of the step-1 figure (four CIFAR-10 classes) and the logits it starts from. */
export const LOGIT_CLASSES = ['cat', 'dog', 'ship', 'frog'] as const;
export const START_LOGITS = [2, 1, -1, 0.5];
/** Slider range of one logit; keeps e^z finite in float32 with room to spare. */
export const LOGIT_RANGE = { min: -6, max: 6, step: 0.1 } as const;

/** Softmax probabilities [C], the loss for the true class, and ∂L/∂z [C], with the question they answer. */
export interface SoftmaxLoss {
  logits: number[];
  label: number;
  probs: Float32Array;
  loss: number;
  grad: Float32Array;
}

/**
 * Softmax, cross-entropy and its gradient for one row of `logits` [C] with true class `label` (0-based),
 * computed with tfjs; awaits data() once. Throws a plain-words error on a label outside the classes.
 */
export async function softmaxLoss(logits: readonly number[], label: number): Promise<SoftmaxLoss> {
  if (!Number.isInteger(label) || label < 0 || label >= logits.length) {
    throw new Error(`The true class must be one of the ${logits.length} classes, got ${label}.`);
  }
  const out = tf.tidy(() => {
    const z = tf.tensor2d([Array.from(logits)]);
    const y = tf.tensor1d([label], 'int32');
    const lossOf = (zz: tf.Tensor) => crossEntropy(zz as tf.Tensor2D, y);
    const { value, grad } = tf.valueAndGrad(lossOf)(z);
    return tf.concat([tf.reshape(tf.softmax(z), [-1]), tf.reshape(value, [1]), tf.reshape(grad, [-1])]);
  });
  const v = (await out.data()) as Float32Array;
  out.dispose();
  const c = logits.length;
  return { logits: Array.from(logits), label, probs: v.slice(0, c), loss: v[c], grad: v.slice(c + 1) };
}
