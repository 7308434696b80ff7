/**
 * Confusion matrix: rows = true class, columns = predicted class, each cell shows its count and is shaded by
 * the fraction of its row (so a small class is as readable as a big one). Cells are buttons: clicking (or
 * Enter/Space) calls onSelect(trueClass, predictedClass) — the studio then shows those thumbnails.
 *
 * The SVG never draws smaller than its viewBox (CSS px = viewBox units): on a 360 px phone the cells stay 44 px
 * tap targets and the text 13 px, and its own box (`scrollBox`) scrolls sideways instead of the page (issue 15,
 * rough edge 5). The cells are focusable, so a keyboard user can reach (and scroll to) every column.
 */
import * as d3 from 'd3';

export interface ConfusionOptions {
  classNames: string[];
  onSelect?: (trueClass: number, predicted: number) => void;
  /** Accessible name of the whole matrix (the caller translates it). */
  title?: string;
  /** Accessible name of one cell (the caller translates it); default English "3 cat predicted as dog". */
  cellLabel?: (count: number, trueName: string, predictedName: string) => string;
}

export interface ConfusionView {
  /** The sideways-scrolling box around the SVG (a caller may watch it to say when columns are hidden). */
  scrollBox: HTMLDivElement;
  update(matrix: number[][]): void;
  destroy(): void;
}

/** One cell's pitch in viewBox units; the rect fills it all (a 44 px tap target), a surface-coloured stroke parts them. */
const CONFUSION_CELL = 46;
/** Font size of the class names and counts, in viewBox units (≥ 12 px on screen, since the SVG never shrinks). */
const CONFUSION_FONT = 13;
const LEFT = 100;
const TOP = 100;

export function createConfusion(element: HTMLElement, options: ConfusionOptions): ConfusionView {
  const k = options.classNames.length;
  const size = LEFT + k * CONFUSION_CELL + 4;
  const cellLabel = options.cellLabel ?? ((n, t, p) => `${n} ${t} predicted as ${p}`);
  const box = d3.select(element).append('div').attr('class', 'confusion-scroll').style('overflow-x', 'auto');
  const svg = box.append('svg').attr('class', 'confusion')
    .attr('viewBox', `0 0 ${size} ${TOP + k * CONFUSION_CELL + 4}`).attr('role', 'group')
    .attr('aria-label', options.title ?? 'Confusion matrix: rows true class, columns predicted class')
    .style('display', 'block').style('width', '100%').style('min-width', `${size}px`)
    .style('max-width', `${Math.round(size * 1.25)}px`).style('height', 'auto');
  svg.append('g').selectAll('text').data(options.classNames).join('text')
    .attr('x', LEFT - 6).attr('y', (_, i) => TOP + i * CONFUSION_CELL + CONFUSION_CELL / 2).attr('dy', '0.32em')
    .attr('text-anchor', 'end').attr('font-size', CONFUSION_FONT).attr('fill', 'currentColor').text((d) => d);
  svg.append('g').selectAll('text').data(options.classNames).join('text')
    .attr('transform', (_, i) => `translate(${LEFT + i * CONFUSION_CELL + CONFUSION_CELL / 2},${TOP - 6}) rotate(-60)`)
    .attr('font-size', CONFUSION_FONT).attr('fill', 'currentColor').text((d) => d);
  const cells = svg.append('g');
  return {
    update(matrix) {
      const flat = matrix.flatMap((row, t) => {
        const total = row.reduce((s, v) => s + v, 0);
        return row.map((count, p) => ({ t, p, count, frac: total ? count / total : 0 }));
      });
      const g = cells.selectAll<SVGGElement, (typeof flat)[number]>('g.cell').data(flat).join((enter) => {
        const c = enter.append('g').attr('class', 'cell').attr('role', 'button').attr('tabindex', 0);
        c.append('rect').attr('width', CONFUSION_CELL).attr('height', CONFUSION_CELL).attr('rx', 3)
          .attr('stroke-width', 2).style('stroke', 'var(--surface, #fff)');
        c.append('text').attr('x', CONFUSION_CELL / 2).attr('y', CONFUSION_CELL / 2).attr('dy', '0.32em')
          .attr('text-anchor', 'middle').attr('font-size', CONFUSION_FONT);
        return c;
      });
      g.attr('transform', (d) => `translate(${LEFT + d.p * CONFUSION_CELL},${TOP + d.t * CONFUSION_CELL})`)
        .attr('data-true', (d) => d.t).attr('data-pred', (d) => d.p)
        .attr('aria-label', (d) => cellLabel(d.count, options.classNames[d.t], options.classNames[d.p]))
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
    scrollBox: box.node()!,
    destroy: () => box.remove(),
  };
}
