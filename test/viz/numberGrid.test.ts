import { describe, it, expect } from 'vitest';
import { createNumberGrid } from '../../src/lib/viz/numberGrid';

const values = [[1, 2, 3], [4, 5, 6], [7, 8, 9]];

describe('createNumberGrid', () => {
  it('draws every value, with the zero padding as dashed border cells', () => {
    const host = document.createElement('div');
    const g = createNumberGrid(host, { label: 'Input', cellSize: 10 });
    g.update({ values, pad: { top: 1, bottom: 1, left: 1, right: 1 } });
    const cells = host.querySelectorAll('g.cell');
    expect(cells).toHaveLength(25);
    const pads = host.querySelectorAll('g.cell.pad');
    expect(pads).toHaveLength(16);
    expect(Array.from(pads).every((p) => p.querySelector('text')!.textContent === '0')).toBe(true);
    expect(pads[0].querySelector('rect')!.getAttribute('stroke-dasharray')).toBe('3 3');
    expect(host.querySelector('g.cell[data-r="1"][data-c="2"]')!.getAttribute('data-value')).toBe('6');
    expect(host.querySelector('svg')!.getAttribute('viewBox')).toBe('0 0 52 52');
    g.destroy();
    expect(host.innerHTML).toBe('');
  });
  it('outlines the window, rings the marked cell and fills only the first `shown` cells', () => {
    const host = document.createElement('div');
    const g = createNumberGrid(host, { label: 'Output' });
    g.update({ values, window: [{ r: 0, c: 0 }, { r: 0, c: 1 }], marked: { r: 0, c: 1 }, shown: 4, current: { r: 1, c: 0 } });
    expect(host.querySelectorAll('rect.window')).toHaveLength(2);
    expect(host.querySelectorAll('rect.marked')).toHaveLength(1);
    expect(host.querySelectorAll('rect.current')).toHaveLength(1);
    expect(host.querySelectorAll('g.cell[data-value]')).toHaveLength(4);
    expect(host.querySelectorAll('text')).toHaveLength(4);
  });
});
