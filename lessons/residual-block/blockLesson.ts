import * as tf from '@tensorflow/tfjs-core';
import { createRng, normalArray, batchNormTrain, conv2d, maxPool2d, BN_EPS } from '../../src/lib/nn';

/**
 * One ResNet basic block taken apart for the lesson (NHWC, HWIO kernels, like the rest of src/lib/nn):
 *   F(x) = BN₂(conv₂(ReLU(BN₁(conv₁(x)))))      shortcut S(x) = x, or BNₛ(conv1×1/2(x)) (projection)
 *   H(x) = F(x) + S(x),   out = ReLU(H(x)).
 * BN here normalises with the batch's own statistics (training mode, biased variance, ε = 1e-5), so one photo
 * gives meaningful numbers without trained running statistics.
 */

/** Weights of one basic block as tensors (owned by the caller: disposeBlock). */
export interface BlockParams {
  stride: 1 | 2;
  conv1: tf.Tensor4D; // [3,3,in,out]
  conv2: tf.Tensor4D; // [3,3,out,out]
  gamma1: tf.Tensor1D; beta1: tf.Tensor1D;
  gamma2: tf.Tensor1D; beta2: tf.Tensor1D;
  /** Projection shortcut (1×1 conv, stride 2, + BN) when the block changes shape; absent for identity. */
  proj?: { conv: tf.Tensor4D; gamma: tf.Tensor1D; beta: tf.Tensor1D };
}

/** He-normal HWIO kernel [k,k,in,out] from a seeded generator (caller disposes). */
function heKernel(rng: ReturnType<typeof createRng>, k: number, cin: number, cout: number): tf.Tensor4D {
  return tf.tensor4d(normalArray(rng, k * k * cin * cout, Math.sqrt(2 / (k * k * cin))), [k, k, cin, cout]);
}

/**
 * Seeded block weights: He-normal convs, γ = 1, β = 0 (PyTorch's initial BN). stride 2 (or in ≠ out) adds a
 * projection shortcut. Caller disposes with disposeBlock.
 */
export function makeBlock(cin: number, cout: number, stride: 1 | 2, seed: number): BlockParams {
  const rng = createRng(seed);
  const p: BlockParams = {
    stride,
    conv1: heKernel(rng, 3, cin, cout),
    conv2: heKernel(rng, 3, cout, cout),
    gamma1: tf.ones([cout]), beta1: tf.zeros([cout]),
    gamma2: tf.ones([cout]), beta2: tf.zeros([cout]),
  };
  if (stride !== 1 || cin !== cout) p.proj = { conv: heKernel(rng, 1, cin, cout), gamma: tf.ones([cout]), beta: tf.zeros([cout]) };
  return p;
}

/** Frees a block's tensors. */
export function disposeBlock(p: BlockParams): void {
  tf.dispose([p.conv1, p.conv2, p.gamma1, p.beta1, p.gamma2, p.beta2]);
  if (p.proj) tf.dispose([p.proj.conv, p.proj.gamma, p.proj.beta]);
}

/** Training-mode BN of an NHWC tensor over (N,H,W) (layers.ts; its batch statistics are not needed here). */
function bnTrain(x: tf.Tensor4D, gamma: tf.Tensor1D, beta: tf.Tensor1D): tf.Tensor4D {
  const { y, mean, variance } = batchNormTrain(x, gamma, beta, BN_EPS);
  tf.dispose([mean, variance]);
  return y;
}

/** conv 3×3, padding 1, as torch's Conv2d(k=3, padding=1, bias=False). */
function conv3(x: tf.Tensor4D, w: tf.Tensor4D, stride: number): tf.Tensor4D {
  return conv2d(x, w, { stride, pad: 1 });
}

/** Every intermediate of the block, NHWC. */
export interface BlockTrace {
  conv1: tf.Tensor4D; bn1: tf.Tensor4D; relu1: tf.Tensor4D; conv2: tf.Tensor4D;
  /** F(x) = bn2 output. */
  f: tf.Tensor4D;
  /** S(x): x itself, or the projected x. */
  shortcut: tf.Tensor4D;
  /** H(x) = F(x) + S(x), before the final ReLU. */
  sum: tf.Tensor4D;
  out: tf.Tensor4D;
}

