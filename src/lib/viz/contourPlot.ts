import * as d3 from 'd3';
import { THEME } from './theme';

/**
 * A function of two variables drawn as contour lines (d3-contour), with paths (descent trajectories), point
 * markers and arrows on top. Plain arrays in; SVG built with `element.ownerDocument` (runs under jsdom).
 * Everything outside the grid's rectangle is clipped, so a diverging path leaves the picture at its edge.
 * Colours are set as styles, so a caller's `var(--…)` (src/app.css) works and the plot follows the light/dark theme;
 * unset marker and arrow colours are the theme's ink.
 */

/** Samples values[j·nx + i] = f(x_i, y_j) on a regular grid; x_0 = x[0], x_{nx−1} = x[1] (same for y). */
export interface ContourGrid {
  nx: number;
  ny: number;
  x: [number, number];
  y: [number, number];
  values: ArrayLike<number>;
}

/** A polyline in data coordinates, drawn with a dot on each point. */
export interface PlotPath {
  name: string;
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  /** Any CSS colour, `var(--accent)` included; default a Tableau 10 colour by position. */
  color?: string;
  dashed?: boolean;
}

/** A labelled point (a minimum, a start). */
export interface PlotMarker {
  x: number;
  y: number;
  label: string;
  /** Any CSS colour; default the theme's ink. */
  color?: string;
}

/** An arrow from (x, y) to (x + dx, y + dy), data coordinates. */
export interface PlotArrow {
  x: number;
  y: number;
  dx: number;
  dy: number;
  /** Any CSS colour; default the theme's muted ink. */
  color?: string;
}

export interface ContourPlotOptions {
  /** viewBox size; the SVG scales to its container's width. */
  width?: number;
  height?: number;
  xLabel?: string;
  yLabel?: string;
  /** Accessible name of the SVG (role="img"). */
  title?: string;
  /** Number of contour levels (spaced more tightly near the minimum). */
  levels?: number;
}

export interface ContourData {
  grid: ContourGrid;
  paths?: PlotPath[];
  markers?: PlotMarker[];
  arrows?: PlotArrow[];
}

export interface ContourPlot {
  update(data: ContourData): void;
  destroy(): void;
}

const MARGIN = { top: 10, right: 10, bottom: 40, left: 46 };
let clipIds = 0;

/** Contour levels between the grid's min and max, quadratically spaced so the valley floor gets lines too. */
export function contourLevels(values: ArrayLike<number>, count: number): number[] {
  const finite = Array.from(values).filter(Number.isFinite);
  const lo = d3.min(finite) ?? 0;
  const hi = d3.max(finite) ?? 1;
  return d3.range(1, count + 1).map((k) => lo + (hi - lo) * (k / (count + 1)) ** 2);
}

type Sel = d3.Selection<SVGGElement, unknown, null, undefined>;
type Scale = d3.ScaleLinear<number, number>;
/** The layers the plot draws into, made once by frame(). */
interface Layers { svg: d3.Selection<SVGSVGElement, unknown, null, undefined>; xAxis: Sel; yAxis: Sel; contours: Sel; paths: Sel;
  arrows: Sel; markers: Sel; legend: d3.Selection<HTMLDivElement, unknown, null, undefined>; headId: string; innerW: number; innerH: number }

const colour = (c: string | undefined, i: number) => c ?? d3.schemeTableau10[i % 10];

