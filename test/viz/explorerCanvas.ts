import { vi } from 'vitest';

/** jsdom has no 2D canvas: a recording stand-in whose putImageData keeps the last image per canvas. */
export function stubCanvas(): Map<HTMLCanvasElement, { width: number; height: number; data: Uint8ClampedArray }> {
  const drawn = new Map<HTMLCanvasElement, { width: number; height: number; data: Uint8ClampedArray }>();
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(function (this: HTMLCanvasElement) {
    return {
      createImageData: (w: number, h: number) => ({ width: w, height: h, data: new Uint8ClampedArray(w * h * 4) }),
      putImageData: (img: { width: number; height: number; data: Uint8ClampedArray }) => drawn.set(this, img),
      fillRect: () => {}, strokeRect: () => {}, fillStyle: '', strokeStyle: '', lineWidth: 1,
    } as unknown as CanvasRenderingContext2D;
  } as never);
  return drawn;
}
