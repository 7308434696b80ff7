/**
 * Image / feature-map renderer on a canvas: one value per pixel through a colour scale (diverging by
 * default, so the sign shows), or an RGB image. Optional legend underneath. Plain arrays in.
 */
import { createLegend, fitDiverging, toRgba, formatValue, type ColorScale, type Legend } from './colorScale';

/** One map to draw: row-major values of shape [height, width, channels]. */
export interface HeatmapData {
  values: ArrayLike<number>;
  width: number;
  height: number;
  /** 1 (through the scale; default) or 3 (RGB in 0..1). */
  channels?: 1 | 3;
  /** Defaults to a diverging scale fitted to the values. */
  scale?: ColorScale;
}

export interface HeatmapOptions {
  /** Accessible name, e.g. "Output of the kernel". */
  label: string;
  /** Draw a legend under the image (ignored for RGB). */
  legend?: boolean;
  /** Largest CSS width in px; the canvas shrinks with its container below that. */
  maxWidth?: number;
}

export interface Heatmap {
  update(data: HeatmapData): void;
  destroy(): void;
}

/** Creates the canvas (and legend) inside `element`. */
export function createHeatmap(element: HTMLElement, options: HeatmapOptions): Heatmap {
  const doc = element.ownerDocument;
  const canvas = doc.createElement('canvas');
  canvas.className = 'heatmap';
  canvas.setAttribute('role', 'img');
  canvas.style.width = '100%';
  canvas.style.maxWidth = `${options.maxWidth ?? 320}px`;
  canvas.style.display = 'block';
  element.append(canvas);
  let legend: Legend | null = null;
  if (options.legend) legend = createLegend(element, { label: `${options.label} colour scale` });
  let version = 0;
  return {
    update(data) {
      const channels = data.channels ?? 1;
      const scale = data.scale ?? fitDiverging(data.values);
      canvas.width = data.width;
      canvas.height = data.height;
      // Small maps (a 7×7 grid, a pooled map) stay crisp squares instead of a blur.
      canvas.style.imageRendering = data.width < 128 ? 'pixelated' : 'auto';
      const ctx = canvas.getContext('2d');
      if (ctx) {
        const img = ctx.createImageData(data.width, data.height);
        img.data.set(toRgba(data.values, channels, scale));
        ctx.putImageData(img, 0, 0);
      }
      version += 1;
      canvas.dataset.version = String(version);
      canvas.dataset.shape = `${data.height}x${data.width}x${channels}`;
      const range = scale.kind === 'diverging' ? `, colour from −${formatValue(scale.maxAbs)} (blue) to +${formatValue(scale.maxAbs)} (red)` : '';
      canvas.setAttribute('aria-label', `${options.label}: ${data.height}×${data.width}${channels === 3 ? ' RGB' : ''}${range}`);
      if (legend && channels === 1) legend.update(scale);
    },
    destroy() {
      legend?.destroy();
      canvas.remove();
    },
  };
}
