import { describe, it, expect } from 'vitest';
import { filterTiles, createFilters } from '../../src/lib/viz/filters';
import { stubCanvas } from './explorerCanvas';

describe('first-layer filters', () => {
  it('maps each HWIO filter to RGB with 0 at mid-grey and ±max|w| at 0/255', () => {
    const [k, n] = [2, 2];
    const data = new Float32Array(k * k * 3 * n);
    // filter 0: w[y,x,c] = (y·2 + x)·3 + c − 5 ; filter 1: all zero.
    for (let y = 0; y < k; y++) for (let x = 0; x < k; x++) for (let c = 0; c < 3; c++) data[((y * k + x) * 3 + c) * n] = (y * k + x) * 3 + c - 5;
    const [t0, t1] = filterTiles(data, [k, k, 3, n]);
    const m = 6; // max |w| of filter 0 (value 6 at y=1,x=1,c=2)
    for (let p = 0; p < 4; p++) for (let c = 0; c < 3; c++) {
      expect(t0.rgba[p * 4 + c]).toBe(Math.round(255 * (0.5 + 0.5 * (p * 3 + c - 5) / m)));
    }
    expect(Array.from(t1.rgba.slice(0, 4))).toEqual([128, 128, 128, 255]);
    expect(() => filterTiles(new Float32Array(8), [2, 2, 2, 1])).toThrow(/3 input channels/);
  });

  it('draws 64 tiles of 7×7 in an 8×8 grid', () => {
    const drawn = stubCanvas();
    const el = document.createElement('div');
    const f = createFilters(el);
    f.update({ data: new Float32Array(7 * 7 * 3 * 64).map((_, i) => Math.sin(i)), shape: [7, 7, 3, 64] });
    const img = drawn.get(el.querySelector('canvas')!)!;
    expect([img.width, img.height]).toEqual([63, 63]);
    expect(el.querySelector('canvas')!.getAttribute('aria-label')).toContain('64 first-layer filters, 7×7×3');
    f.destroy();
  });
});
