/**
 * Per-layer gradient-norm heatmap over time: one row per layer with parameters (input at the top, fc at the
 * bottom), one column per recorded step, colour = log10 of the layer's gradient L2 norm (viridis), so a
 * vanishing gradient (dark rows near the input) or an exploding one (bright columns) is visible at a glance.
 * The same view draws any positive per-layer quantity on a log scale, e.g. the update-to-weight ratio
 * ‖Δw‖/‖w‖ (options.symbol names it in the caption). Canvas for the cells (hundreds of steps), SVG-free text
 * labels and a colour bar; plain arrays in.
 */
import { interpolateViridis, rgb } from 'd3';
import { t } from '../i18n/index';

export interface GradHeatmapData {
  layers: string[];
  steps: number[];
  /** norms[i][j]: layer j at steps[i] (any positive per-layer quantity; ≤ 0 or non-finite is drawn magenta). */
  norms: number[][];
}

export interface GradHeatmapOptions {
  /** Accessible name of the canvas. */
  label?: string;
  /** The quantity in the caption's colour key (default '‖g‖'). */
  symbol?: string;
  /** Caption before any row arrives (default 'No gradient norms recorded yet.'). */
  emptyText?: string;
}

export interface GradHeatmap {
  update(data: GradHeatmapData): void;
  destroy(): void;
}

/** log10 of every norm (NaN for non-positive/non-finite) and the finite range, for the colour scale. */
export function logNorms(norms: number[][]): { values: number[][]; min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  const values = norms.map((row) => row.map((v) => {
    if (!(v > 0) || !Number.isFinite(v)) return NaN;
    const l = Math.log10(v);
    min = Math.min(min, l);
    max = Math.max(max, l);
    return l;
  }));
  if (!Number.isFinite(min)) return { values, min: 0, max: 1 };
  return { values, min, max: max > min ? max : min + 1 };
}

/** A run of consecutive rows whose layer names share their first part: 'stem', 'stage1' … 'stage4', 'head'. */
export interface RowGroup { name: string; start: number; count: number; layers: string[] }

/** Rows grouped by the layer name's first dotted part, in row order (a name met again later starts a new group). */
export function rowGroups(layers: string[]): RowGroup[] {
  const out: RowGroup[] = [];
  layers.forEach((l, i) => {
    const name = l.split('.')[0];
    const last = out.at(-1);
    if (last && last.name === name) {
      last.count += 1;
      last.layers.push(l);
    } else out.push({ name, start: i, count: 1, layers: [l] });
  });
  return out;
}

/** Row labels beside the canvas: one per group, spanning its rows, with the group's layer names as its tooltip. */
function drawRowLabels(box: HTMLElement, layers: string[]): void {
  box.replaceChildren(...rowGroups(layers).map((g) => {
    const label = box.ownerDocument.createElement('span');
    label.className = 'grad-heatmap-row-label';
    label.textContent = g.name;
    label.title = g.layers.join('\n');
    Object.assign(label.dataset, { start: String(g.start), count: String(g.count) });
    label.style.cssText = `position:absolute;right:0.3rem;left:0;top:${(100 * g.start) / layers.length}%;` +
      `height:${(100 * g.count) / layers.length}%;border-top:1px solid var(--line, #ccc);text-align:right;line-height:1;overflow:visible;white-space:nowrap`;
    return label;
  }));
}

