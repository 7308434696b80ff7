/**
 * Training-mode BatchNorm (optionally followed by ReLU) as ONE differentiable op with a hand-written backward.
 *
 * tfjs differentiates `moments` + `batchNorm` op by op: about 25 full-size passes per layer in the backward,
 * one of them a Tile that alone took a quarter of a width-1/8 training step on wasm. The closed form needs two:
 *   forward   μ = mean(x), σ² = mean(x²) − μ² (biased, float64 sums), x̂ = (x − μ)/√(σ² + ε), y = γ·x̂ + β
 *   backward  g = dy (· [y > 0] with ReLU), Σg and Σg·x̂ per channel,
 *             dx = γ/√(σ²+ε) · (g − Σg/n − x̂·Σg·x̂/n),  dγ = Σg·x̂,  dβ = Σg   (n = N·H·W values per channel)
 * On wasm both passes run on the heap (kernels registered by registerBatchNormKernels): WebAssembly SIMD loops
 * (simd/kernels.ts) when the channel count is a multiple of 4, else the JavaScript loops below; on other
 * backends the same formulas run as a handful of tfjs ops.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { allocF32, f32, heapMemory, offsetOf, simdFor, withScratch, type HeapBackend } from './wasmHeap';
import type { SimdKernels } from './simd/kernels';

const FORWARD = 'ResNetBatchNormTrain';
/** The quiet NaN with the sign bit clear (x86 arithmetic makes NaNs with it set). */
const POSITIVE_NAN = new Float32Array(new Uint32Array([0x7fc00000]).buffer)[0];
const BACKWARD = 'ResNetBatchNormTrainGrad';

/** Attributes of both kernels. */
interface BnAttrs { eps: number; relu: boolean }

/** y = γ·x̂ + β (ReLU'd when asked) with batch statistics; writes y, mean, biased variance. */
function forwardLoops(x: Float32Array, g: Float32Array, b: Float32Array, a: BnAttrs, y: Float32Array, mean: Float32Array, variance: Float32Array): void {
  const c = g.length, n = x.length / c;
  const s = new Float64Array(c), q = new Float64Array(c);
  for (let i = 0; i < x.length; i += c) {
    for (let k = 0; k < c; k++) {
      const v = x[i + k];
      s[k] += v;
      q[k] += v * v;
    }
  }
  const scale = new Float64Array(c), shift = new Float64Array(c);
  for (let k = 0; k < c; k++) {
    const m = s[k] / n;
    const v = Math.max(q[k] / n - m * m, 0);
    mean[k] = m;
    variance[k] = v;
    scale[k] = g[k] / Math.sqrt(v + a.eps);
    shift[k] = b[k] - m * scale[k];
    // A positive NaN, so that a NaN batch stays NaN through ReLUs (see writeF32 below).
    if (Number.isNaN(scale[k]) || Number.isNaN(shift[k])) scale[k] = shift[k] = POSITIVE_NAN;
  }
  for (let i = 0; i < x.length; i += c) {
    for (let k = 0; k < c; k++) {
      const v = x[i + k] * scale[k] + shift[k];
      y[i + k] = a.relu && v < 0 ? 0 : v;
    }
  }
}

/** dx, dγ, dβ from dy, the input x, its batch statistics and γ (and y, for the ReLU mask). */
function backwardLoops(dy: Float32Array, x: Float32Array, mean: Float32Array, variance: Float32Array, g: Float32Array,
  y: Float32Array | null, eps: number, dx: Float32Array, dg: Float32Array, db: Float32Array): void {
  const c = g.length, n = x.length / c;
  const sd = new Float64Array(c), sdx = new Float64Array(c);
  for (let i = 0; i < x.length; i += c) {
    for (let k = 0; k < c; k++) {
      const d = y !== null && !(y[i + k] > 0) ? 0 : dy[i + k];
      sd[k] += d;
      sdx[k] += d * x[i + k];
    }
  }
  // dx = k1·g + k2·x + k3 per channel, with Σg·x̂ = inv·(Σg·x − μ·Σg).
  const k1 = new Float64Array(c), k2 = new Float64Array(c), k3 = new Float64Array(c);
  for (let k = 0; k < c; k++) {
    const inv = 1 / Math.sqrt(variance[k] + eps);
    const sgx = inv * (sdx[k] - mean[k] * sd[k]);
    k1[k] = g[k] * inv;
    k2[k] = (-k1[k] * inv * sgx) / n;
    k3[k] = (-k1[k] * sd[k]) / n - k2[k] * mean[k];
    dg[k] = sgx;
    db[k] = sd[k];
  }
  for (let i = 0; i < x.length; i += c) {
    for (let k = 0; k < c; k++) {
      const d = y !== null && !(y[i + k] > 0) ? 0 : dy[i + k];
      dx[i + k] = k1[k] * d + k2[k] * x[i + k] + k3[k];
    }
  }
}

