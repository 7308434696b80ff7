/**
 * Per-layer gradient norms: weighted layer number on x (1 = next to the input), ‖∂L/∂W‖ on a log y axis,
 * one line per net. A vanishing gradient shows as a line that falls by decades toward layer 1.
 * Built on lineChart; plain arrays in.
 */
import { createLineChart, type LineChart, type LineSeries } from './lineChart';

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

/** Creates the plot inside `element`. */
export function createGradNormPlot(element: HTMLElement, options: GradNormPlotOptions = {}): GradNormPlot {
  const chart: LineChart = createLineChart(element, {
    width: options.width ?? 480,
    height: options.height ?? 260,
    xLabel: 'weighted layer (1 = input side)',
    yLabel: '‖∂L/∂W‖ (log scale)',
    yScale: 'log',
    title: options.title ?? 'Gradient norm per layer',
  });
  element.querySelector('svg')?.classList.add('grad-norm-plot');
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
      chart.update(lines, { xDomain: [1, Math.max(2, depth)], yDomain: options.yDomain ?? decadeDomain(series) });
    },
    destroy: () => chart.destroy(),
  };
}