/** The residual branch F(x) alone, [N,H/s,W/s,out]. Call inside tidy; caller disposes. */
export function residualBranch(x: tf.Tensor4D, p: BlockParams): tf.Tensor4D {
  const a = tf.relu(bnTrain(conv3(x, p.conv1, p.stride), p.gamma1, p.beta1));
  return bnTrain(conv3(a, p.conv2, 1), p.gamma2, p.beta2);
}

/** The shortcut S(x): identity, or 1×1 stride-s conv + BN. Call inside tidy; caller disposes. */
export function shortcut(x: tf.Tensor4D, p: BlockParams): tf.Tensor4D {
  if (!p.proj) return x;
  return bnTrain(conv2d(x, p.proj.conv, { stride: p.stride }), p.proj.gamma, p.proj.beta);
}

/** Runs the block on x [N,H,W,in] and keeps every intermediate. Caller disposes all of BlockTrace except `x`. */
export function traceBlock(x: tf.Tensor4D, p: BlockParams): BlockTrace {
  return tf.tidy(() => {
    const conv1 = conv3(x, p.conv1, p.stride);
    const bn1 = bnTrain(conv1, p.gamma1, p.beta1);
    const relu1 = tf.relu(bn1);
    const conv2 = conv3(relu1, p.conv2, 1);
    const f = bnTrain(conv2, p.gamma2, p.beta2);
    const s = p.proj ? shortcut(x, p) : tf.clone(x);
    const sum = tf.add(f, s) as tf.Tensor4D;
    return { conv1, bn1, relu1, conv2, f, shortcut: s, sum, out: tf.relu(sum) };
  }) as unknown as BlockTrace;
}

/** Gradients of ⟨u, H(x)⟩ and ⟨u, F(x)⟩ with respect to x, for an upstream gradient u shaped like H(x). */
export interface BlockGradients {
  /** ∂⟨u,H⟩/∂x = (∂F/∂x)ᵀu + (∂S/∂x)ᵀu, [N,H,W,in]. */
  throughBlock: tf.Tensor4D;
  /** ∂⟨u,F⟩/∂x = (∂F/∂x)ᵀu only. */
  throughBranch: tf.Tensor4D;
  /** throughBlock − throughBranch: for an identity shortcut this is u itself (∂H/∂x = ∂F/∂x + I). */
  viaShortcut: tf.Tensor4D;
}

/** Computes BlockGradients with tf.grad (no assertion in prose). Caller disposes all three. */
export function blockGradients(x: tf.Tensor4D, p: BlockParams, u: tf.Tensor4D): BlockGradients {
  return tf.tidy(() => {
    const viaBlock = (xx: tf.Tensor) => tf.sum(tf.mul(tf.add(residualBranch(xx as tf.Tensor4D, p), shortcut(xx as tf.Tensor4D, p)), u));
    const viaBranch = (xx: tf.Tensor) => tf.sum(tf.mul(residualBranch(xx as tf.Tensor4D, p), u));
    const throughBlock = tf.grad(viaBlock)(x) as tf.Tensor4D;
    const throughBranch = tf.grad(viaBranch)(x) as tf.Tensor4D;
    return { throughBlock, throughBranch, viaShortcut: tf.sub(throughBlock, throughBranch) };
  }) as unknown as BlockGradients;
}

/** Parameter counts of a basic block (weights and BN γ, β; PyTorch convs here have no bias). */
export interface BlockParamCount { conv1: number; bn1: number; conv2: number; bn2: number; shortcut: number; total: number }

/** Counts for in → out channels; `projection` adds the 1×1 conv (in·out) and its BN (2·out). */
export function blockParamCount(cin: number, cout: number, projection: boolean): BlockParamCount {
  const c = { conv1: 9 * cin * cout, bn1: 2 * cout, conv2: 9 * cout * cout, bn2: 2 * cout, shortcut: projection ? cin * cout + 2 * cout : 0 };
  return { ...c, total: c.conv1 + c.bn1 + c.conv2 + c.bn2 + c.shortcut };
}

/**
 * A ResNet stem with seeded He-normal weights: conv 7×7/2 (pad 3) → BN (batch statistics) → ReLU →
 * max-pool 3×3/2 (pad 1). image [N,H,W,3] (any scale; standardised per channel first) → [N,H/4,W/4,channels].
 * Caller disposes the result; `image` stays the caller's.
 */
