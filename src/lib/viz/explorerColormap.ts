import * as d3 from 'd3';

/** A 256-entry RGB lookup table of a d3 interpolator (t ∈ [0,1] → index round(255·t)). */
export type Lut = Uint8ClampedArray;

/** Builds a LUT: 256 × [r,g,b]. */
export function makeLut(interp: (t: number) => string): Lut {
  const lut = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const c = d3.rgb(interp(i / 255));
    lut[i * 3] = c.r; lut[i * 3 + 1] = c.g; lut[i * 3 + 2] = c.b;
  }
  return lut;
}

/** Sequential (viridis) for values ≥ 0, diverging (blue–white–red) when a map has both signs. */
export const VIRIDIS = makeLut(d3.interpolateViridis);
export const DIVERGING = makeLut((t) => d3.interpolateRdBu(1 - t));
export const TURBO = makeLut(d3.interpolateTurbo);

/** Index into a LUT for value v on [lo, hi] (clamped; lo = hi maps to the middle). */
export function lutIndex(v: number, lo: number, hi: number): number {
  if (!(hi > lo)) return 128;
  const t = (v - lo) / (hi - lo);
  return Math.max(0, Math.min(255, Math.round(t * 255)));
}
