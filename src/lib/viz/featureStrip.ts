/**
 * A strip of feature maps: the first few channels of one H×W×C activation, side by side, all through ONE
 * colour scale (so a channel that is twice as strong looks twice as strong), with a title, the shape, and a
 * shared legend. Canvas per channel; plain arrays in; runs under jsdom (no 2-D context there: pixels skipped).
 */
import { createLegend, fitDiverging, toRgba, type ColorScale, type Legend } from './colorScale';

/** One activation of one image: row-major [height, width, channels] values (NHWC with N = 1). */
export interface FeatureStripData {
  values: ArrayLike<number>;
  height: number;
  width: number;
  channels: number;
  /** Shared scale; defaults to a diverging scale fitted to the channels shown. */
  scale?: ColorScale;
}

export interface FeatureStripOptions {
  /** Heading, e.g. "F(x) = BN₂(conv₂(…))". */
  title: string;
  /** How many channels to draw (the first ones); default 4. */
  maxChannels?: number;
  /** CSS size of each map in px (shrinks on narrow screens). */
  tileSize?: number;
  legend?: boolean;
  /** What the last axis counts when it is not channels, e.g. 'images' → "6×6, 4 images". */
  countLabel?: string;
}

export interface FeatureStrip {
  update(data: FeatureStripData): void;
  destroy(): void;
}

/** Values of channel `c` of an [h, w, C] array, as a row-major [h, w] Float32Array. */
export function channelSlice(values: ArrayLike<number>, hw: number, channels: number, c: number): Float32Array {
  const out = new Float32Array(hw);
  for (let p = 0; p < hw; p++) out[p] = values[p * channels + c];
  return out;
}

/** Creates the strip inside `element`; update() draws a new activation. */
export function createFeatureStrip(element: HTMLElement, options: FeatureStripOptions): FeatureStrip {
  const doc = element.ownerDocument;
  const root = doc.createElement('div');
  root.className = 'feature-strip';
  const head = doc.createElement('div');
  head.className = 'feature-strip-head';
  const title = doc.createElement('strong');
  title.textContent = options.title;
  const shape = doc.createElement('span');
  shape.className = 'feature-strip-shape';
  shape.style.marginLeft = '0.5em';
  shape.style.opacity = '0.75';
  head.append(title, shape);
  const row = doc.createElement('div');
  row.className = 'feature-strip-row';
  row.style.display = 'flex';
  row.style.flexWrap = 'wrap';
  row.style.gap = '4px';
  root.append(head, row);
  element.append(root);
  const legend: Legend | null = options.legend ? createLegend(root, { label: `${options.title} colour scale` }) : null;
  const tile = options.tileSize ?? 72;

  return {
    update(d) {
      const shown = Math.min(d.channels, options.maxChannels ?? 4);
      const hw = d.height * d.width;
      const slices = Array.from({ length: shown }, (_, c) => channelSlice(d.values, hw, d.channels, c));
      const scale = d.scale ?? fitDiverging(slices.flatMap((s) => Array.from(s)));
      shape.textContent = options.countLabel
        ? `${d.height}×${d.width}, ${d.channels} ${options.countLabel}`
        : `${d.height}×${d.width}×${d.channels}${shown < d.channels ? ` (first ${shown} channels)` : ''}`;
      const canvases = slices.map((s, c) => {
        const canvas = doc.createElement('canvas');
        canvas.width = d.width;
        canvas.height = d.height;
        canvas.setAttribute('role', 'img');
        canvas.setAttribute('aria-label', `${options.title}, channel ${c + 1}`);
        canvas.style.width = `min(${tile}px, calc((100% - ${4 * (shown - 1)}px) / ${shown}))`;
        canvas.style.imageRendering = 'pixelated';
        const ctx = canvas.getContext('2d');
        if (ctx) {
          const img = ctx.createImageData(d.width, d.height);
          img.data.set(toRgba(s, 1, scale));
          ctx.putImageData(img, 0, 0);
        }
        return canvas;
      });
      row.replaceChildren(...canvases);
      legend?.update(scale);
    },
    destroy() {
      legend?.destroy();
      root.remove();
    },
  };
}

/**
 * One channel of a whole NHWC batch laid out as an [h, w, n] array (the images become the "channels"), so a
 * strip can show the same channel of every image side by side.
 */
export function imagesOfChannel(values: ArrayLike<number>, shape: [number, number, number, number], ch: number): Float32Array {
  const [n, h, w, c] = shape;
  const out = new Float32Array(h * w * n);
  for (let img = 0; img < n; img++) {
    for (let p = 0; p < h * w; p++) out[p * n + img] = values[(img * h * w + p) * c + ch];
  }
  return out;
}
