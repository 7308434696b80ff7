import { describe, it, expect } from 'vitest';
import { blendHeatmap, createOverlay } from '../../src/lib/viz/overlay';
import { TURBO } from '../../src/lib/viz/colorScale';
import { stubCanvas } from './explorerCanvas';

const image = { width: 2, height: 1, data: new Uint8ClampedArray([100, 50, 0, 255, 10, 20, 30, 255]) };

describe('heatmap overlay', () => {
  it('blends (1−α)·image + α·turbo(heat / max heat)', () => {
    const out = blendHeatmap(image, new Float32Array([0, 4]), 0.25);
    for (let c = 0; c < 3; c++) {
      expect(out[c]).toBe(Math.round(0.75 * image.data[c] + 0.25 * TURBO[c]));
      expect(out[4 + c]).toBe(Math.round(0.75 * image.data[4 + c] + 0.25 * TURBO[255 * 3 + c]));
    }
  });

  it('leaves the image untouched when the map is all zero, and checks sizes', () => {
    expect(Array.from(blendHeatmap(image, new Float32Array(2), 0.8))).toEqual(Array.from(image.data));
    expect(() => blendHeatmap(image, new Float32Array(3), 0.5)).toThrow(/3 values for a 2×1 image/);
  });

  it('draws on a canvas with a text alternative', () => {
    const drawn = stubCanvas();
    const el = document.createElement('div');
    const o = createOverlay(el);
    o.update({ image, heat: new Float32Array([1, 2]), opacity: 1, label: 'Grad-CAM for tabby' });
    const c = el.querySelector('canvas')!;
    expect(c.getAttribute('aria-label')).toBe('Grad-CAM for tabby');
    expect(Array.from(drawn.get(c)!.data.slice(4, 7))).toEqual(Array.from(TURBO.slice(255 * 3, 255 * 3 + 3)));
    o.destroy();
  });
});
