/**
 * A grid of numbers as SVG (scales to its container): optional zero padding drawn as a dashed border, a
 * highlighted window, a marked cell (e.g. the max-pool winner), an output cell being filled in, and only
 * the first `shown` cells filled (the step-through). Plain arrays in; runs under jsdom.
 */
import { colorOf, formatValue } from './colorScale';

/** A cell address in the unpadded grid; negative or ≥ size means a padding cell. */
export interface CellRef {
  r: number;
  c: number;
}

export interface NumberGridData {
  /** Row-major values [rows][cols] of the grid itself (without padding). */
  values: number[][];
  /** Zeros drawn around the grid. */
  pad?: { top: number; bottom: number; left: number; right: number };
  /** Cells under the sliding window (may include padding cells). */
  window?: CellRef[];
  /** One cell marked with a ring (max-pool: where the gradient goes back). */
  marked?: CellRef | null;
  /** The cell currently being computed (output grids). */
  current?: CellRef | null;
  /** Only the first `shown` cells in row-major order are filled in; the rest are blank. */
  shown?: number;
  /** Tint cells with the diverging scale ±maxAbs (0 or absent: no tint). */
  tintMaxAbs?: number;
}

export interface NumberGridOptions {
  /** Accessible name of the SVG. */
  label: string;
  /** Cell size in px at full width. */
  cellSize?: number;
}

export interface NumberGrid {
  update(data: NumberGridData): void;
  destroy(): void;
}

const SVG = 'http://www.w3.org/2000/svg';

/** Creates an SVG number grid inside `element`. */
export function createNumberGrid(element: HTMLElement, options: NumberGridOptions): NumberGrid {
  const doc = element.ownerDocument;
  const size = options.cellSize ?? 40;
  const svg = doc.createElementNS(SVG, 'svg');
  svg.setAttribute('role', 'img');
  svg.setAttribute('class', 'number-grid');
  svg.style.width = '100%';
  svg.style.height = 'auto';
  element.append(svg);

  const el = (name: string, attrs: Record<string, string | number>) => {
    const e = doc.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    return e;
  };

  return {
    update(d) {
      const pad = d.pad ?? { top: 0, bottom: 0, left: 0, right: 0 };
      const rows = d.values.length;
      const cols = rows ? d.values[0].length : 0;
      const R = rows + pad.top + pad.bottom;
      const C = cols + pad.left + pad.right;
      svg.setAttribute('viewBox', `0 0 ${C * size + 2} ${R * size + 2}`);
      svg.style.maxWidth = `${C * size + 2}px`;
      svg.setAttribute('aria-label', `${options.label}: ${rows}×${cols}${pad.top + pad.left ? ' with zero padding' : ''}`);
      const inWindow = new Set((d.window ?? []).map((w) => `${w.r},${w.c}`));
      const cells: SVGElement[] = [];
      for (let pr = 0; pr < R; pr++) {
        for (let pc = 0; pc < C; pc++) {
          const r = pr - pad.top;
          const c = pc - pad.left;
          const isPad = r < 0 || c < 0 || r >= rows || c >= cols;
          const index = r * cols + c;
          const blank = !isPad && d.shown !== undefined && index >= d.shown;
          const v = isPad ? 0 : d.values[r][c];
          const g = el('g', { class: `cell${isPad ? ' pad' : ''}`, 'data-r': r, 'data-c': c });
          if (!isPad && !blank) g.setAttribute('data-value', String(v));
          const fill = blank || isPad || !d.tintMaxAbs ? (isPad ? '#f3f3f3' : '#fff') : `rgb(${colorOf(v, { kind: 'diverging', maxAbs: d.tintMaxAbs }).join(',')})`;
          g.append(el('rect', {
            x: pc * size + 1, y: pr * size + 1, width: size, height: size, fill,
            stroke: '#999', 'stroke-width': 1, ...(isPad ? { 'stroke-dasharray': '3 3' } : {}),
          }));
          if (!blank) {
            const t = el('text', {
              x: pc * size + 1 + size / 2, y: pr * size + 1 + size / 2, 'text-anchor': 'middle',
              'dominant-baseline': 'central', 'font-size': size * 0.32, fill: isPad ? '#999' : '#111',
            });
            t.textContent = formatValue(v);
            g.append(t);
          }
          cells.push(g);
        }
      }
      const overlay = (ref: CellRef, cls: string, stroke: string, width: number, inset: number) =>
        el('rect', {
          class: cls, x: (ref.c + pad.left) * size + 1 + inset, y: (ref.r + pad.top) * size + 1 + inset,
          width: size - 2 * inset, height: size - 2 * inset, fill: 'none', stroke, 'stroke-width': width,
          ...(cls === 'marked' ? { rx: size / 2 } : {}),
        });
      const extras: SVGElement[] = [];
      for (const key of inWindow) {
        const [r, c] = key.split(',').map(Number);
        extras.push(overlay({ r, c }, 'window', '#e07b00', 3, 1.5));
      }
      if (d.current) extras.push(overlay(d.current, 'current', '#e07b00', 3, 1.5));
      if (d.marked) extras.push(overlay(d.marked, 'marked', '#6a1b9a', 3, 5));
      svg.replaceChildren(...cells, ...extras);
    },
    destroy() {
      svg.remove();
    },
  };
}
