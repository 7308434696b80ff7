import { describe, it, expect, vi } from 'vitest';
import { createHeatmap } from '../../src/lib/viz/heatmap';

/** jsdom has no canvas: record what the renderer paints. */
function fakeCanvas() {
  const painted: Uint8ClampedArray[] = [];
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(function (this: HTMLCanvasElement) {
    return {
      createImageData: (w: number, h: number) => ({ data: new Uint8ClampedArray(w * h * 4), width: w, height: h }),
      putImageData: (img: { data: Uint8ClampedArray }) => painted.push(img.data),
    } as unknown as CanvasRenderingContext2D;
  } as never);
  return painted;
}

describe('createHeatmap', () => {
  it('sizes the canvas to the map, paints sign-aware colours and labels it', () => {
    const painted = fakeCanvas();
    const host = document.createElement('div');
    const h = createHeatmap(host, { label: 'Output', legend: true });
    h.update({ values: [-2, 0, 2, 1, -1, 0], width: 3, height: 2 });
    const canvas = host.querySelector('canvas')!;
    expect([canvas.width, canvas.height]).toEqual([3, 2]);
    expect(canvas.dataset.shape).toBe('2x3x1');
    expect(canvas.getAttribute('aria-label')).toContain('−2 (blue) to +2 (red)');
    const px = painted[0];
    expect(px[2]).toBeGreaterThan(px[0]); // first pixel −2: blue
    expect(px[8]).toBeGreaterThan(px[10]); // third pixel +2: red
    expect(host.querySelectorAll('.color-legend-labels span')[2].textContent).toBe('2');
    h.update({ values: [1, 2], width: 2, height: 1 });
    expect(canvas.dataset.version).toBe('2');
    h.destroy();
    expect(host.innerHTML).toBe('');
  });
});
