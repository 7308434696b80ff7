import { describe, it, expect } from 'vitest';
import { createTopK, shortLabel, formatProb } from '../../src/lib/viz/topk';

describe('top-5 bar chart', () => {
  it('draws one bar per class, widths proportional to probability, labelled with the first synonym', () => {
    const el = document.createElement('div');
    const t = createTopK(el);
    t.update([
      { label: 'tabby, tabby cat', prob: 0.6, index: 281 },
      { label: 'tiger cat', prob: 0.3, index: 282 },
      { label: 'crane', prob: 0.0004, index: 134 },
    ]);
    const bars = [...el.querySelectorAll('.topk-bar')].map((b) => Number(b.getAttribute('width')));
    expect(bars.length).toBe(3);
    expect(bars[0] / bars[1]).toBeCloseTo(2, 6);
    expect(el.querySelector('svg')!.getAttribute('aria-label')).toBe('tabby 60.0 %; tiger cat 30.0 %; crane <0.1 %');
    expect(el.querySelector('title')!.textContent).toBe('class 281: tabby, tabby cat');
    t.destroy();
    expect(el.innerHTML).toBe('');
  });

  it('formats labels and probabilities', () => {
    expect(shortLabel('great white shark, white shark')).toBe('great white shark');
    expect(formatProb(0.12345)).toBe('12.3 %');
  });
});
