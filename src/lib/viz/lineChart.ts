import * as d3 from 'd3';

/** One line of a chart: points as plain numbers (no tensors). Non-finite or (log scale) non-positive y are skipped. */
export interface LineSeries {
  name: string;
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  /** CSS colour; defaults to d3.schemeTableau10 by series index. */
  color?: string;
  /** Dashed stroke (e.g. a validation curve next to its training curve). */
  dashed?: boolean;
}

export interface LineChartOptions {
  /** viewBox size in user units; the SVG scales to its container's width. */
  width?: number;
  height?: number;
  xLabel?: string;
  yLabel?: string;
  yScale?: 'linear' | 'log';
  /** Fixed domains; otherwise taken from the data (y linear includes 0 only if `yFromZero`). */
  xDomain?: [number, number];
  yDomain?: [number, number];
  yFromZero?: boolean;
  /** Accessible name of the SVG (role="img"). */
  title?: string;
}

export interface LineChart {
  /** Redraws; `domains` overrides the options' fixed domains for this draw (e.g. a range that grows). */
  update(series: LineSeries[], domains?: { xDomain?: [number, number]; yDomain?: [number, number] }): void;
  destroy(): void;
}

const MARGIN = { top: 12, right: 12, bottom: 40, left: 56 };

/**
 * Linear-axis tick labels as plain numbers: 20, 4,000, 0.0002 — never 2e+1 (what '~g' printed). d3 picks the
 * decimals from the tick step ('f' without a precision), '~' drops trailing zeros, ',' groups thousands.
 */
const PLAIN_TICKS = ',~f';

/** Log-axis tick labels: powers of ten as 10⁻³, 1, 10; the ticks between decades stay unlabelled. */
function decadeLabel(v: d3.NumberValue): string {
  const e = Math.log10(Number(v));
  if (Math.abs(e - Math.round(e)) > 1e-9) return '';
  const k = Math.round(e);
  if (k === 0) return '1';
  if (k === 1) return '10';
  const sup: Record<string, string> = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };
  return `10${String(k).split('').map((c) => sup[c]).join('')}`;
}

/** Finite points of a series, in x order as given; on a log y scale only y > 0 is drawable. */
function drawable(s: LineSeries, log: boolean): [number, number][] {
  const out: [number, number][] = [];
  const n = Math.min(s.xs.length, s.ys.length);
  for (let i = 0; i < n; i++) {
    const x = s.xs[i];
    const y = s.ys[i];
    if (Number.isFinite(x) && Number.isFinite(y) && (!log || y > 0)) out.push([x, y]);
  }
  return out;
}

function extentOf(values: number[], fallback: [number, number]): [number, number] {
  if (values.length === 0) return fallback;
  let lo = d3.min(values)!;
  let hi = d3.max(values)!;
  if (lo === hi) {
    lo = lo === 0 ? -1 : lo - Math.abs(lo) * 0.1;
    hi = hi === 0 ? 1 : hi + Math.abs(hi) * 0.1;
  }
  return [lo, hi];
}

/**
 * Line chart with any number of series, linear or log y, axis labels and a legend. SVG built with
 * `element.ownerDocument` (runs under jsdom). update() redraws everything from the plain arrays it gets.
 */
