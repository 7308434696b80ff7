/**
 * A weight histogram with the INT8 grid drawn over it: bars count the weights per bin, thin vertical lines mark
 * the values the quantized weights can take (q·scale for q in [−127, 127]). Renderer pattern of src/lib/viz:
 * (element, options) → { update(data), destroy() }.
 */
import * as d3 from 'd3';
import { THEME } from '../../src/lib/viz/theme';
import { INT8_WEIGHT_MAX, INT8_WEIGHT_MIN } from '../../src/lib/nn';
import { t } from '../../src/lib/i18n/index';

/** What one drawing shows. */
export interface HistogramData {
  values: Float32Array;
  /** Step of the quantization grid. */
  scale: number;
}

const W = 560;
const H = 200;
const M = { top: 10, right: 10, bottom: 28, left: 44 };
const BINS = 80;

/** Draws into `el` (an SVG is appended); update() redraws, destroy() removes it. */
export function quantHistogram(el: HTMLElement): { update(d: HistogramData): void; destroy(): void } {
  const svg = d3.select(el).append('svg').attr('viewBox', `0 0 ${W} ${H}`).attr('role', 'img').attr('class', 'quant-histogram');
  const g = svg.append('g');
  return {
    update({ values, scale }) {
      g.selectAll('*').remove();
      const ext = d3.extent(values) as [number, number];
      const lim = Math.max(Math.abs(ext[0] ?? 0), Math.abs(ext[1] ?? 0), 1e-12);
      const x = d3.scaleLinear().domain([-lim, lim]).range([M.left, W - M.right]);
      const bins = d3.bin().domain([-lim, lim]).thresholds(d3.range(BINS).map((i) => -lim + (2 * lim * i) / BINS))(Array.from(values));
      const y = d3.scaleLinear().domain([0, d3.max(bins, (b) => b.length) ?? 1]).nice().range([H - M.bottom, M.top]);
      const levels = d3.range(INT8_WEIGHT_MIN, INT8_WEIGHT_MAX + 1).map((q) => q * scale).filter((v) => Math.abs(v) <= lim);
      g.append('g').selectAll('line').data(levels).join('line')
        .attr('x1', (v) => x(v)).attr('x2', (v) => x(v)).attr('y1', M.top).attr('y2', H - M.bottom)
        .attr('stroke', '#e6550d').attr('stroke-opacity', levels.length > 120 ? 0.25 : 0.6).attr('stroke-width', 0.6);
      g.append('g').selectAll('rect').data(bins).join('rect')
        .attr('x', (b) => x(b.x0!)).attr('width', (b) => Math.max(0, x(b.x1!) - x(b.x0!) - 0.5))
        .attr('y', (b) => y(b.length)).attr('height', (b) => y(0) - y(b.length)).attr('fill', '#3182bd').attr('fill-opacity', 0.75);
      g.append('g').attr('transform', `translate(0,${H - M.bottom})`).call(d3.axisBottom(x).ticks(7)).attr('color', THEME.muted);
      g.append('g').attr('transform', `translate(${M.left},0)`).call(d3.axisLeft(y).ticks(4)).attr('color', THEME.muted);
      svg.attr('aria-label', t('Histogram of {n} weights between {lo} and {hi}, with {levels} quantization levels of step {step} inside that range.', {
        n: values.length, lo: String(ext[0]?.toPrecision(3)), hi: String(ext[1]?.toPrecision(3)), levels: levels.length, step: scale.toPrecision(3),
      }));
    },
    destroy() {
      svg.remove();
    },
  };
}