export function seededStem(image: tf.Tensor4D, channels: number, seed: number): tf.Tensor4D {
  return tf.tidy(() => {
    const rng = createRng(seed);
    const w = tf.tensor4d(normalArray(rng, 49 * 3 * channels, Math.sqrt(2 / 147)), [7, 7, 3, channels]);
    const { mean, variance } = tf.moments(image, [0, 1, 2]);
    const x = tf.div(tf.sub(image, mean), tf.sqrt(tf.add(variance, BN_EPS))) as tf.Tensor4D;
    const c = conv2d(x, w, { stride: 2, pad: 3 });
    const r = tf.relu(bnTrain(c, tf.ones([channels]), tf.zeros([channels])));
    return maxPool2d(r, 3, 2, 1);
  });
}

/** A tensor's values as a plain NHWC array with its shape (await data(); the tensor stays the caller's). */
export async function readMaps(t: tf.Tensor4D): Promise<{ shape: [number, number, number, number]; data: Float32Array }> {
  return { shape: t.shape as [number, number, number, number], data: (await t.data()) as Float32Array };
}

/** One feature map read back: NHWC shape and values. */
export type Maps = Awaited<ReturnType<typeof readMaps>>;

/** Everything the residual-block lesson draws, as plain arrays. */
export interface BlockLessonResult {
  /** Stem output x and the identity block's intermediates: conv1, bn1, relu1, conv2, f, shortcut, sum, out. */
  identity: Record<'x' | keyof BlockTrace, Maps>;
  /** The same for a projection block (stride 2, channels doubled). */
  projection: Record<'x' | keyof BlockTrace, Maps>;
  /** Upstream gradient u and the three input gradients of the identity block. */
  grads: Record<'u' | keyof BlockGradients, Maps>;
  /** max |viaShortcut − u| (0 up to float rounding: the identity passes u through unchanged). */
  shortcutGradError: number;
}

/** The lesson's sizes: an 8-channel stem, an identity block 8 → 8 and a projection block 8 → 16 (stride 2). */
export const BLOCK_LESSON = Object.freeze({ stemChannels: 8, seed: 18 });

async function readAll<K extends string>(ts: Record<K, tf.Tensor4D>): Promise<Record<K, Maps>> {
  const out = {} as Record<K, Maps>;
  for (const k of Object.keys(ts) as K[]) out[k] = await readMaps(ts[k]);
  return out;
}

/**
 * Runs the whole lesson on one picture [H,W,3] (values 0..1): seeded stem, identity and projection blocks,
 * and the identity block's input gradients for a seeded upstream gradient u ~ N(0, 1). Plain arrays out; no
 * tensors escape (`image` stays the caller's).
 */
export async function computeBlockLesson(image: tf.Tensor3D, cfg = BLOCK_LESSON): Promise<BlockLessonResult> {
  const c = cfg.stemChannels;
  const x = tf.tidy(() => seededStem(tf.expandDims(image, 0) as tf.Tensor4D, c, cfg.seed));
  const id = makeBlock(c, c, 1, cfg.seed + 1);
  const pr = makeBlock(c, 2 * c, 2, cfg.seed + 2);
  const idTrace = traceBlock(x, id);
  const prTrace = traceBlock(x, pr);
  const u = tf.tidy(() => tf.tensor4d(normalArray(createRng(cfg.seed + 3), x.size, 1), x.shape));
  const g = blockGradients(x, id, u);
  const err = tf.tidy(() => tf.max(tf.abs(tf.sub(g.viaShortcut, u))));
  try {
    return {
      identity: { x: await readMaps(x), ...(await readAll(idTrace as unknown as Record<keyof BlockTrace, tf.Tensor4D>)) },
      projection: { x: await readMaps(x), ...(await readAll(prTrace as unknown as Record<keyof BlockTrace, tf.Tensor4D>)) },
      grads: { u: await readMaps(u), ...(await readAll(g as unknown as Record<keyof BlockGradients, tf.Tensor4D>)) },
      shortcutGradError: (await err.data())[0],
    };
  } finally {
    tf.dispose([x, u, err, ...Object.values(idTrace), ...Object.values(prTrace), ...Object.values(g)]);
    disposeBlock(id);
    disposeBlock(pr);
  }
}
