import { describe, it, expect } from 'vitest';
import { createContourPlot, contourLevels } from '../../src/lib/viz/contourPlot';

/** Numbers of an SVG path's "d" as [x, y] pairs. */
function points(d: string): [number, number][] {
  const n = (d.match(/-?\d+(\.\d+)?(e-?\d+)?/g) ?? []).map(Number);
  return Array.from({ length: n.length / 2 }, (_, i) => [n[2 * i], n[2 * i + 1]] as [number, number]);
}

describe('contourPlot', () => {
  it('levels lie strictly between the minimum and maximum, denser near the minimum', () => {
    const lv = contourLevels([0, 10, 100, NaN], 4);
    expect(lv.length).toBe(4);
    lv.forEach((v) => expect(v > 0 && v < 100).toBe(true));
    expect(lv[1] - lv[0]).toBeLessThan(lv[3] - lv[2]);
  });

  it('draws a contour of f(x, y) = x exactly where x equals the level', () => {
    const el = document.createElement('div');
    const plot = createContourPlot(el, { width: 300, height: 250, levels: 1, title: 'test plot' });
    // f = x on x ∈ [0, 4] (5 samples), y ∈ [0, 2] (3 samples); one level: 0 + 4·(1/2)² = 1
    const values = Array.from({ length: 15 }, (_, k) => k % 5);
    plot.update({ grid: { nx: 5, ny: 3, x: [0, 4], y: [0, 2], values } });
    const svg = el.querySelector('svg')!;
    expect(svg.getAttribute('aria-label')).toBe('test plot');
    const contour = el.querySelector('.contours path')!.getAttribute('d')!;
    // inner area 244 × 200 px for x ∈ [0, 4]: x = 1 sits at 61 px. The polygon also runs along the grid's
    // border half a cell outside the plot, which the clip path hides; only the points inside count.
    const inside = points(contour).filter(([x, y]) => x > 0.5 && x < 243.5 && y > 0.5 && y < 199.5);
    expect(inside.length).toBeGreaterThan(0);
    inside.forEach(([x]) => expect(x).toBeCloseTo(61, 6));
    plot.destroy();
    expect(el.innerHTML).toBe('');
  });

  it('draws paths (one dot per point, clipped), arrows, markers and a legend', () => {
    const el = document.createElement('div');
    const plot = createContourPlot(el, { width: 300, height: 250 });
    plot.update({
      grid: { nx: 3, ny: 3, x: [-1, 1], y: [-1, 1], values: [2, 1, 2, 1, 0, 1, 2, 1, 2] },
      paths: [{ name: 'descent', xs: [-1, 0, 50], ys: [1, 0, 50], color: 'red' }],
      arrows: [{ x: 0, y: 0, dx: 0.5, dy: 0 }, { x: 0, y: 0, dx: 0, dy: 0.5 }],
      markers: [{ x: 0, y: 0, label: 'minimum' }],
    });
    const path = el.querySelector('.paths g.path')!;
    expect(path.getAttribute('data-points')).toBe('3');
    expect(path.querySelectorAll('circle').length).toBe(3);
    expect(path.closest('[clip-path]')).not.toBeNull();
    expect(el.querySelectorAll('.arrows line').length).toBe(2);
    expect(el.querySelector('.markers text')!.textContent).toBe('minimum');
    expect(el.querySelector('.legend .name')!.textContent).toBe('descent');
    plot.destroy();
  });
});
