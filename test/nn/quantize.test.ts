/**
 * INT8 and fp16 against independent references: ONNX QuantizeLinear's own examples, naive float64 loops that
 * index HWIO by hand, and an exhaustive nearest-half search for fp16.
 */
import { describe, it, expect } from 'vitest';
import {
  roundHalfEven, quantizeValue, quantizeSymmetric, dequantize, quantError, float16Bits, roundToFloat16,
} from '../../src/lib/nn/quantize';
import { f16BitsToNumber } from '../../src/lib/nn/io/safetensors';
import { createRng, normalArray } from '../../src/lib/nn/random';

/** Round half to even written differently: distance to floor, ties by parity of floor. */
function naiveRound(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

/** Naive float64 per-channel (or per-tensor) symmetric int8 over an HWIO kernel [k,k,ci,co], indices spelled out. */
function naiveQuantHwio(w: Float32Array, [kh, kw, ci, co]: number[], perChannel: boolean) {
  const idx = (y: number, x: number, i: number, o: number) => ((y * kw + x) * ci + i) * co + o;
  const maxAbs = new Array<number>(co).fill(0);
  for (let o = 0; o < co; o++) for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) for (let i = 0; i < ci; i++) {
    maxAbs[o] = Math.max(maxAbs[o], Math.abs(w[idx(y, x, i, o)]));
  }
  const all = Math.max(...maxAbs);
  const scale = maxAbs.map((m) => Math.fround((perChannel ? m : all) / 127));
  const q = new Int8Array(w.length);
  const back = new Float64Array(w.length);
  for (let o = 0; o < co; o++) for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) for (let i = 0; i < ci; i++) {
    const j = idx(y, x, i, o);
    q[j] = Math.min(127, Math.max(-127, naiveRound(Math.fround(w[j] / scale[o]))));
    back[j] = q[j] * scale[o];
  }
  return { q, scale, back };
}

describe('ONNX QuantizeLinear rounding and saturation', () => {
  it('rounds halves to even', () => {
    const xs = [0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5, -3.5, 2.4999, 2.5001, -2.5001, 7, -7];
    expect(xs.map(roundHalfEven)).toEqual([0, 2, 2, 4, -0, -2, -2, -4, 2, 3, -3, 7, -7]);
    for (const x of xs) expect(roundHalfEven(x) + 0).toBe(naiveRound(x) + 0); // + 0 folds −0 into 0
  });

  it('reproduces the ONNX operator spec examples (uint8 and int8)', () => {
    // onnx/docs/Operators.md, QuantizeLinear "quantizelinear": scale 2, zero point 128, uint8
    expect([0, 2, 3, 1000, -254, -1000].map((x) => quantizeValue(x, 2, 128, 0, 255))).toEqual([128, 129, 130, 255, 1, 0]);
    // the same inputs into int8, zero point 0: saturation at the int8 ends −128 and 127
    expect([0, 2, 3, 1000, -254, -1000].map((x) => quantizeValue(x, 2, 0))).toEqual([0, 1, 2, 127, -127, -128]);
  });
});

