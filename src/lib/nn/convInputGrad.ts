/**
 * dL/dx of a stride-s convolution as ONE stride-1 convolution of dy followed by a depth-to-space shuffle
 * ("polyphase" transposed convolution), instead of convolving a zero-dilated dy whose s² − 1 of every s²
 * values are zeros (4× the work at stride 2).
 *
 * Along one axis, with top padding p: x[i] fed y[o] through tap t when i + p = o·s + t. Write i = q·s + a
 * (phase a ∈ [0, s)) and a + p = u·s + r: the taps that reach x[q·s + a] are t = r + j·s (j ≥ 0, t < k), each
 * from y[q + u − j]. So every phase is a small correlation of dy around q with offsets d = u − j. One conv
 * with a kernel spanning all phases' offsets [dmin, dmax] and cin output channels per phase that has a tap
 * (phase-major, zeros where a phase lacks one of the span's taps) computes every phase at once; the shuffle
 * interleaves them and writes zeros for phases no tap reaches (a 1×1 stride-2 conv only feeds phase (0, 0)):
 *   dx[n, q·s + ah, q'·s + aw, ci] = out[n, q, q', block(ah·s + aw)·cin + ci].
 * At stride 1 this is the usual convolution with the 180°-rotated kernel (in/out channels swapped).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { allocF32, f32, type HeapBackend } from './wasmHeap';

const DEPTH_TO_SPACE = 'ResNetDepthToSpace';

/**
 * Phase shuffle as a heap copy: dst [n, qh·s, qw·s, c] from src [n, qh, qw, blocks·c], where phase ph = ah·s + aw
 * reads channel block blockOf[ph] (−1: zeros). (tfjs-wasm's own DepthToSpace took 40 % of the input gradient's time.)
 */
function depthToSpaceLoops(src: Float32Array, n: number, qh: number, qw: number, c: number, s: number, blockOf: number[], dst: Float32Array): void {
  const srcPixel = (src.length / (n * qh * qw)) | 0;
  let o = 0;
  for (let b = 0; b < n; b++) {
    for (let q = 0; q < qh; q++) {
      const row = (b * qh + q) * qw * srcPixel;
      for (let ah = 0; ah < s; ah++) {
        for (let p = 0; p < qw; p++) {
          for (let aw = 0; aw < s; aw++) {
            const block = blockOf[ah * s + aw];
            if (block < 0) {
              dst.fill(0, o, o + c);
              o += c;
              continue;
            }
            const from = row + p * srcPixel + block * c;
            for (let k = 0; k < c; k++) dst[o++] = src[from + k];
          }
        }
      }
    }
  }
}

const depthToSpaceKernel: KernelConfig = {
  kernelName: DEPTH_TO_SPACE,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }: Parameters<KernelFunc>[0]) => {
    const be = backend as unknown as HeapBackend;
    const x = inputs.x as TensorInfo;
    const { blockSize: s, blockOf, channels } = attrs as unknown as { blockSize: number; blockOf: number[]; channels: number };
    const [n, qh, qw] = x.shape;
    const [out] = allocF32(be, [n, qh * s, qw * s, channels]);
    depthToSpaceLoops(f32(be, x), n, qh, qw, channels, s, blockOf, f32(be, out));
    return out;
  },
};

/** Registers the heap phase shuffle on 'wasm' (idempotent); elsewhere tfjs ops do it. */
export function registerInputGradKernels(): void {
  if (tf.getKernel(DEPTH_TO_SPACE, 'wasm') == null) tf.registerKernel(depthToSpaceKernel);
}

/** The phase shuffle above; tfjs ops (zero blocks concatenated in, then depthToSpace) off the wasm heap. */
function depthToSpace(x: tf.Tensor4D, s: number, blockOf: number[], channels: number): tf.Tensor4D {
  if (tf.getKernel(DEPTH_TO_SPACE, tf.getBackend()) != null) {
    return tf.engine().runKernel(DEPTH_TO_SPACE, { x }, { blockSize: s, blockOf, channels }) as tf.Tensor4D;
  }
  return tf.tidy(() => {
    const [n, qh, qw] = x.shape;
    const zeros = tf.zeros([n, qh, qw, channels]);
    const blocks = blockOf.map((b) => (b < 0 ? zeros : x.slice([0, 0, 0, b * channels], [n, qh, qw, channels])));
    return tf.depthToSpace(tf.concat(blocks, 3) as tf.Tensor4D, s, 'NHWC');
  });
}

/** Conv geometry needed here (see convGeometry in wasmKernels.ts). */
export interface InputGradGeometry {
  n: number; h: number; w: number; cin: number; cout: number;
  kh: number; kw: number; sh: number; sw: number; oh: number; ow: number; top: number; left: number;
}

type Tap = { d: number; t: number };

/** Per phase a ∈ [0, s): the taps reaching x[q·s + a], as (dy offset d relative to q, kernel index t). */
export function phaseTaps(k: number, s: number, pad: number): Tap[][] {
  return Array.from({ length: s }, (_, a) => {
    const u = Math.floor((a + pad) / s), r = (a + pad) % s;
    const taps: Tap[] = [];
    for (let t = r; t < k; t += s) taps.push({ d: u - (t - r) / s, t });
    return taps;
  });
}

/** The span of dy offsets [lo, hi] over all phases (lo ≤ hi even when no phase has a tap). */
function span(phases: Tap[][]): { lo: number; hi: number } {
  const ds = phases.flat().map((p) => p.d);
  return ds.length ? { lo: Math.min(...ds), hi: Math.max(...ds) } : { lo: 0, hi: 0 };
}

