/**
 * Fused BatchNorm loops in WebAssembly SIMD, assembled at start-up (asm.ts) and run directly on tfjs-wasm's
 * heap: 4 channels per instruction, per-channel sums in float64. The JavaScript loops in batchNormTrain.ts
 * compute the same things about 8× slower; they remain the fallback (no SIMD, or channels not a multiple of 4).
 *
 * Every pointer is a byte offset into the heap; arrays are [rows, c] float32 row-major with c % 4 = 0, walked
 * from `p` to `end` while a channel offset `co` cycles through 0, 16, …, 4c − 16. Sums are float64 [c].
 */
import { assemble, Fn, I32, F32, V128 } from './asm';
import { dwPlanes, regroupRows } from './layout';

/** while (p < end) { body; } */
function loopTo(f: Fn, p: number, end: number, body: () => void): void {
  f.block().loop().get(p).get(end).geU().brIf(1);
  body();
  f.br(0).end().end();
}

/** Pointers += 16 bytes; co = (co + 16) mod cbytes. */
function advance(f: Fn, ptrs: number[], co: number, cbytes: number): void {
  for (const p of ptrs) f.get(p).i32(16).add().set(p);
  f.get(co).i32(16).add().set(co);
  f.i32(0).get(co).get(co).get(cbytes).eq().select().set(co);
}

/** float64 sums[c..c+3] += the f32x4 in local `v` (lanes promoted in two halves); `a`, `lo`, `hi` scratch. */
function accumulate(f: Fn, sums: number, co: number, v: number, a: number, lo: number, hi: number): void {
  f.get(v).promoteLow().set(lo).get(v).get(v).highHalf().promoteLow().set(hi);
  f.get(sums).get(co).i32(1).shl().add().set(a);
  f.get(a).get(a).load(0).get(lo).f64x2Add().store(0);
  f.get(a).get(a).load(16).get(hi).f64x2Add().store(16);
}

/** bnStats(x, end, cbytes, sum, sq): sum[k] += Σ x, sq[k] += Σ x² per channel. */
function bnStats(): Fn {
  const [x, end, cbytes, sum, sq, co, a, v, lo, hi, v2] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const f = new Fn('bnStats', [I32, I32, I32, I32, I32], [I32, I32, V128, V128, V128, V128]);
  loopTo(f, x, end, () => {
    f.get(x).load().tee(v).get(v).f32x4Mul().set(v2);
    accumulate(f, sum, co, v, a, lo, hi);
    accumulate(f, sq, co, v2, a, lo, hi);
    advance(f, [x], co, cbytes);
  });
  return f;
}

/**
 * bnApply(x, end, y, cbytes, scale, shift, floor): y = x·scale[k] + shift[k], raised to `floor` (0 = ReLU, −∞ =
 * none) with pmax, which passes a NaN through unchanged: a sign-flipped NaN would be zeroed by XNNPACK's ReLU
 * downstream and hide a diverged step from the NaN guard.
 */
function bnApply(): Fn {
  const [x, end, y, cbytes, scale, shift, floor, co, fv] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const f = new Fn('bnApply', [I32, I32, I32, I32, I32, I32, F32], [I32, V128]);
  f.get(floor).f32x4Splat().set(fv);
  loopTo(f, x, end, () => {
    f.get(y).get(x).load().get(scale).get(co).add().load().f32x4Mul()
      .get(shift).get(co).add().load().f32x4Add().get(fv).f32x4Pmax().store();
    advance(f, [x, y], co, cbytes);
  });
  return f;
}

/** g = dy where (y > 0 or force), else 0 — the ReLU mask; force = −1 (all bits) when there is no ReLU. */
function maskedGrad(f: Fn, dy: number, y: number, forceV: number, zero: number, g: number): void {
  f.get(dy).load().get(y).load().get(zero).f32x4Gt().get(forceV).or().and().set(g);
}

/** bnGradStats(dy, end, x, y, cbytes, force, sd, sdx): sd[k] += Σ g, sdx[k] += Σ g·x. */
function bnGradStats(): Fn {
  const [dy, end, x, y, cbytes, force, sd, sdx, co, a, fv, zero, g, lo, hi, gx] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
  const f = new Fn('bnGradStats', [I32, I32, I32, I32, I32, I32, I32, I32], [I32, I32, V128, V128, V128, V128, V128, V128]);
  f.get(force).i32x4Splat().set(fv).i32(0).i32x4Splat().set(zero);
  loopTo(f, dy, end, () => {
    maskedGrad(f, dy, y, fv, zero, g);
    f.get(g).get(x).load().f32x4Mul().set(gx);
    accumulate(f, sd, co, g, a, lo, hi);
    accumulate(f, sdx, co, gx, a, lo, hi);
    advance(f, [dy, x, y], co, cbytes);
  });
  return f;
}

/** bnGradApply(dy, end, x, y, cbytes, force, k1, k2, k3, dx): dx = k1[k]·g + k2[k]·x + k3[k]. */
function bnGradApply(): Fn {
  const [dy, end, x, y, cbytes, force, k1, k2, k3, dx, co, fv, zero, g] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
  const f = new Fn('bnGradApply', [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32], [I32, V128, V128, V128]);
  f.get(force).i32x4Splat().set(fv).i32(0).i32x4Splat().set(zero);
  loopTo(f, dy, end, () => {
    maskedGrad(f, dy, y, fv, zero, g);
    f.get(dx).get(k1).get(co).add().load().get(g).f32x4Mul()
      .get(k2).get(co).add().load().get(x).load().f32x4Mul().f32x4Add()
      .get(k3).get(co).add().load().f32x4Add().store();
    advance(f, [dy, x, y, dx], co, cbytes);
  });
  return f;
}

/** The exported functions (pointers are heap byte offsets; see each builder above). */
export interface SimdKernels {
  bnStats(x: number, end: number, cbytes: number, sum: number, sq: number): void;
  bnApply(x: number, end: number, y: number, cbytes: number, scale: number, shift: number, floor: number): void;
  bnGradStats(dy: number, end: number, x: number, y: number, cbytes: number, force: number, sd: number, sdx: number): void;
  bnGradApply(dy: number, end: number, x: number, y: number, cbytes: number, force: number, k1: number, k2: number, k3: number, dx: number): void;
  dwPlanes(x: number, out: number, n: number, h: number, w: number, c: number, hp: number, wp: number, pt: number, pl: number): void;
  regroupRows(src: number, out: number, n: number, p: number, rowBytes: number): void;
}

let cache: { memory: WebAssembly.Memory; kernels: SimdKernels | null } | null = null;

/** The kernels bound to `memory` (tfjs-wasm's heap), or null where WebAssembly SIMD is not available. */
export function simdKernels(memory: WebAssembly.Memory): SimdKernels | null {
  if (cache?.memory === memory) return cache.kernels;
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const bytes = assemble([bnStats(), bnApply(), bnGradStats(), bnGradApply(), dwPlanes(), regroupRows()], shared);
  let kernels: SimdKernels | null = null;
  if (WebAssembly.validate(bytes)) {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    kernels = instance.exports as unknown as SimdKernels;
  }
  cache = { memory, kernels };
  return kernels;
}
