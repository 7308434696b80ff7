/**
 * A grid of small images (dataset samples, augmented previews, validation predictions) with a caption
 * each. Images are uint8 RGB HWC (the dataset's own bytes); each is drawn on its own canvas, scaled up
 * crisply. Captions marked `wrong` are styled as mistakes. Plain arrays in.
 */
import { THEME } from './theme';

export interface Thumb {
  /** h×w×3 uint8 RGB, or Float32 in [0, 1]. */
  pixels: ArrayLike<number>;
  caption: string;
  wrong?: boolean;
}

export interface ThumbGridOptions {
  height: number;
  width: number;
  /** CSS size of one thumbnail in px. */
  cssSize?: number;
  label: string;
  /**
   * Thumbnails per group that must stay on one row (an original and its five augmentations: 6). Each group is
   * its own row, and its thumbnails shrink together on a narrow screen rather than wrap apart.
   */
  group?: number;
}

export interface ThumbGrid {
  update(thumbs: Thumb[]): void;
  destroy(): void;
}

/** Converts one thumbnail's pixels to RGBA bytes for ImageData. */
export function thumbRgba(pixels: ArrayLike<number>, n: number, scale: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) out[i * 4 + c] = pixels[i * 3 + c] * scale;
    out[i * 4 + 3] = 255;
  }
  return out;
}

export function createThumbGrid(element: HTMLElement, options: ThumbGridOptions): ThumbGrid {
  const doc = element.ownerDocument;
  const root = doc.createElement('div');
  root.className = 'thumb-grid';
  root.setAttribute('role', 'list');
  root.setAttribute('aria-label', options.label);
  Object.assign(root.style, { display: 'flex', flexWrap: 'wrap', gap: '6px' });
  element.append(root);
  const size = options.cssSize ?? 64;
  const group = options.group ?? 0;
  if (group) Object.assign(root.style, { flexDirection: 'column', flexWrap: 'nowrap' });
  return {
    update(thumbs) {
      root.replaceChildren();
      let row: HTMLElement = root;
      thumbs.forEach((t, i) => {
        if (group && i % group === 0) {
          row = root.appendChild(doc.createElement('div'));
          row.className = 'thumb-group';
          row.setAttribute('role', 'none');
          Object.assign(row.style, { display: 'grid', gridTemplateColumns: `repeat(${group}, minmax(0, ${size}px))`, gap: '6px' });
        }
        const fig = doc.createElement('figure');
        fig.setAttribute('role', 'listitem');
        // Captions wrap inside their own thumbnail's width (long class names ran into the next one's).
        Object.assign(fig.style, { margin: '0', width: group ? 'auto' : `${size}px`, minWidth: '0', fontSize: '12px', lineHeight: '1.2',
          textAlign: 'center', overflowWrap: 'anywhere' });
        const canvas = doc.createElement('canvas');
        canvas.width = options.width;
        canvas.height = options.height;
        Object.assign(canvas.style, group ? { width: '100%', height: 'auto', aspectRatio: '1', display: 'block', imageRendering: 'pixelated' }
          : { width: `${size}px`, height: `${size}px`, imageRendering: 'pixelated' });
        canvas.setAttribute('aria-hidden', 'true');
        const ctx = canvas.getContext('2d');
        if (ctx) {
          const img = ctx.createImageData(options.width, options.height);
          const float = t.pixels instanceof Float32Array;
          img.data.set(thumbRgba(t.pixels, options.width * options.height, float ? 255 : 1));
          ctx.putImageData(img, 0, 0);
        }
        const cap = doc.createElement('figcaption');
        cap.textContent = t.caption;
        if (t.wrong) cap.className = 'wrong';
        cap.style.color = t.wrong ? THEME.error : 'inherit';
        fig.append(canvas, cap);
        row.append(fig);
      });
    },
    destroy: () => root.remove(),
  };
}
