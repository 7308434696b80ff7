import { describe, it, expect } from 'vitest';
import { interpolateRdBu, interpolateTurbo, interpolateViridis } from 'd3';
import {
  colorOf, fitDiverging, toRgba, formatValue, createLegend, DIVERGING, DIVERGING_ODD, VIRIDIS, TURBO, lutIndex,
} from '../../src/lib/viz/colorScale';

/** A d3 colour string ('#rrggbb' or 'rgb(r, g, b)') → [r, g, b], parsed here rather than by d3.rgb. */
function parseCss(c: string): number[] {
  if (c.startsWith('#')) return [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));
  return c.slice(c.indexOf('(') + 1, -1).split(',').map((v) => Math.round(Number(v)));
}
/** The table the explorer and the heatmaps used before they shared one module: interp(i / (size − 1)). */
const table = (interp: (t: number) => string, size: number) =>
  Array.from({ length: size }, (_, i) => parseCss(interp(i / (size - 1)))).flat();

describe('colour tables (one module for the explorer and the heatmaps)', () => {
  it('are byte-identical to the d3 interpolators sampled as before: 256-entry viridis, diverging, turbo', () => {
    expect(Array.from(VIRIDIS)).toEqual(table(interpolateViridis, 256));
    expect(Array.from(DIVERGING)).toEqual(table((t) => interpolateRdBu(1 - t), 256));
    expect(Array.from(TURBO)).toEqual(table(interpolateTurbo, 256));
  });

  it('colorOf draws from the 255-entry diverging table, whose middle entry is zero', () => {
    const ref = table((t) => interpolateRdBu(1 - t), 255);
    expect(Array.from(DIVERGING_ODD)).toEqual(ref);
    const s = { kind: 'diverging' as const, maxAbs: 4 };
    for (const v of [-4, -1.3, 0, 0.01, 2.5, 4]) {
      const i = Math.round(((v / 4 + 1) / 2) * 254);
      expect(colorOf(v, s)).toEqual(ref.slice(i * 3, i * 3 + 3));
    }
    expect(colorOf(0, s)).toEqual(parseCss(interpolateRdBu(0.5)));
  });

  it('lutIndex maps [lo, hi] onto 0..255, clamped, the middle for an empty range', () => {
    expect([lutIndex(-1, 0, 1), lutIndex(0, 0, 1), lutIndex(0.5, 0, 1), lutIndex(1, 0, 1), lutIndex(9, 0, 1)]).toEqual([0, 0, 128, 255, 255]);
    expect(lutIndex(3, 2, 2)).toBe(128);
  });
});

describe('diverging colour scale', () => {
  it('is near-white at zero, red above, blue below, symmetric in strength', () => {
    const s = { kind: 'diverging' as const, maxAbs: 2 };
    const [r0, g0, b0] = colorOf(0, s);
    expect(Math.min(r0, g0, b0)).toBeGreaterThan(235);
    const [rp, , bp] = colorOf(2, s);
    const [rn, , bn] = colorOf(-2, s);
    expect(rp).toBeGreaterThan(bp);
    expect(bn).toBeGreaterThan(rn);
    // equal magnitudes: the same distance from white
    const dist = (c: number[]) => Math.hypot(255 - c[0], 255 - c[1], 255 - c[2]);
    expect(Math.abs(dist(colorOf(1, s)) - dist(colorOf(-1, s)))).toBeLessThan(40);
    expect(colorOf(5, s)).toEqual(colorOf(2, s));
  });
  it('fits ±max|v|, or a quantile of |v| that ignores outliers', () => {
    expect(fitDiverging([1, -3, 2])).toEqual({ kind: 'diverging', maxAbs: 3 });
    expect(fitDiverging([0, 0])).toEqual({ kind: 'diverging', maxAbs: 1 });
    const v = Array.from({ length: 1000 }, (_, i) => (i === 999 ? 1000 : (i % 10) / 10));
    expect(fitDiverging(v, 0.99).kind === 'diverging' && (fitDiverging(v, 0.99) as { maxAbs: number }).maxAbs).toBeCloseTo(0.9, 6);
    expect(fitDiverging([NaN, 2, -Infinity])).toEqual({ kind: 'diverging', maxAbs: 2 });
  });
  it('toRgba writes RGBA per pixel, grey for images, RGB passthrough, magenta for NaN', () => {
    const g = toRgba([0, 0.5, 1], 1, { kind: 'gray', min: 0, max: 1 });
    expect(Array.from(g)).toEqual([0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255]);
    expect(Array.from(toRgba([1, 0, 0.5], 3, { kind: 'gray', min: 0, max: 1 }))).toEqual([255, 0, 128, 255]);
    expect(Array.from(toRgba([NaN], 1, { kind: 'diverging', maxAbs: 1 }))).toEqual([255, 0, 255, 255]);
  });
  it('formats values briefly', () => {
    expect(formatValue(0)).toBe('0');
    expect(formatValue(1 / 9)).toBe('0.111');
    expect(formatValue(-4)).toBe('-4');
    expect(formatValue(123456)).toBe('1.2e+5');
  });
});

describe('createLegend', () => {
  it('shows −max, 0, +max and a gradient, and cleans up', () => {
    const host = document.createElement('div');
    const legend = createLegend(host, { label: 'Output' });
    legend.update({ kind: 'diverging', maxAbs: 3.5 });
    const labels = Array.from(host.querySelectorAll('.color-legend-labels span')).map((s) => s.textContent);
    expect(labels).toEqual(['-3.5', '0', '3.5']);
    expect((host.querySelector('.color-legend-bar') as HTMLElement).style.background).toContain('linear-gradient');
    legend.destroy();
    expect(host.children).toHaveLength(0);
  });
});
