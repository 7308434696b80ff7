import { describe, it, expect } from 'vitest';
import { createGradHeatmap, logNorms, rowGroups } from '../../src/lib/viz/gradHeatmap';
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

  it('labels its rows by stage, each label spanning its rows, with the layer names on hover (issue 11)', () => {
    stubCanvas();
    const layers = ['stem.conv', 'stem.bn', 'stage1.block1.conv1', 'stage1.block1.bn1', 'stage1.block2.conv1', 'stage2.block1.conv1', 'head.fc', 'x'];
    expect(rowGroups(layers).map((g) => [g.name, g.start, g.count])).toEqual([['stem', 0, 2], ['stage1', 2, 3], ['stage2', 5, 1], ['head', 6, 1], ['x', 7, 1]]);
    const el = document.createElement('div');
    const h = createGradHeatmap(el);
    h.update({ layers, steps: [0], norms: [layers.map(() => 1)] });
    const labels = [...el.querySelectorAll<HTMLElement>('.grad-heatmap-row-label')];
    expect(labels.map((l) => l.textContent)).toEqual(['stem', 'stage1', 'stage2', 'head', 'x']);
    // stage1 covers rows 2-4 of 8: from 25 % down, 37.5 % tall, beside the canvas
    expect([labels[1].style.top, labels[1].style.height]).toEqual(['25%', '37.5%']);
    expect(labels[1].title).toBe('stage1.block1.conv1\nstage1.block1.bn1\nstage1.block2.conv1');
    expect(el.querySelector('.grad-heatmap-body')!.lastElementChild!.tagName).toBe('CANVAS');
    expect(el.textContent).toContain('grouped by stage (stem 2, stage1 3, stage2 1, head 1, x 1)');
    h.update({ layers, steps: [], norms: [] });
    expect(el.querySelectorAll('.grad-heatmap-row-label')).toHaveLength(0);
    h.destroy();
  });
});