describe('symmetric INT8 of a conv kernel', () => {
  const shape = [3, 3, 5, 7];
  const w = normalArray(createRng(7), 3 * 3 * 5 * 7, 0.2);
  w[11] = 0.9; // one outlier: per tensor coarsens every channel, per channel only channel 11 % 7

  for (const perChannel of [false, true]) {
    it(`${perChannel ? 'per channel' : 'per tensor'} equals a naive float64 loop, value for value`, () => {
      const got = quantizeSymmetric(w, shape, perChannel ? 'per-channel' : 'per-tensor');
      const want = naiveQuantHwio(w, shape, perChannel);
      expect(Array.from(got.q)).toEqual(Array.from(want.q));
      expect(Array.from(got.scales)).toEqual(perChannel ? want.scale : [want.scale[0]]);
      const back = dequantize(got);
      for (let i = 0; i < w.length; i++) expect(back[i]).toBeCloseTo(want.back[i], 7);
      // every value within half a step of its own channel's grid
      const err = quantError(w, back);
      expect(err.maxAbs).toBeLessThanOrEqual(Math.max(...want.scale) / 2 + 1e-7);
    });
  }

  it('per channel is never worse than per tensor, and clearly better with an outlier', () => {
    const t = quantError(w, dequantize(quantizeSymmetric(w, shape, 'per-tensor')));
    const c = quantError(w, dequantize(quantizeSymmetric(w, shape, 'per-channel')));
    expect(c.rms).toBeLessThan(t.rms);
    expect(c.sqnrDb).toBeGreaterThan(t.sqnrDb + 1);
  });

  it('quantError sums in float64: rms and SQNR of a known pair', () => {
    const e = quantError(new Float32Array([1, 2, 2, 0]), new Float32Array([1, 1, 3, 0]));
    expect(e.maxAbs).toBe(1);
    expect(e.rms).toBeCloseTo(Math.sqrt(2 / 4), 12);
    expect(e.sqnrDb).toBeCloseTo(10 * Math.log10(9 / 2), 12);
  });

  it('an all-zero tensor quantizes to zeros, and a wrong shape is refused', () => {
    const z = quantizeSymmetric(new Float32Array(6), [2, 3], 'per-channel');
    expect(Array.from(dequantize(z))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(() => quantizeSymmetric(new Float32Array(5), [2, 3], 'per-tensor')).toThrow(/needs 6 values/);
  });
});

describe('fp16 rounding', () => {
  /** Every finite non-negative half, ascending (bits 0..0x7bff are monotone in value). */
  const halves = Array.from({ length: 0x7c00 }, (_, b) => f16BitsToNumber(b));

  /** Nearest half by binary search; ties go to the even bit pattern; beyond max+half-ulp → Infinity. */
  function nearestHalfBits(x: number): number {
    const a = Math.abs(x);
    const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
    if (a >= 65520) return sign | 0x7c00;
    let lo = 0;
    let hi = halves.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (halves[mid] <= a) lo = mid; else hi = mid;
    }
    const dl = a - halves[lo];
    const dh = halves[hi] - a;
    const b = dl < dh ? lo : dh < dl ? hi : lo % 2 === 0 ? lo : hi;
    return sign | b;
  }

  it('known bit patterns: 1, max, overflow tie, subnormals, ties to even', () => {
    expect(float16Bits(1)).toBe(0x3c00);
    expect(float16Bits(-2)).toBe(0xc000);
    expect(float16Bits(65504)).toBe(0x7bff);
    expect(float16Bits(65520)).toBe(0x7c00);
    expect(float16Bits(2 ** -24)).toBe(1);
    expect(float16Bits(2 ** -25)).toBe(0);
    expect(float16Bits(1.5 * 2 ** -24)).toBe(2);
    expect(float16Bits(1 + 2 ** -11)).toBe(0x3c00);
    expect(float16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(float16Bits(NaN) & 0x7c00).toBe(0x7c00);
  });

  it('equals an exhaustive nearest-half search on 20,000 float32 values across all magnitudes', () => {
    const rng = createRng(3);
    for (let i = 0; i < 20000; i++) {
      const x = Math.fround((rng.next() - 0.5) * 2 ** (Math.floor(rng.next() * 46) - 28));
      expect(float16Bits(x), `x = ${x}`).toBe(nearestHalfBits(x));
    }
  });

  it('roundToFloat16 keeps values the half grid holds and moves others by at most half an ulp', () => {
    const w = new Float32Array([0.1, -3.14159, 1e-6, 1000.3]);
    const r = roundToFloat16(w);
    for (let i = 0; i < w.length; i++) {
      const bits = nearestHalfBits(w[i]);
      expect(r[i]).toBe(f16BitsToNumber(bits));
    }
  });
});
