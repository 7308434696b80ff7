import { describe, it, expect } from 'vitest';
import { createGradHeatmap, logNorms } from '../../src/lib/viz/gradHeatmap';
import { createConfusion } from '../../src/lib/viz/confusion';
import { createThumbGrid, thumbRgba } from '../../src/lib/viz/thumbGrid';

describe('gradient-norm heatmap', () => {
  it('maps norms to log10 with the finite range, marking non-finite cells', () => {
    const r = logNorms([[1, 10, 0], [100, NaN, 0.1]]);
    expect(r.values[0][0]).toBe(0);
    expect(r.values[0][1]).toBeCloseTo(1, 12);
    expect(Number.isNaN(r.values[0][2])).toBe(true);
    expect(Number.isNaN(r.values[1][1])).toBe(true);
    expect(r.min).toBeCloseTo(-1, 12);
    expect(r.max).toBeCloseTo(2, 12);
  });

  it('sizes the canvas layers × steps and describes it in text', () => {
    const el = document.createElement('div');
    const h = createGradHeatmap(el);
    h.update({ layers: ['stem.conv', 'stem.bn', 'head.fc'], steps: [0, 1], norms: [[1, 2, 3], [4, 5, 6]] });
    const c = el.querySelector('canvas')!;
    expect([c.width, c.height]).toEqual([2, 3]);
    expect(el.textContent).toContain('stem.conv (top) to head.fc (bottom)');
    h.destroy();
    expect(el.children.length).toBe(0);
  });

  it('names another quantity (update-to-weight ratio) in its caption and empty state', () => {
    const el = document.createElement('div');
    const h = createGradHeatmap(el, { symbol: '‖Δw‖/‖w‖', emptyText: 'No update ratios recorded yet.', label: 'ratios' });
    h.update({ layers: ['a'], steps: [], norms: [] });
    expect(el.textContent).toContain('No update ratios recorded yet.');
    h.update({ layers: ['a', 'b'], steps: [3], norms: [[1e-3, 1e-2]] });
    expect(el.textContent).toContain('log₁₀ ‖Δw‖/‖w‖ from -3.00 (dark) to -2.00');
    expect(el.querySelector('canvas')!.getAttribute('aria-label')).toBe('ratios');
    h.destroy();
  });
});

describe('confusion matrix view', () => {
  it('shows every count and opens a cell by click or keyboard', () => {
    const el = document.createElement('div');
    const picked: [number, number][] = [];
    const v = createConfusion(el, { classNames: ['a', 'b'], onSelect: (t, p) => picked.push([t, p]) });
    v.update([[5, 1], [2, 7]]);
    const cells = [...el.querySelectorAll('g.cell')];
    expect(cells.map((c) => c.textContent)).toEqual(['5', '1', '2', '7']);
    expect(cells[1].getAttribute('aria-label')).toBe('1 a predicted as b');
    cells[2].dispatchEvent(new MouseEvent('click', { bubbles: true }));
    cells[1].dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(picked).toEqual([[1, 0], [0, 1]]);
    v.update([[0, 0], [0, 3]]);
    expect([...el.querySelectorAll('g.cell')].map((c) => c.textContent)).toEqual(['0', '0', '0', '3']);
  });

  it('takes its words from the caller, never draws narrower than its viewBox, and scrolls in its own box (rough edge 5)', () => {
    const el = document.createElement('div');
    const v = createConfusion(el, { classNames: ['a', 'b', 'c'], title: 'Matrix', cellLabel: (n, t, p) => `${t}→${p}: ${n}` });
    v.update([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    const svg = el.querySelector('svg')!;
    expect(svg.getAttribute('aria-label')).toBe('Matrix');
    expect(el.querySelectorAll('g.cell')[5].getAttribute('aria-label')).toBe('b→c: 6');
    expect(svg.parentElement).toBe(v.scrollBox);
    expect(v.scrollBox.style.overflowX).toBe('auto');
    expect(svg.style.minWidth).toBe(`${svg.viewBox.baseVal.width}px`);
    // Each cell's rect is a 44 px tap target at that scale, its text 12 px or more.
    const rect = el.querySelector('g.cell rect')!;
    expect(Number(rect.getAttribute('width'))).toBeGreaterThanOrEqual(44);
    for (const t of el.querySelectorAll('text')) expect(Number(t.getAttribute('font-size'))).toBeGreaterThanOrEqual(12);
    v.destroy();
    expect(el.childElementCount).toBe(0);
  });
});

describe('thumbnail grid', () => {
  it('converts RGB to RGBA and writes captions, marking mistakes', () => {
    expect(Array.from(thumbRgba([1, 2, 3, 4, 5, 6], 2, 1))).toEqual([1, 2, 3, 255, 4, 5, 6, 255]);
    expect(Array.from(thumbRgba(Float32Array.from([0, 0.5, 1]), 1, 255))).toEqual([0, 128, 255, 255]);
    const el = document.createElement('div');
    const g = createThumbGrid(el, { height: 2, width: 2, label: 'samples' });
    g.update([{ pixels: new Uint8Array(12), caption: 'disc' }, { pixels: new Uint8Array(12), caption: 'ring ≠ disc', wrong: true }]);
    const caps = [...el.querySelectorAll('figcaption')];
    expect(caps.map((c) => c.textContent)).toEqual(['disc', 'ring ≠ disc']);
    expect(caps[1].className).toBe('wrong');
  });

  it('keeps each group of six on its own row (rough edge 4)', () => {
    const el = document.createElement('div');
    const g = createThumbGrid(el, { height: 2, width: 2, label: 'augmented', group: 6, cssSize: 52 });
    g.update(Array.from({ length: 13 }, (_, i) => ({ pixels: new Uint8Array(12), caption: `t${i}` })));
    const rows = [...el.querySelectorAll<HTMLElement>('.thumb-group')];
    expect(rows.map((r) => r.querySelectorAll('figure').length)).toEqual([6, 6, 1]);
    expect(rows[0].style.gridTemplateColumns).toBe('repeat(6, minmax(0, 52px))');
    expect(rows[2].querySelector('figcaption')!.textContent).toBe('t12');
    g.destroy();
  });
});

