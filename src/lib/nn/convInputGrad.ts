/**
 * dL/dx of a stride-s convolution as ONE stride-1 convolution of dy followed by a depth-to-space shuffle
 * ("polyphase" transposed convolution), instead of convolving a zero-dilated dy whose s² − 1 of every s²
 * values are zeros (4× the work at stride 2).
 *
 * Along one axis, with top padding p: x[i] fed y[o] through tap t when i + p = o·s + t. Write i = q·s + a
 * (phase a ∈ [0, s)) and a + p = u·s + r: the taps that reach x[q·s + a] are t = r + j·s (j ≥ 0, t < k), each
 * from y[q + u − j]. So every phase is a small correlation of dy around q with offsets d = u − j. One conv
 * with a kernel spanning all phases' offsets [dmin, dmax] and s²·cin output channels (phase-major, zeros
 * where a phase has no tap) computes every phase at once; depthToSpace(s) interleaves them:
 *   dx[n, q·s + ah, q'·s + aw, ci] = out[n, q, q', (ah·s + aw)·cin + ci].
 * At stride 1 this is the usual convolution with the 180°-rotated kernel (in/out channels swapped).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { allocF32, f32, type HeapBackend } from './wasmHeap';

const DEPTH_TO_SPACE = 'ResNetDepthToSpace';

/**
 * depthToSpace(s) NHWC as a heap copy: for each source row and row phase ah, the destination row is qw runs of
 * s·c contiguous values read at stride s²·c. (tfjs-wasm's own DepthToSpace took 40 % of the input gradient's time.)
 */
