import { describe, it, expect } from 'vitest';
import { createLineChart } from '../../src/lib/viz/lineChart';

function host(): HTMLElement {
  const el = document.createElement('div');
  document.body.appendChild(el);
  return el;
}

describe('createLineChart', () => {
  it('draws one path per series with the right number of points and a legend entry each', () => {
    const el = host();
    const chart = createLineChart(el, { xLabel: 'step', yLabel: 'loss', title: 'losses' });
    chart.update([
      { name: 'plain', xs: [0, 1, 2], ys: [1, 0.5, 0.25] },
      { name: 'residual', xs: [0, 1, 2, 3], ys: [1, 0.4, 0.2, 0.1], color: 'red' },
    ]);
    const paths = el.querySelectorAll('path.series');
    expect(paths.length).toBe(2);
    expect(paths[0].getAttribute('data-points')).toBe('3');
    expect(paths[1].getAttribute('data-points')).toBe('4');
    expect((paths[1] as SVGElement).style.stroke).toBe('red'); // a style, so var(--accent) colours resolve
    expect(el.querySelector('svg')!.getAttribute('aria-label')).toBe('losses');
    expect([...el.querySelectorAll('.legend .name')].map((t) => t.textContent)).toEqual(['plain', 'residual']);
    expect(el.querySelector('.x-label')!.textContent).toBe('step');
  });

  it('maps y linearly: the lowest point sits at the bottom of the plot when the domain is fixed', () => {
    const el = host();
    const chart = createLineChart(el, { width: 200, height: 140, yDomain: [0, 1], xDomain: [0, 1] });
    chart.update([{ name: 'a', xs: [0, 1], ys: [0, 1] }]);
    // inner size: 200-56-12 = 132 wide, 140-12-40 = 88 high → from (0,88) to (132,0)
    expect(el.querySelector('path.series')!.getAttribute('d')).toBe('M0,88L132,0');
  });

  it('on a log scale skips non-positive and non-finite values and places decades evenly', () => {
    const el = host();
    const chart = createLineChart(el, { width: 200, height: 140, yScale: 'log', yDomain: [1e-3, 1e1], xDomain: [0, 3] });
    chart.update([{ name: 'g', xs: [0, 1, 2, 3], ys: [1e-3, 0, NaN, 1e1] }]);
    const p = el.querySelector('path.series')!;
    expect(p.getAttribute('data-points')).toBe('2');
    expect(p.getAttribute('d')).toBe('M0,88L132,0');
    const labels = [...el.querySelectorAll('.y-axis .tick text')].map((t) => t.textContent).filter((t) => t);
    expect(labels).toEqual(['10⁻³', '10⁻²', '10⁻¹', '1', '10']);
  });

  it('updates in place and destroy removes the svg', () => {
    const el = host();
    const chart = createLineChart(el);
    chart.update([{ name: 'a', xs: [0, 1], ys: [1, 2] }]);
    chart.update([{ name: 'a', xs: [0, 1, 2], ys: [1, 2, 3] }]);
    expect(el.querySelectorAll('path.series').length).toBe(1);
    expect(el.querySelector('path.series')!.getAttribute('data-points')).toBe('3');
    chart.destroy();
    expect(el.children.length).toBe(0);
  });
});

describe('tick labels read as plain numbers (issue 11)', () => {
  const ticks = (el: HTMLElement, axis: 'x' | 'y') => [...el.querySelectorAll(`.${axis}-axis .tick text`)].map((t) => t.textContent);

  it('steps 0–40 and 0–4,000 ms are labelled 0, 10, 20 … and 1,000, 2,000 …, not 2e+1 or 4e+3', () => {
    const el = host();
    const chart = createLineChart(el, { width: 480, xDomain: [0, 40], yDomain: [0, 4000] });
    chart.update([{ name: 'ms', xs: [0, 40], ys: [0, 4000] }]);
    expect(ticks(el, 'x')).toEqual(['0', '10', '20', '30', '40']);
    expect(ticks(el, 'y')).toEqual(['0', '1,000', '2,000', '3,000', '4,000']);
  });

  it('small values keep the decimals the step needs and no more', () => {
    const el = host();
    const chart = createLineChart(el, { yDomain: [0, 0.001], xDomain: [0, 1] });
    chart.update([{ name: 'lr', xs: [0, 1], ys: [0, 0.001] }]);
    expect(ticks(el, 'y')).toEqual(['0', '0.0002', '0.0004', '0.0006', '0.0008', '0.001']);
    expect(ticks(el, 'x')).toEqual(['0', '0.2', '0.4', '0.6', '0.8', '1']);
  });
});