/** The SVG frame: arrow head and clip rectangle, axes, axis labels, the clipped layers and the HTML legend. */
function frame(element: HTMLElement, options: ContourPlotOptions): Layers {
  const width = options.width ?? 420;
  const height = options.height ?? 380;
  const innerW = width - MARGIN.left - MARGIN.right;
  const innerH = height - MARGIN.top - MARGIN.bottom;
  const clipId = `contour-clip-${++clipIds}`;
  const svg = d3.select(element).append('svg').attr('class', 'contour-plot').attr('viewBox', `0 0 ${width} ${height}`)
    .attr('role', 'img').style('width', '100%').style('max-width', `${width}px`).style('height', 'auto');
  if (options.title) svg.attr('aria-label', options.title);
  const defs = svg.append('defs');
  defs.append('marker').attr('id', `${clipId}-head`).attr('viewBox', '0 0 6 6').attr('refX', 5).attr('refY', 3)
    .attr('markerWidth', 6).attr('markerHeight', 6).attr('orient', 'auto')
    .append('path').attr('d', 'M0,0 L6,3 L0,6 z').attr('fill', 'context-stroke');
  defs.append('clipPath').attr('id', clipId).append('rect').attr('width', innerW).attr('height', innerH);
  const plot = svg.append('g').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
  const xAxis = plot.append('g').attr('class', 'x-axis').attr('transform', `translate(0,${innerH})`);
  const yAxis = plot.append('g').attr('class', 'y-axis');
  const inside = plot.append('g').attr('clip-path', `url(#${clipId})`);
  const layer = (name: string) => inside.append('g').attr('class', name);
  if (options.xLabel) svg.append('text').attr('x', MARGIN.left + innerW / 2).attr('y', height - 6).attr('text-anchor', 'middle')
    .attr('font-size', 13).attr('fill', 'currentColor').text(options.xLabel);
  if (options.yLabel) svg.append('text').attr('transform', `translate(13,${MARGIN.top + innerH / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle').attr('font-size', 13).attr('fill', 'currentColor').text(options.yLabel);
  const legend = d3.select(element).append('div').attr('class', 'legend').style('display', 'flex').style('flex-wrap', 'wrap')
    .style('gap', '0.2rem 0.9rem').style('font-size', '0.8rem');
  return { svg, xAxis, yAxis, contours: layer('contours'), paths: layer('paths'), arrows: layer('arrows'), markers: layer('markers'),
    legend, headId: `${clipId}-head`, innerW, innerH };
}

function drawContours(layer: Sel, g: ContourGrid, levelCount: number, x: Scale, y: Scale): void {
  // d3-contour puts sample i at grid coordinate i + 0.5.
  const gx = (c: number) => x(g.x[0] + ((c - 0.5) * (g.x[1] - g.x[0])) / (g.nx - 1));
  const gy = (c: number) => y(g.y[0] + ((c - 0.5) * (g.y[1] - g.y[0])) / (g.ny - 1));
  const project = d3.geoTransform({ point(px, py) { this.stream.point(gx(px), gy(py)); } });
  const shapes = d3.contours().size([g.nx, g.ny]).thresholds(contourLevels(g.values, levelCount))(Array.from(g.values));
  layer.selectAll('path').data(shapes).join('path').attr('d', d3.geoPath(project))
    .attr('fill', 'none').attr('stroke-width', 0.8).style('stroke', '#9aa5b1'); // mid grey: quiet on light and dark alike
}

function drawPaths(layer: Sel, paths: PlotPath[], x: Scale, y: Scale): void {
  const pts = (p: PlotPath) => Array.from({ length: Math.min(p.xs.length, p.ys.length) }, (_, i) => [x(p.xs[i]), y(p.ys[i])] as [number, number]);
  layer.selectAll('g.path').data(paths).join('g').attr('class', 'path').attr('data-name', (p) => p.name)
    .attr('data-points', (p) => Math.min(p.xs.length, p.ys.length))
    .each(function (p, i) {
      const sel = d3.select(this);
      const xy = pts(p);
      sel.selectAll('path').data([xy]).join('path').attr('d', (v) => d3.line()(v)).attr('fill', 'none')
        .style('stroke', colour(p.color, i)).attr('stroke-width', 1.8).attr('stroke-dasharray', p.dashed ? '5 3' : null);
      sel.selectAll('circle').data(xy).join('circle').attr('cx', (v) => v[0]).attr('cy', (v) => v[1]).attr('r', 2)
        .style('fill', colour(p.color, i));
    });
}

function drawMarks(l: Layers, arrows: PlotArrow[], markers: PlotMarker[], x: Scale, y: Scale): void {
  l.arrows.selectAll('line').data(arrows).join('line').attr('x1', (a) => x(a.x)).attr('y1', (a) => y(a.y))
    .attr('x2', (a) => x(a.x + a.dx)).attr('y2', (a) => y(a.y + a.dy)).style('stroke', (a) => a.color ?? THEME.muted)
    .attr('stroke-width', 1.2).attr('marker-end', `url(#${l.headId})`);
  const marks = l.markers.selectAll('g.marker').data(markers).join((enter) => {
    const m = enter.append('g').attr('class', 'marker');
    m.append('path').attr('d', 'M-5,-5L5,5M-5,5L5,-5').attr('stroke-width', 2.5);
    m.append('text').attr('x', 7).attr('y', -6).attr('font-size', 12);
    return m;
  });
  marks.attr('transform', (m) => `translate(${x(m.x)},${y(m.y)})`);
  marks.select('path').style('stroke', (m) => m.color ?? THEME.ink);
  marks.select('text').style('fill', (m) => m.color ?? THEME.ink).text((m) => m.label);
}

function drawLegend(legend: Layers['legend'], paths: PlotPath[]): void {
  legend.selectAll('span.item').data(paths).join((enter) => {
    const item = enter.append('span').attr('class', 'item');
    item.append('svg').attr('width', 18).attr('height', 8).attr('aria-hidden', 'true').append('line')
      .attr('x1', 0).attr('x2', 18).attr('y1', 4).attr('y2', 4).attr('stroke-width', 2);
    item.append('span').attr('class', 'name').style('margin-left', '0.3em');
    return item;
  }).each(function (p, i) {
    const item = d3.select(this);
    item.select('line').style('stroke', colour(p.color, i)).attr('stroke-dasharray', p.dashed ? '5 3' : null);
    item.select('.name').text(p.name);
  });
}

/** Creates the plot in `element`; update() redraws everything from the plain arrays it gets. */
export function createContourPlot(element: HTMLElement, options: ContourPlotOptions = {}): ContourPlot {
  const l = frame(element, options);
  return {
    update(d: ContourData): void {
      const x = d3.scaleLinear().domain(d.grid.x).range([0, l.innerW]);
      const y = d3.scaleLinear().domain(d.grid.y).range([l.innerH, 0]);
      l.xAxis.call(d3.axisBottom(x).ticks(6));
      l.yAxis.call(d3.axisLeft(y).ticks(6));
      drawContours(l.contours, d.grid, options.levels ?? 14, x, y);
      drawPaths(l.paths, d.paths ?? [], x, y);
      drawMarks(l, d.arrows ?? [], d.markers ?? [], x, y);
      drawLegend(l.legend, d.paths ?? []);
    },
    destroy: () => { l.svg.remove(); l.legend.remove(); },
  };
}
