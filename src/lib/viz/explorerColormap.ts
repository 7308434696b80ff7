import * as d3 from 'd3';
import { makeLut } from './colorScale';

// The explorer's tables are 256 entries (index round(255·t)); the LUT builder is shared with colorScale.ts.
export { makeLut, type Lut } from './colorScale';

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
