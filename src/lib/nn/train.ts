/**
 * Loss and one training step for the ResNet-18 of resnet18.ts, with PyTorch semantics (evaluation: evaluate.ts):
 * mean softmax cross-entropy (optionally label-smoothed as torch's `label_smoothing`), BatchNorm in train
 * mode (batch statistics, running statistics updated), then one optimizer update.
 */
import * as tf from '@tensorflow/tfjs-core';
import { forward, type ResNet18 } from './resnet18';
import type { Optimizer } from './optim';

/**
 * Mean softmax cross-entropy, as torch.nn.functional.cross_entropy: logits [N,C], labels [N] int32 class ids.
 * With smoothing ε the target is (1−ε)·onehot + ε/C, i.e. loss = (1−ε)·NLL + ε·mean_c(−log p_c).
 * Returns a scalar; caller disposes.
 */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D, labelSmoothing = 0): tf.Scalar {
  if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) throw new Error(`label smoothing must be in [0, 1], got ${labelSmoothing}`);
  if (labels.shape[0] !== logits.shape[0]) {
    throw new Error(`crossEntropy: ${logits.shape[0]} logit rows but ${labels.shape[0]} labels.`);
  }
  return tf.tidy(() => {
    const logp = tf.logSoftmax(logits);
    const onehot = tf.oneHot(tf.cast(labels, 'int32'), logits.shape[1]);
    const nll = tf.neg(tf.sum(tf.mul(onehot, logp), 1));
    if (labelSmoothing === 0) return tf.mean(nll);
    const uniform = tf.neg(tf.mean(logp, 1));
    return tf.mean(tf.add(tf.mul(nll, 1 - labelSmoothing), tf.mul(uniform, labelSmoothing)));
  });
}

/** Outcome of one step: the batch loss before the update, and optionally one gradient L2 norm per layer. */
export interface StepResult {
  loss: number;
  /** Graph node name ('stem.conv', 'stage2.block1.bn1', 'head.fc', …) → ‖∂loss/∂(all its params)‖₂, before weight decay. */
  gradNorms?: Map<string, number>;
}

/** Options of trainStep: lr overrides the optimizer's (schedules); gradNorms asks for per-layer norms. */
export interface TrainStepOptions { lr?: number; gradNorms?: boolean; labelSmoothing?: number }

/** The loss was NaN or ±Infinity: nothing was updated (weights, optimizer state and BN running stats restored). */
export class NonFiniteLossError extends Error {
  override name = 'NonFiniteLossError';
  constructor(public loss: number) {
    super(`The loss became ${loss}: training diverged (learning rate too high?). This step was not applied.`);
  }
}

/** Node name of a parameter key: 'stage2.block1.conv1.weight' → 'stage2.block1.conv1'. */
function nodeOf(paramName: string): string {
  return paramName.slice(0, paramName.lastIndexOf('.'));
}

/**
 * One SGD/Adam step on a batch: x [N,H,W,3] NHWC (preprocessed), y [N] int32. Forward in training mode,
 * gradients of the mean cross-entropy w.r.t. the optimizer's non-frozen parameters, update. Loss and
 * gradient norms come from the same pass and one read-back. Disposes everything it creates (not x, y).
 * Throws NonFiniteLossError (and changes nothing) when the loss is not finite.
 */
export async function trainStep(m: ResNet18, opt: Optimizer, x: tf.Tensor4D, y: tf.Tensor1D, opts: TrainStepOptions = {}): Promise<StepResult> {
  const names = opt.trainableNames();
  if (names.length === 0) throw new Error('Every parameter is frozen: there is nothing to train.');
  const byVarName = new Map(names.map((n) => [m.params.get(n)!.name, n]));
  // Copies of the BN running statistics (9,600 values at width 1), restored if the loss is not finite.
  const saved = [...m.buffers.values()].map((v) => tf.clone(v));
  const { value, grads } = tf.variableGrads(() => {
    const { logits } = forward(m, x, { training: true });
    return crossEntropy(logits, y, opts.labelSmoothing ?? 0);
  }, names.map((n) => m.params.get(n)!));
  const named = new Map(Object.entries(grads).map(([varName, g]) => [byVarName.get(varName)!, g]));
  try {
    const nodes = opts.gradNorms ? [...new Set(names.map(nodeOf))] : [];
    const readout = tf.tidy(() => {
      const norms = nodes.map((node) => {
        const squares = names.filter((n) => nodeOf(n) === node).map((n) => tf.sum(tf.square(named.get(n)!)));
        return tf.sqrt(tf.addN(squares));
      });
      return tf.concat([tf.reshape(value, [1]), ...norms.map((t) => tf.reshape(t, [1]))]);
    });
    const values = await readout.data();
    readout.dispose();
    const loss = values[0];
    if (!Number.isFinite(loss)) {
      [...m.buffers.values()].forEach((v, i) => v.assign(saved[i]));
      throw new NonFiniteLossError(loss);
    }
    opt.apply(named, opts.lr);
    const result: StepResult = { loss };
    if (opts.gradNorms) result.gradNorms = new Map(nodes.map((n, i) => [n, values[i + 1]]));
    return result;
  } finally {
    tf.dispose([value, ...Object.values(grads), ...saved]);
  }
}
