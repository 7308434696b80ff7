/**
 * Loss and one training step for the ResNet-18 of resnet18.ts, with PyTorch semantics (evaluation: evaluate.ts):
 * mean softmax cross-entropy (optionally label-smoothed as torch's `label_smoothing`), BatchNorm in train
 * mode (batch statistics, running statistics updated), then one optimizer update.
 */
import * as tf from '@tensorflow/tfjs-core';
import { forward, type ResNet18 } from './resnet18';
import { pendingTensors, type Optimizer, type PendingUpdate } from './optim';

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

/**
 * A step produced a NaN or ±Infinity — in the loss, a gradient, or the updated weights, optimizer state or BN
 * running statistics — so it was not applied: weights, optimizer state and BN running statistics are as before.
 * `loss` is the step's loss (finite when only gradients or weights went bad); `detail` says what went wrong.
 */
export class NonFiniteStepError extends Error {
  override name = 'NonFiniteStepError';
  constructor(public loss: number, public part: 'loss' | 'gradients' | 'weights', public detail: string) {
    super(`${detail[0].toUpperCase()}${detail.slice(1)}: training diverged (learning rate too high?). This step was not applied.`);
  }
}

/** The loss was NaN or ±Infinity: nothing was updated (weights, optimizer state and BN running stats restored). */
export class NonFiniteLossError extends NonFiniteStepError {
  override name = 'NonFiniteLossError';
  constructor(loss: number) {
    super(loss, 'loss', `the loss became ${loss}`);
  }
}

/** Why a step with a finite loss is refused: `bad` of `total` gradient or new tensors hold NaN/±Infinity. */
function nonFiniteUpdate(loss: number, part: 'gradients' | 'weights', bad: number, total: number): NonFiniteStepError {
  const what = part === 'gradients' ? `${bad} of ${total} gradient tensors held`
    : `the update would have made ${bad} of ${total} weight, optimizer-state or BN-statistics tensors`;
  return new NonFiniteStepError(loss, part, `the loss was ${loss.toPrecision(4)} but ${what} NaN or ±Infinity`);
}

/** Number of tensors among `ts` holding no NaN or ±Infinity, as a float32 [1] (0 for an empty list). */
function finiteCount(ts: tf.Tensor[]): tf.Tensor1D {
  if (ts.length === 0) return tf.zeros([1]);
  return tf.reshape(tf.addN(ts.map((t) => tf.cast(tf.all(tf.isFinite(t)), 'float32'))), [1]);
}

/** Node name of a parameter key: 'stage2.block1.conv1.weight' → 'stage2.block1.conv1'. */
function nodeOf(paramName: string): string {
  return paramName.slice(0, paramName.lastIndexOf('.'));
}

/** Per-node gradient L2 norms, each [1], in the order of `nodes`. */
function gradNormsOf(nodes: string[], names: string[], named: Map<string, tf.Tensor>): tf.Tensor[] {
  return nodes.map((node) => {
    const squares = names.filter((n) => nodeOf(n) === node).map((n) => tf.sum(tf.square(named.get(n)!)));
    return tf.reshape(tf.sqrt(tf.addN(squares)), [1]);
  });
}

/** Puts back the BN running statistics a refused or failed step moved (`saved` holds them in buffer order). */
function restoreBuffers(m: ResNet18, saved: tf.Tensor[]): void {
  [...m.buffers.values()].forEach((v, i) => v.assign(saved[i]));
}

/**
 * Forward in train mode and backward: the loss and the gradient of each trainable parameter, keyed by parameter
 * name. If it throws (out of memory mid-pass) the BN statistics go back to `saved`. Caller disposes the result.
 */
function lossAndGradients(m: ResNet18, names: string[], x: tf.Tensor4D, y: tf.Tensor1D, smoothing: number, saved: tf.Tensor[]) {
  const byVarName = new Map(names.map((n) => [m.params.get(n)!.name, n]));
  try {
    const { value, grads } = tf.variableGrads(() => crossEntropy(forward(m, x, { training: true }).logits, y, smoothing),
      names.map((n) => m.params.get(n)!));
    return { value, named: new Map(Object.entries(grads).map(([varName, g]) => [byVarName.get(varName)!, g])) };
  } catch (e) {
    restoreBuffers(m, saved);
    throw e;
  }
}

/**
 * One SGD/Adam step on a batch: x [N,H,W,3] NHWC (preprocessed), y [N] int32. Forward in training mode,
 * gradients of the mean cross-entropy w.r.t. the optimizer's non-frozen parameters, the update computed into
 * new tensors, then applied. Loss, gradient norms and the finiteness of every gradient and new tensor come
 * from one read-back. Disposes everything it creates (not x, y). Throws NonFiniteLossError (loss) or
 * NonFiniteStepError (a gradient, new weight, optimizer state or BN statistic) and then changes nothing.
 */
export async function trainStep(m: ResNet18, opt: Optimizer, x: tf.Tensor4D, y: tf.Tensor1D, opts: TrainStepOptions = {}): Promise<StepResult> {
  const names = opt.trainableNames();
  if (names.length === 0) throw new Error('Every parameter is frozen: there is nothing to train.');
  const smoothing = opts.labelSmoothing ?? 0;
  // Checked before any work: a throw inside variableGrads leaks the tensors tfjs keeps for the backward pass.
  if (!(smoothing >= 0 && smoothing <= 1)) throw new Error(`label smoothing must be in [0, 1], got ${smoothing}`);
  // References to the BN running statistics before the step (tf.clone shares the data), restored if it is refused.
  const saved = [...m.buffers.values()].map((v) => tf.clone(v));
  let pass: ReturnType<typeof lossAndGradients> | null = null;
  let update: PendingUpdate | null = null;
  try {
    pass = lossAndGradients(m, names, x, y, smoothing, saved);
    const { value, named } = pass;
    update = opt.propose(named, opts.lr);
    const fresh = [...pendingTensors(update), ...m.buffers.values()];
    const nodes = opts.gradNorms ? [...new Set(names.map(nodeOf))] : [];
    const readout = tf.tidy(() => tf.concat([tf.reshape(value, [1]), finiteCount([...named.values()]), finiteCount(fresh),
      ...gradNormsOf(nodes, names, named)]));
    const values = await readout.data();
    readout.dispose();
    const [loss, goodGrads, goodFresh] = values;
    const problem = !Number.isFinite(loss) ? new NonFiniteLossError(loss)
      : goodGrads !== named.size ? nonFiniteUpdate(loss, 'gradients', named.size - goodGrads, named.size)
        : goodFresh !== fresh.length ? nonFiniteUpdate(loss, 'weights', fresh.length - goodFresh, fresh.length) : null;
    if (problem) {
      restoreBuffers(m, saved);
      throw problem;
    }
    opt.commit(update);
    update = null;
    return opts.gradNorms ? { loss, gradNorms: new Map(nodes.map((n, i) => [n, values[i + 3]])) } : { loss };
  } finally {
    if (update) opt.discard(update);
    tf.dispose([...(pass ? [pass.value, ...pass.named.values()] : []), ...saved]);
  }
}
