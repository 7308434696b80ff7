import * as tf from '@tensorflow/tfjs-core';
import { createRng, BN_EPS, BN_MOMENTUM } from '../../src/lib/nn';

/**
 * Batch normalisation taken apart for the lesson, with PyTorch's semantics (SYLLABUS): per channel c of an
 * NHWC batch, μ_c and the biased σ²_c over (N, H, W) normalise the batch, x̂ = (x − μ)/√(σ² + ε), y = γ·x̂ + β;
 * the running estimates keep 0.9 of their value and take 0.1 of the batch's mean and UNBIASED variance
 * σ²·m/(m − 1), m = N·H·W. Evaluation mode normalises with the running estimates instead.
 */

/** ε of the core's BatchNorm (PyTorch's default), re-exported for the lesson's words. */
export { BN_EPS };
/** PyTorch momentum 0.1 = keep 0.9 of the running value each training step. */
export const BN_KEEP = 1 - BN_MOMENTUM;

/** Running statistics of one BN layer, per channel: mean [C] and variance [C]. Plain arrays. */
export interface RunningStats {
  mean: Float32Array;
  variance: Float32Array;
}

/** Fresh running statistics as PyTorch initialises them: mean 0, variance 1. */
export function freshRunningStats(channels: number): RunningStats {
  return { mean: new Float32Array(channels), variance: new Float32Array(channels).fill(1) };
}

/** Every stage of BN + ReLU as plain arrays; `shape` is the batch's NHWC shape. */
export interface BnStages {
  shape: [number, number, number, number];
  /** The statistics that normalised this batch: batch ones in training mode, running ones in eval mode. */
  mean: Float32Array;
  variance: Float32Array;
  /** Biased batch variance's unbiased twin, σ²·m/(m − 1) (what the running estimate is fed; training only). */
  unbiasedVariance?: Float32Array;
  xhat: Float32Array;
  y: Float32Array;
  relu: Float32Array;
  /** Running statistics after this call (updated in training mode, unchanged in eval mode). */
  running: RunningStats;
}

/** Options of one BN call: mode, affine parameters γ and β [C], running statistics (default fresh). */
export interface BnCallOptions {
  training: boolean;
  gamma: ArrayLike<number>;
  beta: ArrayLike<number>;
  running?: RunningStats;
}

/**
 * Runs BN then ReLU on `x` [N,H,W,C] in the chosen mode and reads every stage back as plain arrays
 * (await data(); no tensors escape). `x` stays the caller's.
 */
export async function bnStages(x: tf.Tensor4D, o: BnCallOptions): Promise<BnStages> {
  const [n, h, w, c] = x.shape;
  const m = n * h * w;
  const running = o.running ?? freshRunningStats(c);
  const t = tf.tidy(() => {
    const batch = tf.moments(x, [0, 1, 2]);
    const mean = o.training ? batch.mean : tf.tensor1d(running.mean);
    const variance = o.training ? batch.variance : tf.tensor1d(running.variance);
    const xhat = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, BN_EPS)));
    const y = tf.add(tf.mul(xhat, tf.tensor1d(Float32Array.from(o.gamma))), tf.tensor1d(Float32Array.from(o.beta)));
    const unbiased = tf.mul(batch.variance, m / Math.max(m - 1, 1));
    return [mean, variance, unbiased, xhat, y, tf.relu(y)];
  });
  const [mean, variance, unbiased, xhat, y, relu] = await Promise.all(t.map((a) => a.data() as Promise<Float32Array>));
  t.forEach((a) => a.dispose());
  const next = o.training
    ? {
        mean: mean.map((v, i) => BN_KEEP * running.mean[i] + (1 - BN_KEEP) * v),
        variance: unbiased.map((v, i) => BN_KEEP * running.variance[i] + (1 - BN_KEEP) * v),
      }
    : { mean: running.mean.slice(), variance: running.variance.slice() };
  return {
    shape: [n, h, w, c],
    mean,
    variance,
    unbiasedVariance: o.training ? unbiased : undefined,
    xhat,
    y,
    relu,
    running: next,
  };
}

/** Per-channel mean and standard deviation (biased) of an NHWC array — what the lesson prints under each stage. */
export function channelMoments(data: ArrayLike<number>, channels: number): { mean: number[]; std: number[] } {
  const sum = new Array(channels).fill(0);
  const sq = new Array(channels).fill(0);
  const count = data.length / channels;
  for (let i = 0; i < data.length; i++) sum[i % channels] += data[i];
  const mean = sum.map((s) => s / count);
  for (let i = 0; i < data.length; i++) sq[i % channels] += (data[i] - mean[i % channels]) ** 2;
  return { mean, std: sq.map((s) => Math.sqrt(s / count)) };
}

