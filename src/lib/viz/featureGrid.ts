import { DIVERGING, VIRIDIS, lutIndex, type Lut } from './colorScale';
import { t } from '../i18n/index';

/**
 * Feature maps of one layer as a canvas grid (one tile per channel, each tile scaled to its own range),
 * plus a zoom of one channel with its value range and a colour legend. Plain arrays in: one image's
 * activation NHWC [h,w,c] flattened.
 */

export interface FeatureMap { data: Float32Array; shape: [number, number, number] }
export interface ChannelStats { mean: number; min: number; max: number }
export type ChannelSort = 'index' | 'mean';

/** Per-channel mean, min and max of an [h,w,c] map. */
export function channelStats(fm: FeatureMap): ChannelStats[] {
  const [h, w, c] = fm.shape;
  const out = Array.from({ length: c }, () => ({ mean: 0, min: Infinity, max: -Infinity }));
  for (let i = 0; i < h * w; i++) {
    for (let k = 0; k < c; k++) {
      const v = fm.data[i * c + k];
      const s = out[k];
      s.mean += v;
      if (v < s.min) s.min = v;
      if (v > s.max) s.max = v;
    }
  }
  for (const s of out) s.mean /= h * w;
  return out;
}

/** Channel indices in display order: as stored, or by mean activation, highest first (ties by index). */
export function channelOrder(stats: ChannelStats[], sort: ChannelSort): number[] {
  const idx = stats.map((_, i) => i);
  return sort === 'mean' ? idx.sort((a, b) => stats[b].mean - stats[a].mean || a - b) : idx;
}

/** Colour scale of a value range: diverging and symmetric about 0 when the range has both signs. */
export function scaleFor(min: number, max: number): { lut: Lut; lo: number; hi: number; diverging: boolean } {
  if (min < 0 && max > 0) {
    const m = Math.max(-min, max);
    return { lut: DIVERGING, lo: -m, hi: m, diverging: true };
  }
  return { lut: VIRIDIS, lo: min, hi: max, diverging: false };
}

/** RGBA pixels [h,w] of channel k coloured on [lo,hi]. */
export function channelPixels(fm: FeatureMap, k: number, scale: { lut: Lut; lo: number; hi: number }): Uint8ClampedArray {
  const [h, w, c] = fm.shape;
  const out = new Uint8ClampedArray(h * w * 4);
  for (let i = 0; i < h * w; i++) {
    const j = lutIndex(fm.data[i * c + k], scale.lo, scale.hi) * 3;
    out.set([scale.lut[j], scale.lut[j + 1], scale.lut[j + 2], 255], i * 4);
  }
  return out;
}

/** Grid of n tiles of h×w with a 1-px gap: columns ≈ √n (at most 32). */
export function gridLayout(n: number, h: number, w: number): { cols: number; rows: number; width: number; height: number } {
  const cols = Math.min(32, Math.ceil(Math.sqrt(n)));
  const rows = Math.ceil(n / cols);
  return { cols, rows, width: cols * (w + 1) - 1, height: rows * (h + 1) - 1 };
}

export interface FeatureGridData { map: FeatureMap; sort: ChannelSort; selected: number; label: string }
export interface FeatureGridOptions { onSelect?: (channel: number) => void }
export interface FeatureGrid { update(d: FeatureGridData): void; destroy(): void }

function paint(canvas: HTMLCanvasElement, width: number, height: number, fill: (img: ImageData) => void): void {
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return; // no 2D context (jsdom without canvas): the text parts still render
  const img = ctx.createImageData(width, height);
  fill(img);
  ctx.putImageData(img, 0, 0);
}

