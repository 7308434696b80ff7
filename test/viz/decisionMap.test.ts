import { describe, it, expect } from 'vitest';
import { createDecisionMap, decisionPixels, probColour } from '../../src/lib/viz/decisionMap';

const at = (px: Uint8ClampedArray, size: number, x: number, y: number) => Array.from(px.slice((y * size + x) * 4, (y * size + x) * 4 + 3));

describe('decisionPixels', () => {
  it('colours each pixel by its grid cell (row 0 at the top) and draws points where their coordinates are', () => {
    // 2×2 grid: top row P = 0 (class 0), bottom row P = 1 (class 1)
    const d = { prob: [0, 0, 1, 1], res: 2, points: [0.5, -0.5], labels: [0], extent: 1 };
    const px = decisionPixels(d, 20);
    expect(at(px, 20, 2, 2)).toEqual(probColour(0));
    expect(at(px, 20, 2, 17)).toEqual(probColour(1));
    // the point (0.5, −0.5) lands at pixel (15, 15): its centre has the class-0 dot colour, not the background
    expect(at(px, 20, 15, 15)).toEqual([230, 126, 34]);
  });

  it('probColour is white at 0.5 and saturates toward each class colour', () => {
    expect(probColour(0.5)).toEqual([255, 255, 255]);
    expect(probColour(1)[2]).toBeGreaterThan(probColour(1)[0]);
    expect(probColour(0)[0]).toBeGreaterThan(probColour(0)[2]);
    expect(probColour(NaN)).toEqual([255, 255, 255]);
  });

  it('the renderer makes one labelled canvas and counts its updates', () => {
    const el = document.createElement('div');
    const m = createDecisionMap(el, { label: 'plain net', size: 16 });
    m.update({ prob: [0.5], res: 1, points: [], labels: [], extent: 1 });
    const c = el.querySelector('canvas')!;
    expect(c.getAttribute('aria-label')).toBe('plain net');
    expect(c.dataset.version).toBe('1');
    m.destroy();
    expect(el.children.length).toBe(0);
  });
});
