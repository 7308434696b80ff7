/**
 * Receptive field of a layer's unit on the input image, from the layers' kernel/stride/padding (plain data).
 * Along one axis: j_out = j_in·s, r_out = r_in + (k−1)·j_in, c_out = c_in + ((k−1)/2 − p)·j_in, where c is the
 * input index at the centre of unit 0. Unit i then sees input indices c + i·j ± (r−1)/2 (before clipping).
 */
import { t } from '../i18n/index';

export interface RfLayer { name: string; kind: string; inputs: string[]; kernel?: number; stride?: number; pad?: number; outputShape: number[] }
export interface Rf { size: number; jump: number; center0: number }

/** Receptive field of every layer (input: size 1, jump 1, centre 0). Adds take the widest input. */
export function receptiveFields(layers: RfLayer[]): Map<string, Rf> {
  const rfs = new Map<string, Rf>([['input', { size: 1, jump: 1, center0: 0 }]]);
  const shapes = new Map<string, number[]>();
  for (const l of layers) {
    const ins = l.inputs.map((n) => rfs.get(n)!);
    const r = ins.reduce((a, b) => (b.size > a.size ? b : a));
    let out = r;
    if (l.kind === 'conv' || l.kind === 'maxpool') {
      const k = l.kernel ?? 1;
      out = { size: r.size + (k - 1) * r.jump, jump: r.jump * (l.stride ?? 1), center0: r.center0 + ((k - 1) / 2 - (l.pad ?? 0)) * r.jump };
    } else if (l.kind === 'gap') {
      const h = shapes.get(l.inputs[0])?.[0] ?? 1;
      out = { size: r.size + (h - 1) * r.jump, jump: r.jump * h, center0: r.center0 + ((h - 1) / 2) * r.jump };
    }
    rfs.set(l.name, out);
    shapes.set(l.name, l.outputShape);
  }
  return rfs;
}

/** Input-pixel box [x0,x1] × [y0,y1] (inclusive, unclipped) seen by unit (row, col). */
export function rfBox(rf: Rf, row: number, col: number): { x0: number; x1: number; y0: number; y1: number } {
  const half = (rf.size - 1) / 2;
  const cx = rf.center0 + col * rf.jump;
  const cy = rf.center0 + row * rf.jump;
  return { x0: cx - half, x1: cx + half, y0: cy - half, y1: cy + half };
}

export interface RfData {
  image: { width: number; height: number; data: Uint8ClampedArray | Uint8Array };
  layer: string;
  rf: Rf;
  /** Output grid of the layer (h, w); a [c]-shaped output counts as 1×1. */
  grid: [number, number];
  unit: [number, number];
}
export interface RfView { update(d: RfData): void; destroy(): void }

/** Draws the image with the unit's receptive field as a square; click picks the unit under the pointer. */
export function createReceptiveField(element: HTMLElement, options: { onUnit?: (row: number, col: number) => void } = {}): RfView {
  const doc = element.ownerDocument;
  const root = element.appendChild(doc.createElement('div'));
  root.className = 'rf-view';
  const canvas = root.appendChild(doc.createElement('canvas'));
  canvas.style.cssText = 'width:100%;max-width:224px;display:block;cursor:crosshair';
  canvas.setAttribute('role', 'img');
  const text = root.appendChild(doc.createElement('p'));
  text.className = 'rf-text';
  let last: RfData | null = null;
  canvas.addEventListener('click', (e) => {
    if (!last) return;
    const s = last.image.width / (canvas.clientWidth || last.image.width);
    const unit = (v: number, n: number) => Math.max(0, Math.min(n - 1, Math.round((v * s - last!.rf.center0) / last!.rf.jump)));
    options.onUnit?.(unit(e.offsetY, last.grid[0]), unit(e.offsetX, last.grid[1]));
  });
  return {
    update(d) {
      last = d;
      const b = rfBox(d.rf, d.unit[0], d.unit[1]);
      const clip = (v: number, n: number) => Math.max(0, Math.min(n - 1, v));
      const cw = clip(b.x1, d.image.width) - clip(b.x0, d.image.width) + 1;
      const ch = clip(b.y1, d.image.height) - clip(b.y0, d.image.height) + 1;
      // Worded on every update, in the page's language (an effect that updates re-runs on a language switch).
      const sees = t('Unit ({row}, {col}) of {layer} sees a {size}×{size} pixel window (neighbouring units are {jump} px apart)', {
        row: String(d.unit[0]), col: String(d.unit[1]), layer: d.layer, size: String(d.rf.size), jump: String(d.rf.jump),
      });
      const inside = cw < d.rf.size || ch < d.rf.size
        ? t('; {w}×{h} of it lies inside the image, the rest is padding.', { w: String(Math.round(cw)), h: String(Math.round(ch)) }) : t('.');
      const desc = `${sees}${inside}`;
      text.textContent = desc;
      canvas.setAttribute('aria-label', desc);
      canvas.width = d.image.width;
      canvas.height = d.image.height;
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      const img = ctx.createImageData(d.image.width, d.image.height);
      img.data.set(d.image.data);
      ctx.putImageData(img, 0, 0);
      ctx.fillStyle = 'rgba(255,200,0,0.25)';
      ctx.strokeStyle = '#ffcc00';
      ctx.lineWidth = 2;
      ctx.fillRect(b.x0, b.y0, d.rf.size, d.rf.size);
      ctx.strokeRect(b.x0, b.y0, d.rf.size, d.rf.size);
      ctx.fillStyle = '#d62728';
      ctx.fillRect(b.x0 + (d.rf.size - 1) / 2 - 1, b.y0 + (d.rf.size - 1) / 2 - 1, 3, 3);
    },
    destroy: () => root.remove(),
  };
}