/** Draws the grid and the zoomed channel. Click or arrow keys on the grid pick a channel (onSelect). */
export function createFeatureGrid(element: HTMLElement, options: FeatureGridOptions = {}): FeatureGrid {
  const doc = element.ownerDocument;
  const root = element.appendChild(doc.createElement('div'));
  root.className = 'feature-grid';
  const grid = root.appendChild(doc.createElement('canvas'));
  grid.tabIndex = 0;
  grid.setAttribute('role', 'img');
  // An image needs a name from the start; update() replaces it once there are maps to describe.
  grid.setAttribute('aria-label', t('Feature maps, not computed yet'));
  grid.style.cssText = 'width:100%;max-width:480px;image-rendering:pixelated;display:block;cursor:crosshair';
  // Key for the tiles (rough edge 9): each tile has its own range, and tiles with both signs use another colour map.
  const key = root.appendChild(doc.createElement('div'));
  key.className = 'feature-grid-key';
  key.style.cssText = 'display:flex;flex-wrap:wrap;gap:0.2rem 0.9rem;font-size:0.8rem;margin:0.3rem 0';
  const keyItem = (lut: Lut) => {
    const item = key.appendChild(doc.createElement('span'));
    item.style.cssText = 'display:inline-flex;align-items:center;gap:0.35rem';
    const ramp = item.appendChild(doc.createElement('canvas'));
    ramp.setAttribute('aria-hidden', 'true');
    ramp.style.cssText = 'width:64px;height:10px;display:block';
    paint(ramp, 256, 1, (img) => { for (let i = 0; i < 256; i++) img.data.set([lut[i * 3], lut[i * 3 + 1], lut[i * 3 + 2], 255], i * 4); });
    return item.appendChild(doc.createElement('span'));
  };
  const oneSign = keyItem(VIRIDIS);
  const twoSigns = keyItem(DIVERGING);
  const zoom = root.appendChild(doc.createElement('div'));
  zoom.className = 'feature-zoom';
  const big = zoom.appendChild(doc.createElement('canvas'));
  big.style.cssText = 'width:160px;height:160px;image-rendering:pixelated';
  const legend = zoom.appendChild(doc.createElement('canvas'));
  legend.style.cssText = 'width:160px;height:10px;display:block';
  const caption = zoom.appendChild(doc.createElement('p'));
  caption.className = 'feature-stats';
  let order: number[] = [];
  let current: FeatureGridData | null = null;

  const pick = (pos: number) => {
    if (!current || order.length === 0) return;
    options.onSelect?.(order[Math.max(0, Math.min(order.length - 1, pos))]);
  };
  grid.addEventListener('click', (e) => {
    if (!current) return;
    const [h, w] = current.map.shape;
    const lay = gridLayout(order.length, h, w);
    const x = Math.floor(((e.offsetX / (grid.clientWidth || lay.width)) * lay.width) / (w + 1));
    const y = Math.floor(((e.offsetY / (grid.clientHeight || lay.height)) * lay.height) / (h + 1));
    pick(y * lay.cols + x);
  });
  grid.addEventListener('keydown', (e) => {
    if (!current) return;
    const lay = gridLayout(order.length, current.map.shape[0], current.map.shape[1]);
    const step = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: lay.cols, ArrowUp: -lay.cols }[e.key];
    if (step === undefined) return;
    e.preventDefault();
    pick(order.indexOf(current.selected) + step);
  });

  function update(d: FeatureGridData) {
    current = d;
    const [h, w, c] = d.map.shape;
    const stats = channelStats(d.map);
    order = channelOrder(stats, d.sort);
    const lay = gridLayout(c, h, w);
    // Worded on every update, in the page's language (an effect that updates re-runs on a language switch).
    grid.setAttribute('aria-label', t('{c} feature maps of {label}, {h}×{w} each, {order}; arrow keys pick a channel', {
      c: String(c), label: d.label, h: String(h), w: String(w), order: d.sort === 'mean' ? t('sorted by mean activation') : t('in channel order'),
    }));
    paint(grid, lay.width, lay.height, (img) => {
      img.data.fill(255);
      order.forEach((k, pos) => {
        const px = channelPixels(d.map, k, scaleFor(stats[k].min, stats[k].max));
        const ox = (pos % lay.cols) * (w + 1);
        const oy = Math.floor(pos / lay.cols) * (h + 1);
        for (let y = 0; y < h; y++) img.data.set(px.subarray(y * w * 4, (y + 1) * w * 4), ((oy + y) * lay.width + ox) * 4);
      });
    });
    const mixed = stats.filter((st) => st.min < 0 && st.max > 0).length;
    const n = String(c - mixed);
    oneSign.textContent = c - mixed === 1 ? t('{n} tile: own min (dark) to own max (yellow)', { n }) : t('{n} tiles: own min (dark) to own max (yellow)', { n });
    twoSigns.textContent = mixed === 1
      ? t('{n} tile with both signs: blue −m, white 0, red +m (m = own largest |value|)', { n: String(mixed) })
      : t('{n} tiles with both signs: blue −m, white 0, red +m (m = own largest |value|)', { n: String(mixed) });
    (oneSign.parentElement as HTMLElement).hidden = mixed === c;
    (twoSigns.parentElement as HTMLElement).hidden = mixed === 0;
    const k = Math.min(d.selected, c - 1);
    const s = stats[k];
    const scale = scaleFor(s.min, s.max);
    paint(big, w, h, (img) => img.data.set(channelPixels(d.map, k, scale)));
    paint(legend, 256, 1, (img) => {
      for (let i = 0; i < 256; i++) img.data.set([scale.lut[i * 3], scale.lut[i * 3 + 1], scale.lut[i * 3 + 2], 255], i * 4);
    });
    const f = (v: number) => v.toPrecision(3);
    caption.textContent = t('channel {k} of {c}: min {min}, max {max}, mean {mean}. ', { k: String(k), c: String(c), min: f(s.min), max: f(s.max), mean: f(s.mean) }) +
      t('Colour from {lo} (left) to {hi} (right)', { lo: f(scale.lo), hi: f(scale.hi) }) + (scale.diverging ? t(', white = 0') : '') + t('.');
  }

  return { update, destroy: () => root.remove() };
}
