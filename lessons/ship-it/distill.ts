/**
 * Knowledge distillation (Hinton, Vinyals & Dean 2015): the student learns from the teacher's softened
 * probabilities as well as from the labels,
 *   loss = α·T²·KL(softmax(t/T) ‖ softmax(s/T)) + (1−α)·CE(s, y),
 * KL averaged over the batch (PyTorch's kl_div with reduction='batchmean'). The T² keeps the soft term's gradient
 * the same size as T changes (its gradient scales as 1/T² otherwise).
 */
import * as tf from '@tensorflow/tfjs-core';
import { crossEntropy } from '../../src/lib/nn';

/** Temperature and weight of the soft term. */
export interface DistillSettings {
  temperature: number;
  alpha: number;
}

/** The settings of the lesson's run: T = 4, α = 0.9 (soft targets carry most of the signal). */
export const DISTILL_DEFAULTS: DistillSettings = { temperature: 4, alpha: 0.9 };

/** Throws a plain-words error when T ≤ 0 or α is outside [0, 1] (NaN included). */
export function checkDistillSettings(s: DistillSettings): void {
  if (!(s.temperature > 0 && Number.isFinite(s.temperature))) throw new Error(`The temperature must be a positive number, got ${s.temperature}.`);
  if (!(s.alpha >= 0 && s.alpha <= 1)) throw new Error(`α must be between 0 and 1, got ${s.alpha}.`);
}

/**
 * The distillation loss of student logits s [N,C] against teacher logits t [N,C] and labels y [N] (int32).
 * Only s should be differentiated (the teacher is fixed: pass its logits, not a function of trained weights). Returns a scalar; caller disposes.
 */
export function distillationLoss(s: tf.Tensor2D, t: tf.Tensor2D, y: tf.Tensor1D, settings: DistillSettings): tf.Scalar {
  checkDistillSettings(settings);
  if (s.shape[0] !== t.shape[0] || s.shape[1] !== t.shape[1]) {
    throw new Error(`Student logits [${s.shape.join(',')}] and teacher logits [${t.shape.join(',')}] must have the same shape.`);
  }
  const { temperature: T, alpha } = settings;
  return tf.tidy((): tf.Scalar => {
    const logPt = tf.logSoftmax(tf.div(t, T));
    const logPs = tf.logSoftmax(tf.div(s, T));
    const kl = tf.div(tf.sum(tf.mul(tf.exp(logPt), tf.sub(logPt, logPs))), s.shape[0]) as tf.Scalar;
    const soft = tf.mul(kl, alpha * T * T) as tf.Scalar;
    return alpha === 1 ? soft : (tf.add(soft, tf.mul(crossEntropy(s, y), 1 - alpha)) as tf.Scalar);
  });
}