/** What the lesson's demo batch looks like: channel c has mean `means[c]` and spread `stds[c]`. */
export interface DemoBatchSpec {
  n: number;
  size: number;
  means: number[];
  stds: number[];
  seed: number;
}

/** The BN lesson's batch: 4 feature maps of 6×6 with 3 channels on very different scales. */
export const BN_DEMO: Readonly<DemoBatchSpec> = Object.freeze({ n: 4, size: 6, means: [3, -1, 0.5], stds: [2, 0.5, 4], seed: 7 });

/**
 * A seeded batch of feature maps, NHWC [n, size, size, C]: smooth blobs per image plus noise, shifted and
 * scaled per channel (like conv outputs before BN, whose channels sit on unrelated scales). Caller disposes.
 */
export function makeDemoBatch(spec: DemoBatchSpec = BN_DEMO): tf.Tensor4D {
  const rng = createRng(spec.seed);
  const c = spec.means.length;
  const data = new Float32Array(spec.n * spec.size * spec.size * c);
  for (let img = 0; img < spec.n; img++) {
    for (let ch = 0; ch < c; ch++) {
      const cx = rng.next() * spec.size;
      const cy = rng.next() * spec.size;
      const imgShift = rng.normal() * 0.5; // images differ from each other too
      for (let yy = 0; yy < spec.size; yy++) {
        for (let xx = 0; xx < spec.size; xx++) {
          const blob = Math.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (spec.size * 0.8)) * 2 - 0.6;
          const v = blob + imgShift + 0.3 * rng.normal();
          data[((img * spec.size + yy) * spec.size + xx) * c + ch] = spec.means[ch] + spec.stds[ch] * v;
        }
      }
    }
  }
  return tf.tensor4d(data, [spec.n, spec.size, spec.size, c]);
}

/**
 * Trains only the running statistics: `steps` training-mode passes over `x` (γ = 1, β = 0) from fresh stats.
 * Returns the running statistics after each step (plain arrays); `x` stays the caller's.
 */
export async function warmRunningStats(x: tf.Tensor4D, steps: number): Promise<RunningStats[]> {
  const c = x.shape[3];
  const ones = new Array(c).fill(1);
  const zeros = new Array(c).fill(0);
  let running = freshRunningStats(c);
  const history: RunningStats[] = [];
  for (let s = 0; s < steps; s++) {
    running = (await bnStages(x, { training: true, gamma: ones, beta: zeros, running })).running;
    history.push(running);
  }
  return history;
}

/** Per-channel mean and std of a BN output, in each way of running BN that the lesson compares. */
export interface BnModeComparison {
  /** Training mode: normalised with this batch's statistics. */
  train: { mean: number[]; std: number[] };
  /** Evaluation mode with never-updated running statistics (mean 0, variance 1). */
  evalFresh: { mean: number[]; std: number[] };
  /** Evaluation mode after `warmSteps` training-mode passes updated the running statistics. */
  evalWarm: { mean: number[]; std: number[] };
  warmSteps: number;
  running: RunningStats;
  /** max |y(image 1 alone) − y(image 1 in the batch)| in training mode, and in eval mode (warm statistics). */
  aloneVsBatchTrain: number;
  aloneVsBatchEval: number;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

/**
 * Runs BN (γ = 1, β = 0) on `x` [N,H,W,C] in training mode, in eval mode with fresh and with warmed-up running
 * statistics, and on image 0 alone (a batch of 1) in both modes. Plain numbers out; `x` stays the caller's.
 */
export async function compareBnModes(x: tf.Tensor4D, warmSteps: number): Promise<BnModeComparison> {
  const c = x.shape[3];
  const id = { gamma: new Array(c).fill(1), beta: new Array(c).fill(0) };
  const history = await warmRunningStats(x, warmSteps);
  const running = history.at(-1) ?? freshRunningStats(c);
  const train = await bnStages(x, { training: true, ...id });
  const evalFresh = await bnStages(x, { training: false, ...id });
  const evalWarm = await bnStages(x, { training: false, ...id, running });
  const first = tf.slice(x, [0, 0, 0, 0], [1, -1, -1, -1]) as tf.Tensor4D;
  const aloneTrain = await bnStages(first, { training: true, ...id });
  const aloneEval = await bnStages(first, { training: false, ...id, running });
  first.dispose();
  const perImage = first.size;
  return {
    train: channelMoments(train.y, c),
    evalFresh: channelMoments(evalFresh.y, c),
    evalWarm: channelMoments(evalWarm.y, c),
    warmSteps,
    running,
    aloneVsBatchTrain: maxAbsDiff(aloneTrain.y, train.y.subarray(0, perImage)),
    aloneVsBatchEval: maxAbsDiff(aloneEval.y, evalWarm.y.subarray(0, perImage)),
  };
}
