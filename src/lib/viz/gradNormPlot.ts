/**
 * Per-layer gradient norms: weighted layer number on x (1 = next to the input), ‖∂L/∂W‖ on a log y axis,
 * one line per net. A vanishing gradient shows as a line that falls by decades toward layer 1.
 * Built on lineChart; plain arrays in.
 */
import { createLineChart, type LineChart, type LineSeries } from './lineChart';
import { t } from '../i18n/index';

/** Norms per weighted layer of one net, in layer order (input side first). */
export interface GradNormSeries {
  name: string;
  norms: ArrayLike<number>;
  color?: string;
  dashed?: boolean;
}

export interface GradNormPlotOptions {
  title?: string;
  width?: number;
  height?: number;
  /** Keep the y range fixed (e.g. [1e-16, 1e2]) so lines can be compared while they move. */
  yDomain?: [number, number];
}

export interface GradNormPlot {
  update(series: GradNormSeries[]): void;
  destroy(): void;
}

/** Smallest and largest positive finite values across all series, widened to whole decades. */
export function decadeDomain(series: GradNormSeries[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    for (let i = 0; i < s.norms.length; i++) {
      const v = s.norms[i];
      if (Number.isFinite(v) && v > 0) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
  }
  if (!(lo <= hi)) return [1e-3, 1];
  const a = Math.floor(Math.log10(lo));
  const b = Math.max(Math.ceil(Math.log10(hi)), a + 1);
  return [Number(`1e${a}`), Number(`1e${b}`)]; // exact decimal powers (10 ** −5 is not 1e-5 in binary)
}

/** 1-based layer numbers as ranges: [1,2,3,7] → '1–3, 7'. */
function layerRanges(layers: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < layers.length; ) {
    let j = i;
    while (j + 1 < layers.length && layers[j + 1] === layers[j] + 1) j++;
    parts.push(i === j ? `${layers[i]}` : `${layers[i]}–${layers[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

/**
 * Plain words for the points a log axis cannot show (rough edge 10: a line that just stops reads as a bug): per
 * series, the layers whose norm is exactly 0 (float32 underflow), not a number, or under `floor` (a fixed axis's
 * bottom). Empty when every point is drawn.
 */
export function undrawnNote(series: GradNormSeries[], floor = 0): string {
  const parts: string[] = [];
  for (const s of series) {
    const zero: number[] = [];
    const bad: number[] = [];
    const below: number[] = [];
    for (let i = 0; i < s.norms.length; i++) {
      const v = s.norms[i];
      if (v === 0) zero.push(i + 1);
      else if (!(v > 0) || !Number.isFinite(v)) bad.push(i + 1);
      else if (v < floor) below.push(i + 1);
    }
    // One sentence per count (English has a plural, Chinese none), each through t() whole.
    if (below.length) {
      const p = { name: s.name, layers: layerRanges(below), floor: floor.toExponential(0) };
      parts.push(below.length > 1 ? t('{name}, layers {layers}: below the axis (under {floor})', p) : t('{name}, layer {layers}: below the axis (under {floor})', p));
    }
    if (zero.length) {
      const p = { name: s.name, layers: layerRanges(zero) };
      parts.push(zero.length > 1
        ? t('{name}, layers {layers}: the gradient is exactly 0 (smaller than float32 can hold), so it has no place on a log axis', p)
        : t('{name}, layer {layers}: the gradient is exactly 0 (smaller than float32 can hold), so it has no place on a log axis', p));
    }
    if (bad.length) {
      const p = { name: s.name, layers: layerRanges(bad) };
      parts.push(bad.length > 1 ? t('{name}, layers {layers}: not a finite number', p) : t('{name}, layer {layers}: not a finite number', p));
    }
  }
  return parts.length ? t('Not drawn — {parts}.', { parts: parts.join(t('; ')) }) : '';
}

/** Creates the plot inside `element`. */
export function createGradNormPlot(element: HTMLElement, options: GradNormPlotOptions = {}): GradNormPlot {
  const chart: LineChart = createLineChart(element, {
    width: options.width ?? 480,
    height: options.height ?? 260,
    xLabel: t('weighted layer (1 = input side)'),
    yLabel: t('‖∂L/∂W‖ (log scale)'),
    yScale: 'log',
    title: options.title ?? t('Gradient norm per layer'),
  });
  element.querySelector('svg')?.classList.add('grad-norm-plot');
  const note = element.ownerDocument.createElement('p');
  note.className = 'grad-norm-note';
  note.style.cssText = 'font-size:0.8rem;margin:0.2rem 0;';
  note.setAttribute('aria-live', 'polite');
  element.append(note);
  return {
    update(series) {
      const depth = Math.max(1, ...series.map((s) => s.norms.length));
      const lines: LineSeries[] = series.map((s) => ({
        name: s.name,
        xs: Array.from({ length: s.norms.length }, (_, i) => i + 1),
        ys: s.norms,
        color: s.color,
        dashed: s.dashed,
      }));
      // Whole decades: the axis only moves when a norm crosses a power of ten.
      const yDomain = options.yDomain ?? decadeDomain(series);
      chart.update(lines, { xDomain: [1, Math.max(2, depth)], yDomain });
      note.textContent = undrawnNote(series, yDomain[0]);
      note.hidden = note.textContent === '';
    },
    destroy: () => { chart.destroy(); note.remove(); },
  };
}
