/**
 * Weight quantization on plain arrays (no tensors): symmetric INT8 per tensor or per output channel, exactly as
 * ONNX QuantizeLinear rounds and saturates, its inverse (DequantizeLinear), the error it makes, and IEEE half
 * precision (fp16) rounding. The model-level helpers (sizes, a quantized copy of a ResNet-18) are in quantizeModel.ts.
 */
import { f16BitsToNumber } from './io/safetensors';

/** Per tensor: one scale for the whole weight. Per channel: one scale per output channel. */
export type QuantScheme = 'per-tensor' | 'per-channel';

/**
 * Integer range of symmetric INT8 weights: [−127, 127], not the full int8 [−128, 127]. With zero point 0 and
 * scale = max|w|/127 the grid is symmetric (±max both exact), so −128 would never be produced by rounding; ONNX
 * Runtime's quantizer (symmetric weights) and TensorRT use the same restricted range, which also keeps two
 * int8·int8 products summed in int16 (x86 VPMADDUBSW) from saturating.
 */
export const INT8_WEIGHT_MIN = -127;
/** Upper end of the symmetric weight range, see {@link INT8_WEIGHT_MIN}. */
export const INT8_WEIGHT_MAX = 127;

/** Round half to even (banker's rounding), the rounding ONNX QuantizeLinear prescribes: 2.5 → 2, 3.5 → 4, −2.5 → −2. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x); // rounds halves towards +∞
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * ONNX QuantizeLinear of one value: saturate(roundHalfEven(x / scale) + zeroPoint) into [qmin, qmax].
 * x / scale is taken in float32 as ONNX Runtime does (a float64 quotient of two float32 values rounded once to
 * float32 is the correctly rounded float32 quotient). NaN saturates to 0 — our weights never hold NaN.
 */
export function quantizeValue(x: number, scale: number, zeroPoint = 0, qmin = -128, qmax = 127): number {
  const q = roundHalfEven(Math.fround(x / scale)) + zeroPoint;
  if (Number.isNaN(q)) return 0;
  return q < qmin ? qmin : q > qmax ? qmax : q;
}

/** Symmetric scale for a largest magnitude: max|w| / 127 in float32; 1 for an all-zero tensor (any scale works). */
export function symmetricScale(maxAbs: number): number {
  return maxAbs > 0 ? Math.fround(maxAbs / INT8_WEIGHT_MAX) : 1;
}

/** A quantized weight: int8 values in the original layout, and one scale per tensor or per channel. */
export interface QuantizedTensor {
  /** Quantized values, same layout and length as the float weight. */
  q: Int8Array;
  /** [1] per tensor, or [shape[axis]] per channel (float32). */
  scales: Float32Array;
  /** Channel axis of a per-channel tensor; null per tensor. */
  axis: number | null;
  shape: number[];
}

/** Channel of flat index i along `axis` of a row-major `shape`: ⌊i / stride⌋ mod shape[axis]. */
function channelIndexer(shape: number[], axis: number): (i: number) => number {
  const stride = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const n = shape[axis];
  return (i) => Math.floor(i / stride) % n;
}

/**
 * Symmetric INT8 quantization of a float weight (row-major `shape`). Per channel uses `axis` (our conv kernels
 * are HWIO and fc weights [in,out], so the output channel is the last axis, the default). Zero point is 0.
 */
export function quantizeSymmetric(w: Float32Array, shape: number[], scheme: QuantScheme, axis = shape.length - 1): QuantizedTensor {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== w.length) throw new Error(`quantizeSymmetric: shape [${shape.join(',')}] needs ${count} values, got ${w.length}.`);
  if (scheme === 'per-channel' && (axis < 0 || axis >= shape.length)) throw new Error(`quantizeSymmetric: axis ${axis} is outside a rank-${shape.length} shape.`);
  const perChannel = scheme === 'per-channel';
  const channelOf = perChannel ? channelIndexer(shape, axis) : () => 0;
  const maxAbs = new Float64Array(perChannel ? shape[axis] : 1);
  for (let i = 0; i < w.length; i++) {
    const c = channelOf(i);
    maxAbs[c] = Math.max(maxAbs[c], Math.abs(w[i]));
  }
  const scales = Float32Array.from(maxAbs, symmetricScale);
  const q = new Int8Array(w.length);
  for (let i = 0; i < w.length; i++) q[i] = quantizeValue(w[i], scales[channelOf(i)], 0, INT8_WEIGHT_MIN, INT8_WEIGHT_MAX);
  return { q, scales, axis: perChannel ? axis : null, shape: [...shape] };
}

/** ONNX DequantizeLinear: q·scale (zero point 0), as float32, same layout as the quantized tensor. */
export function dequantize(t: QuantizedTensor): Float32Array {
  const channelOf = t.axis === null ? () => 0 : channelIndexer(t.shape, t.axis);
  const out = new Float32Array(t.q.length);
  for (let i = 0; i < out.length; i++) out[i] = t.q[i] * t.scales[channelOf(i)];
  return out;
}

/** How far a reconstruction is from the original. */
export interface QuantError {
  /** max |w − ŵ|. */
  maxAbs: number;
  /** √(mean (w − ŵ)²). */
  rms: number;
  /** Signal-to-quantization-noise ratio 10·log10(Σw² / Σ(w − ŵ)²) in dB; Infinity when exact. */
  sqnrDb: number;
}

/** Error of a reconstruction `approx` of `exact` (same length), summed in float64. */
export function quantError(exact: Float32Array, approx: Float32Array): QuantError {
  if (exact.length !== approx.length) throw new Error(`quantError: lengths differ (${exact.length} vs ${approx.length}).`);
  let maxAbs = 0;
  let noise = 0;
  let signal = 0;
  for (let i = 0; i < exact.length; i++) {
    const d = exact[i] - approx[i];
    maxAbs = Math.max(maxAbs, Math.abs(d));
    noise += d * d;
    signal += exact[i] * exact[i];
  }
  const rms = exact.length ? Math.sqrt(noise / exact.length) : 0;
  return { maxAbs, rms, sqnrDb: noise === 0 ? Infinity : 10 * Math.log10(signal / noise) };
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/**
 * IEEE 754 binary16 bits of a number, rounded to nearest, ties to even (the conversion torch .half() and
 * numpy astype(float16) make): overflow → ±Infinity, tiny values → subnormals or ±0, NaN stays NaN.
 */
export function float16Bits(x: number): number {
  // Weights are float32, so this view is exact; a float64 argument is rounded to float32 first (two roundings).
  f32[0] = x;
  const bits = u32[0];
  const sign = (bits >>> 16) & 0x8000;
  const exp = (bits >>> 23) & 0xff;
  let mant = bits & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign; // below half the smallest subnormal: ±0
    mant |= 0x800000; // implicit 1
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    const rest = mant & ((1 << shift) - 1);
    let m = mant >>> shift;
    if (rest > half || (rest === half && m & 1)) m++;
    return sign | m; // a carry into the exponent field gives the smallest normal, which is right
  }
  const rest = mant & 0x1fff;
  let h = sign | (e << 10) | (mant >>> 13);
  if (rest > 0x1000 || (rest === 0x1000 && h & 1)) h++; // a carry may roll into the exponent (or to Infinity): correct
  return h;
}

/** Each value rounded to fp16 and widened back to float32 (what storing weights in half precision keeps). */
export function roundToFloat16(w: Float32Array): Float32Array {
  const out = new Float32Array(w.length);
  for (let i = 0; i < w.length; i++) out[i] = f16BitsToNumber(float16Bits(w[i]));
  return out;
}
