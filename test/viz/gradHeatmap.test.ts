import { describe, it, expect } from 'vitest';
import { createGradHeatmap, logNorms } from '../../src/lib/viz/gradHeatmap';
import { stubCanvas } from './explorerCanvas';

describe('gradient heatmap', () => {
  it('logNorms takes log10 of positive values and marks the rest NaN', () => {
    const r = logNorms([[1e-3, 10], [0, -1]]);
    expect(r.values[0]).toEqual([-3, 1]);
    expect(r.values[1].every(Number.isNaN)).toBe(true);
    expect([r.min, r.max]).toEqual([-3, 1]);
  });

  it('has a colour bar whose ends give the log10 range of the data (rough edge 9)', () => {
    stubCanvas();
    const el = document.createElement('div');
    const h = createGradHeatmap(el, { symbol: '‖Δw‖/‖w‖' });
    h.update({ layers: ['a', 'b'], steps: [1, 2], norms: [[1e-4, 1e-2], [1e-3, 1e-1]] });
    const bar = el.querySelector<HTMLElement>('.grad-heatmap-bar')!;
    expect(bar.hidden).toBe(false);
    expect(bar.querySelector('canvas')).not.toBeNull();
    expect(bar.textContent).toBe('‖Δw‖/‖w‖ 10^-4.010^-1.0');
    h.update({ layers: ['a'], steps: [], norms: [] });
    expect(bar.hidden).toBe(true);
    h.destroy();
    expect(el.children.length).toBe(0);
  });
});