function depthToSpaceLoops(src: Float32Array, n: number, qh: number, qw: number, c: number, s: number, dst: Float32Array): void {
  const run = s * c, srcPixel = s * run;
  let o = 0;
  for (let b = 0; b < n; b++) {
    for (let q = 0; q < qh; q++) {
      const row = (b * qh + q) * qw * srcPixel;
      for (let ah = 0; ah < s; ah++) {
        for (let p = 0; p < qw; p++) {
          const from = row + p * srcPixel + ah * run;
          for (let k = 0; k < run; k++) dst[o++] = src[from + k];
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
    const s = (attrs as { blockSize: number }).blockSize;
    const [n, qh, qw, cc] = x.shape;
    const [out] = allocF32(be, [n, qh * s, qw * s, cc / (s * s)]);
    depthToSpaceLoops(f32(be, x), n, qh, qw, cc / (s * s), s, f32(be, out));
    return out;
  },
};

/** Registers the heap depth-to-space on 'wasm' (idempotent); elsewhere tf.depthToSpace is used. */
export function registerInputGradKernels(): void {
  if (tf.getKernel(DEPTH_TO_SPACE, 'wasm') == null) tf.registerKernel(depthToSpaceKernel);
}

function depthToSpace(x: tf.Tensor4D, s: number): tf.Tensor4D {
  if (tf.getKernel(DEPTH_TO_SPACE, tf.getBackend()) == null) return tf.depthToSpace(x, s, 'NHWC');
  return tf.engine().runKernel(DEPTH_TO_SPACE, { x }, { blockSize: s }) as tf.Tensor4D;
}

/** Conv geometry needed here (see convGeometry in wasmKernels.ts). */
export interface InputGradGeometry {
  n: number; h: number; w: number; cin: number; cout: number;
  kh: number; kw: number; sh: number; sw: number; oh: number; ow: number; top: number; left: number;
}

/** Per phase a ∈ [0, s): the taps reaching x[q·s + a], as (dy offset d relative to q, kernel index t). */
export function phaseTaps(k: number, s: number, pad: number): { d: number; t: number }[][] {
  return Array.from({ length: s }, (_, a) => {
    const u = Math.floor((a + pad) / s), r = (a + pad) % s;
    const taps: { d: number; t: number }[] = [];
    for (let t = r; t < k; t += s) taps.push({ d: u - (t - r) / s, t });
    return taps;
  });
}

/** The span of dy offsets [lo, hi] over all phases (lo ≤ hi even when no phase has a tap). */
function span(phases: { d: number }[][]): { lo: number; hi: number } {
  const ds = phases.flat().map((p) => p.d);
  return ds.length ? { lo: Math.min(...ds), hi: Math.max(...ds) } : { lo: 0, hi: 0 };
}

/**
 * The combined kernel [Kh, Kw, cout, s²·cin] from W [kh, kw, cin, cout] (HWIO): zero except
 * Wc[dh − loH, dw − loW, co, (ah·s + aw)·cin + ci] = W[th, tw, ci, co] for every pair of phase taps.
 */
function combinedKernel(w: ArrayLike<number>, g: InputGradGeometry, ph: { d: number; t: number }[][], pw: { d: number; t: number }[][]) {
  const sh = span(ph), sw = span(pw);
  const kh = sh.hi - sh.lo + 1, kw = sw.hi - sw.lo + 1, s = g.sh, outC = s * s * g.cin;
  const wc = new Float32Array(kh * kw * g.cout * outC);
  for (let ah = 0; ah < s; ah++) {
    for (let aw = 0; aw < s; aw++) {
      for (const tapH of ph[ah]) {
        for (const tapW of pw[aw]) {
          const src = (tapH.t * g.kw + tapW.t) * g.cin * g.cout;
          const dst = ((tapH.d - sh.lo) * kw + (tapW.d - sw.lo)) * g.cout * outC + (ah * s + aw) * g.cin;
          for (let ci = 0; ci < g.cin; ci++) {
            for (let co = 0; co < g.cout; co++) wc[dst + co * outC + ci] = w[src + ci * g.cout + co];
          }
        }
      }
    }
  }
  return { wc, kh, kw, outC, spanH: sh, spanW: sw };
}

/**
 * dx [n,h,w,cin] from dy [n,oh,ow,cout] and the filter [kh,kw,cin,cout], for equal strides (sh = sw).
 * Reads the filter's values synchronously (it is small); returns a new tensor, caller disposes.
 */
export function polyphaseInputGrad(dy: tf.Tensor4D, filter: tf.Tensor4D, g: InputGradGeometry): tf.Tensor4D {
  if (g.sh !== g.sw) throw new Error('polyphaseInputGrad needs equal strides');
  const s = g.sh;
  const ph = phaseTaps(g.kh, s, g.top), pw = phaseTaps(g.kw, s, g.left);
  const c = combinedKernel(filter.dataSync(), g, ph, pw);
  const qh = Math.ceil(g.h / s), qw = Math.ceil(g.w / s);
  return tf.tidy(() => {
    // Output row q reads dy rows q + lo … q + hi: pad (or crop, if an end pad would be negative) to match.
    const top = -c.spanH.lo, left = -c.spanW.lo;
    const bottom = qh - 1 + c.spanH.hi - (g.oh - 1), right = qw - 1 + c.spanW.hi - (g.ow - 1);
    let d: tf.Tensor4D = dy;
    if (top < 0 || left < 0) d = d.slice([0, Math.max(0, -top), Math.max(0, -left), 0]);
    const pad: [[number, number], [number, number], [number, number], [number, number]] =
      [[0, 0], [Math.max(0, top), Math.max(0, bottom)], [Math.max(0, left), Math.max(0, right)], [0, 0]];
    const kernel = tf.tensor4d(c.wc, [c.kh, c.kw, g.cout, c.outC]);
    let out = tf.conv2d(d, kernel, 1, pad);                           // [n, ≥qh, ≥qw, s²·cin]
    if (out.shape[1] !== qh || out.shape[2] !== qw) out = out.slice([0, 0, 0, 0], [g.n, qh, qw, c.outC]);
    if (s > 1) out = depthToSpace(out, s);                             // [n, qh·s, qw·s, cin]
    return out.shape[1] === g.h && out.shape[2] === g.w ? out : out.slice([0, 0, 0, 0], [g.n, g.h, g.w, g.cin]);
  });
}