/** Draws into `element`: a canvas (layers × steps) with its rows labelled by stage, a colour bar, and a caption. */
export function createGradHeatmap(element: HTMLElement, options: GradHeatmapOptions = {}): GradHeatmap {
  const doc = element.ownerDocument;
  const root = doc.createElement('div');
  root.className = 'grad-heatmap';
  const canvas = doc.createElement('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', options.label ?? t('Gradient norm per layer over training steps'));
  Object.assign(canvas.style, { width: '100%', height: '240px', imageRendering: 'pixelated', display: 'block', flex: '1', minWidth: '0' });
  // Which rows are which layers: the stage names beside the rows they span (issue 11).
  const body = doc.createElement('div');
  body.className = 'grad-heatmap-body';
  body.style.cssText = 'display:flex;align-items:stretch;font-size:0.75rem';
  const rowLabels = doc.createElement('div');
  rowLabels.className = 'grad-heatmap-rows';
  rowLabels.setAttribute('aria-hidden', 'true'); // the caption names the rows in words
  rowLabels.style.cssText = 'position:relative;width:3.6rem;flex:none';
  body.append(rowLabels, canvas);
  // Colour bar (rough edge 9): the viridis ramp with the log10 range at its ends, so a colour can be read back.
  const bar = doc.createElement('div');
  bar.className = 'grad-heatmap-bar';
  bar.style.cssText = 'display:flex;align-items:center;gap:0.4rem;font-size:0.8rem;margin-top:0.3rem;font-variant-numeric:tabular-nums';
  const lo = doc.createElement('span');
  const ramp = doc.createElement('canvas');
  ramp.setAttribute('aria-hidden', 'true');
  ramp.width = 128;
  ramp.height = 1;
  ramp.style.cssText = 'width:160px;height:12px;display:block;image-rendering:auto';
  const hi = doc.createElement('span');
  bar.append(lo, ramp, hi);
  const rampCtx = ramp.getContext('2d');
  if (rampCtx) {
    const img = rampCtx.createImageData(128, 1);
    for (let i = 0; i < 128; i++) {
      const c = rgb(interpolateViridis(i / 127));
      img.data.set([c.r, c.g, c.b, 255], i * 4);
    }
    rampCtx.putImageData(img, 0, 0);
  }
  const caption = doc.createElement('p');
  caption.className = 'grad-heatmap-caption';
  root.append(body, bar, caption);
  element.append(root);
  return {
    update(data) {
      const { values, min, max } = logNorms(data.norms);
      const rows = data.layers.length;
      const cols = data.steps.length;
      canvas.width = Math.max(1, cols);
      canvas.height = Math.max(1, rows);
      canvas.dataset.rows = String(rows);
      canvas.dataset.cols = String(cols);
      const ctx = canvas.getContext('2d');
      if (ctx && rows && cols) {
        const img = ctx.createImageData(cols, rows);
        for (let i = 0; i < cols; i++) {
          for (let j = 0; j < rows; j++) {
            const v = values[i][j];
            const c = Number.isNaN(v) ? rgb(255, 0, 255) : rgb(interpolateViridis((v - min) / (max - min)));
            img.data.set([c.r, c.g, c.b, 255], (j * cols + i) * 4);
          }
        }
        ctx.putImageData(img, 0, 0);
      }
      bar.hidden = cols === 0;
      drawRowLabels(rowLabels, cols === 0 ? [] : data.layers);
      const sym = options.symbol ?? '‖g‖';
      lo.textContent = `${sym} 10^${min.toFixed(1)}`;
      hi.textContent = `10^${max.toFixed(1)}`;
      const first = data.layers[0] ?? '';
      const last = data.layers[rows - 1] ?? '';
      // Worded on every update, in the page's language (the view's effect re-runs on a language switch); numbers
      // go in as text so the step range and log values read as the plot's own (no grouping, two decimals).
      const p = { rows: String(rows), first, last, groups: rowGroups(data.layers).map((g) => `${g.name} ${g.count}`).join(', '),
        from: String(data.steps[0]), to: String(data.steps[cols - 1]), symbol: sym, min: min.toFixed(2), max: max.toFixed(2) };
      caption.textContent = cols === 0 ? options.emptyText ?? t('No gradient norms recorded yet.') : rows === 1
        ? t('Rows: {rows} layer, {first} (top) to {last} (bottom), grouped by stage ({groups}); columns: steps {from}–{to}. Colour: log₁₀ {symbol} from {min} (dark) to {max} (yellow); magenta = not finite.', p)
        : t('Rows: {rows} layers, {first} (top) to {last} (bottom), grouped by stage ({groups}); columns: steps {from}–{to}. Colour: log₁₀ {symbol} from {min} (dark) to {max} (yellow); magenta = not finite.', p);
    },
    destroy: () => root.remove(),
  };
}