/**
 * Per-channel coefficients written to scratch as float32, read by the SIMD apply loops. A NaN is written as the
 * positive quiet NaN: arithmetic on x86 makes NaNs with the sign bit set, and tfjs-wasm's ReLU (an integer max on
 * the bits) turns those into 0 — a diverged batch would then look finite downstream of the first ReLU.
 */
function writeF32(buf: ArrayBufferLike, ptr: number, values: ArrayLike<number>): void {
  const out = new Float32Array(buf, ptr, values.length);
  for (let i = 0; i < values.length; i++) out[i] = Number.isNaN(values[i]) ? POSITIVE_NAN : values[i];
}


/** forwardLoops with the SIMD kernels: stats pass, coefficients in JS (c values), apply pass. */
function forwardSimd(be: HeapBackend, k: SimdKernels, t: Record<string, TensorInfo>, a: BnAttrs, out: TensorInfo[]): void {
  const [y, mean, variance] = out;
  const c = t.gamma.shape[0], bytes = t.x.shape.reduce((p, q) => p * q, 1) * 4, n = bytes / 4 / c;
  withScratch(be, 24 * c, (s) => {
    const xo = offsetOf(be, t.x);
    k.bnStats(xo, xo + bytes, 4 * c, s, s + 8 * c);
    const buf = heapMemory(be).buffer;
    const sums = new Float64Array(buf, s, 2 * c);
    const g = f32(be, t.gamma), b = f32(be, t.beta), m = f32(be, mean), v = f32(be, variance);
    const scale = new Float64Array(c), shift = new Float64Array(c);
    for (let i = 0; i < c; i++) {
      const mu = sums[i] / n, va = Math.max(sums[c + i] / n - mu * mu, 0);
      m[i] = mu;
      v[i] = va;
      scale[i] = g[i] / Math.sqrt(va + a.eps);
      shift[i] = b[i] - mu * scale[i];
    }
    writeF32(buf, s + 16 * c, scale);
    writeF32(buf, s + 20 * c, shift);
    k.bnApply(xo, xo + bytes, offsetOf(be, y), 4 * c, s + 16 * c, s + 20 * c, a.relu ? 0 : -Infinity);
  });
}

/** backwardLoops with the SIMD kernels: Σg and Σg·x pass, coefficients in JS, dx pass. */
function backwardSimd(be: HeapBackend, k: SimdKernels, t: Record<string, TensorInfo>, a: BnAttrs, out: TensorInfo[]): void {
  const [dx, dg, db] = out;
  const c = t.gamma.shape[0], bytes = t.x.shape.reduce((p, q) => p * q, 1) * 4, n = bytes / 4 / c;
  withScratch(be, 28 * c, (s) => {
    const dyo = offsetOf(be, t.dy), xo = offsetOf(be, t.x), yo = a.relu ? offsetOf(be, t.y) : xo, force = a.relu ? 0 : -1;
    k.bnGradStats(dyo, dyo + bytes, xo, yo, 4 * c, force, s, s + 8 * c);
    const buf = heapMemory(be).buffer;
    const sums = new Float64Array(buf, s, 2 * c);
    const g = f32(be, t.gamma), mean = f32(be, t.mean), variance = f32(be, t.variance), dgv = f32(be, dg), dbv = f32(be, db);
    const k1 = new Float64Array(c), k2 = new Float64Array(c), k3 = new Float64Array(c);
    for (let i = 0; i < c; i++) {
      const inv = 1 / Math.sqrt(variance[i] + a.eps);
      const sgx = inv * (sums[c + i] - mean[i] * sums[i]);
      k1[i] = g[i] * inv;
      k2[i] = (-k1[i] * inv * sgx) / n;
      k3[i] = (-k1[i] * sums[i]) / n - k2[i] * mean[i];
      dgv[i] = sgx;
      dbv[i] = sums[i];
    }
    writeF32(buf, s + 16 * c, k1);
    writeF32(buf, s + 20 * c, k2);
    writeF32(buf, s + 24 * c, k3);
    k.bnGradApply(dyo, dyo + bytes, xo, yo, 4 * c, force, s + 16 * c, s + 20 * c, s + 24 * c, offsetOf(be, dx));
  });
}

/** The SIMD kernels when they apply to c channels here (heap SIMD available, c a multiple of 4), else null. */
function simdForChannels(be: HeapBackend, c: number): SimdKernels | null {
  return c % 4 === 0 ? simdFor(be) : null;
}

type KernelArgs = Parameters<KernelFunc>[0];

const forwardKernel: KernelConfig = {
  kernelName: FORWARD,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }: KernelArgs) => {
    const be = backend as unknown as HeapBackend;
    const { x, gamma, beta } = inputs as Record<string, TensorInfo>;
    const c = gamma.shape[0];
    const out = allocF32(be, x.shape, [c], [c]);
    const simd = simdForChannels(be, c);
    if (simd) {
      forwardSimd(be, simd, inputs as Record<string, TensorInfo>, attrs as unknown as BnAttrs, out);
      return out;
    }
    const [y, mean, variance] = out;
    forwardLoops(f32(be, x), f32(be, gamma), f32(be, beta), attrs as unknown as BnAttrs,
      f32(be, y), f32(be, mean), f32(be, variance));
    return [y, mean, variance];
  },
};

