/**
 * Decision regions of a 2-class classifier on a 2-D square: background colour = P(class 1) on a res×res grid
 * (class 0 orange, class 1 blue, white at 50/50), training points as dots in their class colour with a dark rim.
 * Plain arrays in; one canvas; pixels from a pure function (testable under jsdom, which has no 2-D context).
 */

export interface DecisionMapData {
  /** P(class 1) per grid cell, row-major, row 0 at the top (y = +extent). */
  prob: ArrayLike<number>;
  res: number;
  /** Points as [x0, y0, x1, y1, …] and their labels (0 or 1). */
  points: ArrayLike<number>;
  labels: ArrayLike<number>;
  /** The square is [−extent, extent]². */
  extent: number;
}

export interface DecisionMapOptions {
  label: string;
  /** Canvas size in pixels (CSS size shrinks with the container). */
  size?: number;
}

export interface DecisionMap {
  update(data: DecisionMapData): void;
  destroy(): void;
}

const CLASS0: [number, number, number] = [230, 126, 34];
const CLASS1: [number, number, number] = [47, 95, 179];

/** Background colour of a probability: class-0 colour at 0, white at 0.5, class-1 colour at 1 (pale). */
export function probColour(p: number): [number, number, number] {
  const t = Math.min(1, Math.max(0, Number.isFinite(p) ? p : 0.5));
  const [c, s] = t < 0.5 ? [CLASS0, (0.5 - t) * 2] : [CLASS1, (t - 0.5) * 2];
  const k = 0.55 * s; // pale, so the dots stay visible
  return [0, 1, 2].map((i) => Math.round(255 + (c[i] - 255) * k)) as [number, number, number];
}

/** RGBA pixels (size × size × 4) of the map: nearest grid cell per pixel, dots of radius 2.5 px on top. */
export function decisionPixels(d: DecisionMapData, size: number): Uint8ClampedArray {
  const px = new Uint8ClampedArray(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const cell = Math.floor((y * d.res) / size) * d.res + Math.floor((x * d.res) / size);
      px.set([...probColour(d.prob[cell]), 255], (y * size + x) * 4);
    }
  }
  const toPx = (v: number) => ((v + d.extent) / (2 * d.extent)) * size;
  for (let i = 0; i < d.labels.length; i++) {
    const cx = toPx(d.points[2 * i]);
    const cy = size - toPx(d.points[2 * i + 1]);
    const colour = d.labels[i] === 1 ? CLASS1 : CLASS0;
    for (let y = Math.floor(cy - 3); y <= Math.ceil(cy + 3); y++) {
      for (let x = Math.floor(cx - 3); x <= Math.ceil(cx + 3); x++) {
        if (x < 0 || y < 0 || x >= size || y >= size) continue;
        const r = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
        if (r <= 3) px.set([...(r > 2.2 ? [40, 40, 40] : colour), 255], (y * size + x) * 4);
      }
    }
  }
  return px;
}

/** Creates the canvas inside `element`. */
export function createDecisionMap(element: HTMLElement, options: DecisionMapOptions): DecisionMap {
  const doc = element.ownerDocument;
  const size = options.size ?? 200;
  const canvas = doc.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  canvas.className = 'decision-map';
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', options.label);
  canvas.style.width = '100%';
  canvas.style.maxWidth = `${size}px`;
  canvas.style.display = 'block';
  element.append(canvas);
  let version = 0;
  return {
    update(d) {
      const ctx = canvas.getContext('2d');
      if (ctx) {
        const img = ctx.createImageData(size, size);
        img.data.set(decisionPixels(d, size));
        ctx.putImageData(img, 0, 0);
      }
      canvas.dataset.version = String(++version);
    },
    destroy: () => canvas.remove(),
  };
}