export function createLineChart(element: HTMLElement, options: LineChartOptions = {}): LineChart {
  const width = options.width ?? 480;
  const height = options.height ?? 260;
  const log = options.yScale === 'log';
  const innerW = width - MARGIN.left - MARGIN.right;
  const innerH = height - MARGIN.top - MARGIN.bottom;

  const svg = d3
    .select(element)
    .append('svg')
    .attr('class', 'line-chart')
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('role', 'img')
    .style('width', '100%')
    .style('height', 'auto');
  if (options.title) svg.attr('aria-label', options.title);
  // The legend is HTML under the plot: it wraps on narrow screens instead of covering the lines.
  const legend = d3.select(element).append('div').attr('class', 'legend').style('display', 'flex')
    .style('flex-wrap', 'wrap').style('gap', '0.2rem 0.9rem').style('font-size', '0.8rem');
  const plot = svg.append('g').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
  const xAxis = plot.append('g').attr('class', 'x-axis').attr('transform', `translate(0,${innerH})`);
  const yAxis = plot.append('g').attr('class', 'y-axis');
  const lines = plot.append('g').attr('class', 'lines');
  if (options.xLabel) {
    svg.append('text').attr('class', 'x-label').attr('x', MARGIN.left + innerW / 2).attr('y', height - 6)
      .attr('text-anchor', 'middle').attr('font-size', 12).attr('fill', 'currentColor').text(options.xLabel);
  }
  if (options.yLabel) {
    svg.append('text').attr('class', 'y-label').attr('transform', `translate(14,${MARGIN.top + innerH / 2}) rotate(-90)`)
      .attr('text-anchor', 'middle').attr('font-size', 12).attr('fill', 'currentColor').text(options.yLabel);
  }

  function update(series: LineSeries[], domains: { xDomain?: [number, number]; yDomain?: [number, number] } = {}): void {
    const pts = series.map((s) => drawable(s, log));
    const allX = pts.flat().map((p) => p[0]);
    const allY = pts.flat().map((p) => p[1]);
    const fixedY = domains.yDomain ?? options.yDomain;
    const xDom = domains.xDomain ?? options.xDomain ?? extentOf(allX, [0, 1]);
    let yDom = fixedY ?? extentOf(allY, log ? [0.1, 1] : [0, 1]);
    if (!fixedY && !log && options.yFromZero) yDom = [Math.min(0, yDom[0]), Math.max(0, yDom[1])];
    const x = d3.scaleLinear().domain(xDom).range([0, innerW]);
    const y = log
      ? d3.scaleLog().domain(yDom).range([innerH, 0]).nice()
      : d3.scaleLinear().domain(yDom).range([innerH, 0]).nice();
    xAxis.call(d3.axisBottom(x).ticks(Math.max(2, Math.floor(innerW / 70)), PLAIN_TICKS));
    yAxis.call(log ? d3.axisLeft(y).ticks(5).tickFormat(decadeLabel) : d3.axisLeft(y).ticks(5, PLAIN_TICKS));
    const line = d3.line<[number, number]>().x((p) => x(p[0])).y((p) => y(p[1]));
    const colour = (i: number) => series[i].color ?? d3.schemeTableau10[i % 10];
    lines
      .selectAll('path')
      .data(pts)
      .join('path')
      .attr('class', 'series')
      .attr('data-name', (_, i) => series[i].name)
      .attr('data-points', (p) => p.length)
      .attr('fill', 'none')
      .style('stroke', (_, i) => colour(i)) // a style, so a colour given as var(--accent) follows the theme
      .attr('stroke-width', 2)
      .attr('stroke-dasharray', (_, i) => (series[i].dashed ? '5 3' : null))
      .attr('d', (p) => (p.length > 0 ? line(p) : null));
    legend
      .selectAll('span.item')
      .data(series)
      .join((enter) => {
        const item = enter.append('span').attr('class', 'item');
        item.append('svg').attr('width', 18).attr('height', 8).attr('aria-hidden', 'true')
          .append('line').attr('x1', 0).attr('x2', 18).attr('y1', 4).attr('y2', 4).attr('stroke-width', 2);
        item.append('span').attr('class', 'name').style('margin-left', '0.3em');
        return item;
      })
      .each(function (s, i) {
        const item = d3.select(this);
        item.select('line').style('stroke', colour(i)).attr('stroke-dasharray', s.dashed ? '5 3' : null);
        item.select('.name').text(s.name);
      });
  }

  return {
    update,
    destroy: () => {
      svg.remove();
      legend.remove();
    },
  };
}
