/**
 * First-layer filters (HWIO [k,k,3,n], e.g. 7×7×3×64) as tiny RGB images on one canvas. Each filter is
 * scaled by its own largest |weight| so mid-grey is 0: rgb = 0.5 + 0.5·w / max|w|.
 */
import { t } from '../i18n/index';

export interface FilterTile { width: number; height: number; rgba: Uint8ClampedArray }

/** RGBA tiles of every output filter of an HWIO kernel with 3 input channels. */
export function filterTiles(data: Float32Array, shape: [number, number, number, number]): FilterTile[] {
  const [kh, kw, cin, n] = shape;
  if (cin !== 3) throw new Error(`filters are drawn as RGB: need 3 input channels, got ${cin}`);
  const tiles: FilterTile[] = [];
  for (let o = 0; o < n; o++) {
    let m = 0;
    for (let i = 0; i < kh * kw * 3; i++) m = Math.max(m, Math.abs(data[i * n + o]));
    const rgba = new Uint8ClampedArray(kh * kw * 4);
    for (let p = 0; p < kh * kw; p++) {
      for (let c = 0; c < 3; c++) rgba[p * 4 + c] = Math.round(255 * (0.5 + (m > 0 ? 0.5 * data[(p * 3 + c) * n + o] / m : 0)));
      rgba[p * 4 + 3] = 255;
    }
    tiles.push({ width: kw, height: kh, rgba });
  }
  return tiles;
}

export interface Filters { update(d: { data: Float32Array; shape: [number, number, number, number] }): void; destroy(): void }

/** An 8-column grid of tiles with a 1-px transparent gap, drawn pixelated. */
export function createFilters(element: HTMLElement): Filters {
  const canvas = element.appendChild(element.ownerDocument.createElement('canvas'));
  canvas.className = 'filters';
  canvas.setAttribute('role', 'img');
  canvas.style.cssText = 'width:100%;max-width:320px;image-rendering:pixelated;display:block';
  return {
    update({ data, shape }) {
      const tiles = filterTiles(data, shape);
      const [kh, kw] = shape;
      const cols = 8;
      const rows = Math.ceil(tiles.length / cols);
      canvas.width = cols * (kw + 1) - 1;
      canvas.height = rows * (kh + 1) - 1;
      canvas.setAttribute('aria-label', t('{n} first-layer filters, {kh}×{kw}×3 each, drawn as colour images', { n: String(tiles.length), kh: String(kh), kw: String(kw) }));
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      // Gaps stay transparent, so the figure's own background (light or dark theme) shows between the tiles.
      const img = ctx.createImageData(canvas.width, canvas.height);
      tiles.forEach((tile, i) => {
        const ox = (i % cols) * (kw + 1);
        const oy = Math.floor(i / cols) * (kh + 1);
        for (let y = 0; y < kh; y++) img.data.set(tile.rgba.subarray(y * kw * 4, (y + 1) * kw * 4), ((oy + y) * canvas.width + ox) * 4);
      });
      ctx.putImageData(img, 0, 0);
    },
    destroy: () => canvas.remove(),
  };
}