const backwardKernel: KernelConfig = {
  kernelName: BACKWARD,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }: KernelArgs) => {
    const be = backend as unknown as HeapBackend;
    const { dy, x, mean, variance, gamma, y } = inputs as Record<string, TensorInfo>;
    const c = gamma.shape[0];
    const out = allocF32(be, x.shape, [c], [c]);
    const a = attrs as unknown as BnAttrs;
    const simd = simdForChannels(be, c);
    if (simd) {
      backwardSimd(be, simd, inputs as Record<string, TensorInfo>, a, out);
      return out;
    }
    const [dx, dg, db] = out;
    backwardLoops(f32(be, dy), f32(be, x), f32(be, mean), f32(be, variance), f32(be, gamma),
      a.relu ? f32(be, y) : null, a.eps, f32(be, dx), f32(be, dg), f32(be, db));
    return [dx, dg, db];
  },
};

/** Registers the two heap kernels on 'wasm' (idempotent). Without them the op runs as tfjs ops. */
export function registerBatchNormKernels(): void {
  for (const k of [forwardKernel, backwardKernel]) if (tf.getKernel(k.kernelName, 'wasm') == null) tf.registerKernel(k);
}

const hasKernel = (name: string) => tf.getKernel(name, tf.getBackend()) != null;

/** Forward as tfjs ops (any backend). */
function forwardOps(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, a: BnAttrs): tf.Tensor[] {
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  const { mean, variance } = tf.moments(x, axes);
  const y = tf.batchNorm(x, mean, variance, beta, gamma, a.eps);
  return [a.relu ? tf.relu(y) : y, mean, variance];
}

/** Backward as tfjs ops (any backend): the same closed form as backwardLoops. */
function backwardOps(dy: tf.Tensor, x: tf.Tensor, mean: tf.Tensor, variance: tf.Tensor, gamma: tf.Tensor, y: tf.Tensor | null, eps: number): tf.Tensor[] {
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  const n = x.size / gamma.size;
  const inv = tf.rsqrt(tf.add(variance, eps));
  const g = y ? tf.mul(dy, tf.step(y)) : dy;
  const xhat = tf.mul(tf.sub(x, mean), inv);
  const sd = tf.sum(g, axes);
  const sgx = tf.sum(tf.mul(g, xhat), axes);
  const centred = tf.sub(tf.sub(g, tf.div(sd, n)), tf.mul(xhat, tf.div(sgx, n)));
  return [tf.mul(centred, tf.mul(gamma, inv)), sgx, sd];
}

/** Output and batch statistics of {@link batchNormTrainFused}. */
export interface FusedBatchNormResult<T extends tf.Tensor> { y: T; mean: tf.Tensor1D; variance: tf.Tensor1D }

/**
 * Training-mode BatchNorm over every axis but the last (x [..., C]; γ, β [C]), then ReLU if `relu`.
 * Differentiable in x, γ and β through the closed-form backward above; the returned mean and biased variance
 * are plain (not differentiated). Caller disposes y, mean and variance.
 */
export function batchNormTrainFused<T extends tf.Tensor>(x: T, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps: number, relu = false): FusedBatchNormResult<T> {
  const attrs: BnAttrs = { eps, relu };
  let stats: tf.Tensor[] = [];
  const op = tf.customGrad(((xi: tf.Tensor, gi: tf.Tensor, bi: tf.Tensor, save: (t: tf.Tensor[]) => void) => {
    const fused = hasKernel(FORWARD);
    const [y, mean, variance] = fused
      ? tf.engine().runKernel(FORWARD, { x: xi, gamma: gi, beta: bi }, attrs as unknown as NamedAttrMap) as tf.Tensor[]
      : forwardOps(xi, gi, bi, attrs);
    stats = [tf.keep(mean), tf.keep(variance)];
    save(relu ? [xi, mean, variance, gi, y] : [xi, mean, variance, gi]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sx, sm, sv, sg, sy] = saved;
      if (!hasKernel(BACKWARD)) return backwardOps(dy, sx, sm, sv, sg, sy ?? null, eps);
      const inputs: Record<string, tf.Tensor> = { dy, x: sx, mean: sm, variance: sv, gamma: sg };
      if (sy) inputs.y = sy;
      return tf.engine().runKernel(BACKWARD, inputs, attrs as unknown as NamedAttrMap) as tf.Tensor[];
    };
    return { value: y, gradFunc };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  const y = op(x, gamma, beta) as T;
  return { y, mean: stats[0] as tf.Tensor1D, variance: stats[1] as tf.Tensor1D };
}
