import * as d3 from 'd3';
import { t } from '../i18n/index';

/** Top-k classes as a horizontal bar chart (SVG). Probabilities in [0,1], best first. */
export interface TopKItem { label: string; prob: number; index: number }
export interface TopKOptions { width?: number }
export interface TopK { update(items: TopKItem[]): void; destroy(): void }

/** First synonym of an ImageNet label ("tabby, tabby cat" → "tabby"). */
export function shortLabel(label: string): string {
  return label.split(',')[0].trim();
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** Percent with one decimal, "<0.1 %" below. */
export function formatProb(p: number): string {
  return p < 0.001 ? '<0.1 %' : `${(p * 100).toFixed(1)} %`;
}

/** Bars scaled to probability 1 = full width, so small probabilities look small. */
export function createTopK(element: HTMLElement, options: TopKOptions = {}): TopK {
  const width = options.width ?? 340;
  const row = 26;
  // 18 characters at 12 px fit in 144 px; longer names are cut and keep their full text in the tooltip.
  const labelW = 150;
  const svg = d3.select(element).append('svg').attr('class', 'topk').attr('role', 'img')
    .style('width', '100%').style('max-width', `${width + 40}px`).style('display', 'block');
  return {
    update(items) {
      svg.attr('viewBox', `0 0 ${width} ${Math.max(1, items.length) * row}`);
      svg.attr('aria-label', items.map((it) => `${shortLabel(it.label)} ${formatProb(it.prob)}`).join('; '));
      svg.selectAll('*').remove();
      const x = d3.scaleLinear([0, 1], [0, width - labelW - 56]);
      items.forEach((it, i) => {
        const g = svg.append('g').attr('class', 'topk-row').attr('transform', `translate(0,${i * row})`);
        g.append('title').text(t('class {i}: {label}', { i: String(it.index), label: it.label }));
        g.append('text').attr('x', labelW - 6).attr('y', 16).attr('text-anchor', 'end').attr('font-size', 12)
          .attr('fill', 'currentColor').text(clip(shortLabel(it.label), 18));
        g.append('rect').attr('class', 'topk-bar').attr('x', labelW).attr('y', 5).attr('height', 15)
          .attr('width', x(it.prob)).attr('fill', i === 0 ? '#e6550d' : '#9ecae1');
        g.append('text').attr('x', labelW + x(it.prob) + 4).attr('y', 16).attr('font-size', 11).attr('fill', 'currentColor')
          .text(formatProb(it.prob));
      });
    },
    destroy: () => svg.remove(),
  };
}