/** The phases ah·s + aw that some tap reaches, in order, and each phase's channel block (−1: none). */
function activePhases(ph: Tap[][], pw: Tap[][], s: number): { blockOf: number[]; active: number } {
  const blockOf = new Array<number>(s * s).fill(-1);
  let active = 0;
  for (let ah = 0; ah < s; ah++) for (let aw = 0; aw < s; aw++) if (ph[ah].length && pw[aw].length) blockOf[ah * s + aw] = active++;
  return { blockOf, active };
}

/**
 * The combined kernel [Kh, Kw, cout, blocks·cin] from W [kh, kw, cin, cout] (HWIO): zero except
 * Wc[dh − loH, dw − loW, co, block(ah·s + aw)·cin + ci] = W[th, tw, ci, co] for every pair of phase taps.
 */
function combinedKernel(w: ArrayLike<number>, g: InputGradGeometry, ph: Tap[][], pw: Tap[][], blockOf: number[], outC: number): Float32Array {
  const sh = span(ph), sw = span(pw), kw = sw.hi - sw.lo + 1, s = g.sh;
  const wc = new Float32Array((sh.hi - sh.lo + 1) * kw * g.cout * outC);
  for (let ah = 0; ah < s; ah++) {
    for (let aw = 0; aw < s; aw++) {
      for (const tapH of ph[ah]) {
        for (const tapW of pw[aw]) {
          const src = (tapH.t * g.kw + tapW.t) * g.cin * g.cout;
          const dst = ((tapH.d - sh.lo) * kw + (tapW.d - sw.lo)) * g.cout * outC + blockOf[ah * s + aw] * g.cin;
          for (let ci = 0; ci < g.cin; ci++) {
            for (let co = 0; co < g.cout; co++) wc[dst + co * outC + ci] = w[src + ci * g.cout + co];
          }
        }
      }
    }
  }
  return wc;
}

/**
 * The kernel of the one convolution, [Kh, Kw, cout, blocks·cin]. Stride 1: W with both spatial axes reversed
 * (one gather of whole [cin, cout] slabs) and in/out swapped (one transpose), as tfjs ops. Caller disposes.
 */
function kernelOf(filter: tf.Tensor4D, g: InputGradGeometry, ph: Tap[][], pw: Tap[][], blockOf: number[], outC: number): tf.Tensor4D {
  const sh = span(ph), sw = span(pw), kh = sh.hi - sh.lo + 1, kw = sw.hi - sw.lo + 1;
  if (g.sh === 1) {
    return tf.tidy(() => {
      const taps = tf.reshape(filter, [g.kh * g.kw, g.cin, g.cout]);
      const reversed = tf.gather(taps, tf.tensor1d(Array.from({ length: g.kh * g.kw }, (_, i) => g.kh * g.kw - 1 - i), 'int32'));
      return tf.reshape(tf.transpose(reversed, [0, 2, 1]), [kh, kw, g.cout, outC]) as tf.Tensor4D;
    });
  }
  return tf.tensor4d(combinedKernel(filter.dataSync(), g, ph, pw, blockOf, outC), [kh, kw, g.cout, outC]);
}

/**
 * dx [n,h,w,cin] from dy [n,oh,ow,cout] and the filter [kh,kw,cin,cout], for equal strides (sh = sw).
 * Returns a new tensor, caller disposes.
 */
export function polyphaseInputGrad(dy: tf.Tensor4D, filter: tf.Tensor4D, g: InputGradGeometry): tf.Tensor4D {
  if (g.sh !== g.sw) throw new Error('polyphaseInputGrad needs equal strides');
  const s = g.sh;
  const ph = phaseTaps(g.kh, s, g.top), pw = phaseTaps(g.kw, s, g.left);
  const sh = span(ph), sw = span(pw);
  const { blockOf, active } = activePhases(ph, pw, s);
  const outC = Math.max(1, active) * g.cin;
  const qh = Math.ceil(g.h / s), qw = Math.ceil(g.w / s);
  return tf.tidy(() => {
    // Output row q reads dy rows q + lo … q + hi: pad (or crop, if an end pad would be negative) to match.
    const top = -sh.lo, left = -sw.lo;
    const bottom = qh - 1 + sh.hi - (g.oh - 1), right = qw - 1 + sw.hi - (g.ow - 1);
    let d: tf.Tensor4D = dy;
    if (top < 0 || left < 0) d = d.slice([0, Math.max(0, -top), Math.max(0, -left), 0]);
    const pad: [[number, number], [number, number], [number, number], [number, number]] =
      [[0, 0], [Math.max(0, top), Math.max(0, bottom)], [Math.max(0, left), Math.max(0, right)], [0, 0]];
    let out = tf.conv2d(d, kernelOf(filter, g, ph, pw, blockOf, outC), 1, pad);   // [n, ≥qh, ≥qw, blocks·cin]
    if (out.shape[1] !== qh || out.shape[2] !== qw) out = out.slice([0, 0, 0, 0], [g.n, qh, qw, outC]);
    if (s > 1) out = depthToSpace(out, s, blockOf, g.cin);                          // [n, qh·s, qw·s, cin]
    return out.shape[1] === g.h && out.shape[2] === g.w ? out : out.slice([0, 0, 0, 0], [g.n, g.h, g.w, g.cin]);
  });
}
