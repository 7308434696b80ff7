/**
 * The notebook's one colour-map module: lookup tables (diverging, viridis, turbo), the scales that map values
 * onto them, and a legend renderer. A convolution output has a sign (an edge from dark to bright is positive,
 * bright to dark negative), so the default is a DIVERGING scale centred on zero: blue below zero, white at
 * zero, red above, symmetric in ±max|v| so equal magnitudes get equal strength.
 * Plain arrays in, no tensors. Reusable by any lesson that draws activations or gradients.
 */
import { interpolateRdBu, interpolateTurbo, interpolateViridis, rgb } from 'd3';

/** A lookup table of a d3 colour interpolator: `size` RGB triples (0..255), entry i = interp(i / (size − 1)). */
export type Lut = Uint8ClampedArray;

/** Samples `interp` (t ∈ [0,1] → CSS colour) at `size` evenly spaced points, ends included. */
export function makeLut(interp: (t: number) => string, size = 256): Lut {
  const lut = new Uint8ClampedArray(size * 3);
  for (let i = 0; i < size; i++) {
    const c = rgb(interp(i / (size - 1)));
    lut[i * 3] = c.r; lut[i * 3 + 1] = c.g; lut[i * 3 + 2] = c.b;
  }
  return lut;
}

/** Blue (t = 0) through white (t = ½) to red (t = 1): d3's RdBu reversed, the notebook's one diverging map. */
export const divergingColour = (t: number): string => interpolateRdBu(1 - t);

/** 256-entry tables (index round(255·t), see lutIndex): viridis for values ≥ 0, diverging for both signs, turbo for heat. */
export const VIRIDIS = makeLut(interpolateViridis);
export const DIVERGING = makeLut(divergingColour);
export const TURBO = makeLut(interpolateTurbo);

/** Odd, so that zero falls exactly on the middle entry (white): the table behind colorOf's diverging scale. */
export const DIVERGING_ODD = makeLut(divergingColour, 255);

/** Index into a 256-entry LUT for value v on [lo, hi] (clamped; lo = hi maps to the middle). */
export function lutIndex(v: number, lo: number, hi: number): number {
  if (!(hi > lo)) return 128;
  const t = (v - lo) / (hi - lo);
  return Math.max(0, Math.min(255, Math.round(t * 255)));
}

/** How values map to colours: diverging around 0, or grey between min and max (an image). */
export type ColorScale =
  | { kind: 'diverging'; maxAbs: number }
  | { kind: 'gray'; min: number; max: number };

/**
 * A diverging scale fitted to the data: symmetric, ±max|v| (1 when all values are 0). With quantile q < 1
 * the range is the q-quantile of |v| instead, so a few extreme pixels do not wash out a photo's map
 * (values beyond it are drawn at full strength).
 */
export function fitDiverging(values: ArrayLike<number>, quantile = 1): ColorScale {
  const abs = new Float32Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]);
    if (Number.isFinite(a)) abs[n++] = a;
  }
  let m = 0;
  if (quantile >= 1) for (let i = 0; i < n; i++) m = Math.max(m, abs[i]);
  else if (n > 0) m = abs.subarray(0, n).sort()[Math.min(n - 1, Math.floor(quantile * (n - 1)))];
  return { kind: 'diverging', maxAbs: m > 0 ? m : 1 };
}

/** The [r, g, b] (0..255) of one value under a scale; values beyond the domain are clamped. */
export function colorOf(v: number, scale: ColorScale): [number, number, number] {
  if (scale.kind === 'gray') {
    const t = scale.max > scale.min ? (v - scale.min) / (scale.max - scale.min) : 0.5;
    const g = Math.round(255 * Math.min(1, Math.max(0, t)));
    return [g, g, g];
  }
  const t = Math.min(1, Math.max(-1, v / scale.maxAbs));
  const i = Math.round(((t + 1) / 2) * (DIVERGING_ODD.length / 3 - 1)) * 3;
  return [DIVERGING_ODD[i], DIVERGING_ODD[i + 1], DIVERGING_ODD[i + 2]];
}

/**
 * Pixels for a canvas: `values` is row-major H×W×channels; 1 channel goes through the scale, 3 channels are
 * read as RGB in 0..1. Non-finite values are drawn magenta so they cannot hide. Returns RGBA H·W·4.
 */
export function toRgba(values: ArrayLike<number>, channels: 1 | 3, scale: ColorScale): Uint8ClampedArray {
  const n = Math.floor(values.length / channels);
  const out = new Uint8ClampedArray(n * 4);
  for (let p = 0; p < n; p++) {
    if (channels === 3) {
      for (let c = 0; c < 3; c++) out[p * 4 + c] = Math.round(255 * values[p * 3 + c]);
    } else {
      const v = values[p];
      out.set(Number.isFinite(v) ? colorOf(v, scale) : [255, 0, 255], p * 4);
    }
    out[p * 4 + 3] = 255;
  }
  return out;
}

/** Short human number for labels: 3 significant digits, no trailing zeros. */
export function formatValue(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(1);
  return String(Number(v.toPrecision(3)));
}

/** A colour legend: a gradient bar and its end/centre labels. */
export interface Legend {
  update(scale: ColorScale): void;
  destroy(): void;
}

/** Draws a horizontal legend bar (CSS gradient, so it runs under jsdom) with labels into `element`. */
export function createLegend(element: HTMLElement, options: { label?: string } = {}): Legend {
  const doc = element.ownerDocument;
  const root = doc.createElement('div');
  root.className = 'color-legend';
  // An image to assistive tech (aria-label on a plain div is ignored); update() adds the end values to the name.
  root.setAttribute('role', 'img');
  root.setAttribute('aria-label', options.label ?? 'Colour scale');
  const bar = doc.createElement('div');
  bar.className = 'color-legend-bar';
  bar.style.height = '10px';
  const labels = doc.createElement('div');
  labels.className = 'color-legend-labels';
  labels.style.display = 'flex';
  labels.style.justifyContent = 'space-between';
  labels.style.fontSize = '0.8em';
  root.append(bar, labels);
  element.append(root);
  return {
    update(scale) {
      const stops = [0, 0.25, 0.5, 0.75, 1].map((t) => {
        const v = scale.kind === 'gray' ? scale.min + t * (scale.max - scale.min) : (2 * t - 1) * scale.maxAbs;
        return `rgb(${colorOf(v, scale).join(',')}) ${t * 100}%`;
      });
      bar.style.background = `linear-gradient(to right, ${stops.join(', ')})`;
      const ends = scale.kind === 'gray' ? [scale.min, (scale.min + scale.max) / 2, scale.max] : [-scale.maxAbs, 0, scale.maxAbs];
      labels.replaceChildren(...ends.map((v) => {
        const s = doc.createElement('span');
        s.textContent = formatValue(v);
        return s;
      }));
      root.setAttribute('aria-label', `${options.label ?? 'Colour scale'}: ${ends.map(formatValue).join(' … ')}`);
    },
    destroy() {
      root.remove();
    },
  };
}
