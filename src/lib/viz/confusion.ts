/**
 * Confusion matrix: rows = true class, columns = predicted class, each cell shows its count and is shaded by
 * the fraction of its row (so a small class is as readable as a big one). Cells are buttons: clicking (or
 * Enter/Space) calls onSelect(trueClass, predictedClass) — the studio then shows those thumbnails.
 */
import * as d3 from 'd3';

export interface ConfusionOptions {
  classNames: string[];
  onSelect?: (trueClass: number, predicted: number) => void;
  title?: string;
}

export interface ConfusionView {
  update(matrix: number[][]): void;
  destroy(): void;
}

const CELL = 34;
const LEFT = 90;
const TOP = 90;

export function createConfusion(element: HTMLElement, options: ConfusionOptions): ConfusionView {
  const k = options.classNames.length;
  const size = LEFT + k * CELL + 4;
  const svg = d3.select(element).append('svg').attr('class', 'confusion')
    .attr('viewBox', `0 0 ${size} ${TOP + k * CELL + 4}`).attr('role', 'group')
    .attr('aria-label', options.title ?? 'Confusion matrix: rows true class, columns predicted class')
    .style('width', '100%').style('max-width', `${size * 1.4}px`).style('height', 'auto');
  svg.append('g').selectAll('text').data(options.classNames).join('text')
    .attr('x', LEFT - 6).attr('y', (_, i) => TOP + i * CELL + CELL / 2).attr('dy', '0.32em')
    .attr('text-anchor', 'end').attr('font-size', 11).attr('fill', 'currentColor').text((d) => d);
  svg.append('g').selectAll('text').data(options.classNames).join('text')
    .attr('transform', (_, i) => `translate(${LEFT + i * CELL + CELL / 2},${TOP - 6}) rotate(-60)`)
    .attr('font-size', 11).attr('fill', 'currentColor').text((d) => d);
  const cells = svg.append('g');
  return {
    update(matrix) {
      const flat = matrix.flatMap((row, t) => {
        const total = row.reduce((s, v) => s + v, 0);
        return row.map((count, p) => ({ t, p, count, frac: total ? count / total : 0 }));
      });
      const g = cells.selectAll<SVGGElement, (typeof flat)[number]>('g.cell').data(flat).join((enter) => {
        const c = enter.append('g').attr('class', 'cell').attr('role', 'button').attr('tabindex', 0);
        c.append('rect').attr('width', CELL - 2).attr('height', CELL - 2).attr('rx', 2);
        c.append('text').attr('x', (CELL - 2) / 2).attr('y', (CELL - 2) / 2).attr('dy', '0.32em')
          .attr('text-anchor', 'middle').attr('font-size', 11);
        return c;
      });
      g.attr('transform', (d) => `translate(${LEFT + d.p * CELL},${TOP + d.t * CELL})`)
        .attr('data-true', (d) => d.t).attr('data-pred', (d) => d.p)
        .attr('aria-label', (d) => `${d.count} ${options.classNames[d.t]} predicted as ${options.classNames[d.p]}`)
        .on('click', (_, d) => options.onSelect?.(d.t, d.p))
        .on('keydown', (ev: KeyboardEvent, d) => {
          if (ev.key === 'Enter' || ev.key === ' ') {
            ev.preventDefault();
            options.onSelect?.(d.t, d.p);
          }
        });
      g.select('rect').attr('fill', (d) => (d.t === d.p ? d3.interpolateGreens(0.1 + 0.8 * d.frac) : d3.interpolateOranges(d.frac ? 0.15 + 0.85 * d.frac : 0)));
      g.select('text').text((d) => String(d.count)).attr('fill', (d) => (d.frac > 0.6 ? 'white' : 'black'));
    },
    destroy: () => svg.remove(),
  };
}
