import { describe, it, expect } from 'vitest';
import { createGradNormPlot, decadeDomain, undrawnNote } from '../../src/lib/viz/gradNormPlot';

describe('createGradNormPlot', () => {
  it('draws one line per net over layers 1..D on a log axis spanning whole decades', () => {
    const el = document.createElement('div');
    const plot = createGradNormPlot(el, { width: 200, height: 140 });
    plot.update([
      { name: 'plain', norms: [1e-6, 1e-4, 1e-2, 1] },
      { name: 'residual', norms: [0.1, 0.2, 0.3, 0.5] },
    ]);
    const paths = el.querySelectorAll('path.series');
    expect(paths.length).toBe(2);
    // domain [1e-6, 1e0] over 88 px: 1e-6 at the bottom (88), 1 at the top (0); x from 1 (0) to 4 (132)
    expect(paths[0].getAttribute('d')).toBe('M0,88L44,58.667L88,29.333L132,0');
    expect(el.querySelector('svg')!.classList.contains('grad-norm-plot')).toBe(true);
    expect(el.querySelector('.y-label')!.textContent).toContain('log');
  });

  it('decadeDomain widens to powers of ten and ignores zeros and NaN', () => {
    expect(decadeDomain([{ name: 'a', norms: [3e-5, 0, NaN, 20] }])).toEqual([1e-5, 100]);
    expect(decadeDomain([{ name: 'a', norms: [] }])).toEqual([1e-3, 1]);
    const [lo, hi] = decadeDomain([{ name: 'a', norms: [0.5, 0.5] }]);
    expect(lo).toBeCloseTo(0.1, 12);
    expect(hi).toBe(1);
  });

  it('says in words which layers a log axis cannot show (rough edge 10), and nothing when all are drawn', () => {
    const el = document.createElement('div');
    const plot = createGradNormPlot(el, { width: 200, height: 140 });
    const plain = new Float32Array(30).fill(1e-3);
    for (let i = 0; i < 27; i++) plain[i] = 0; // underflow on the input side, as the no-BN plain net at step 300
    plain[28] = NaN;
    plot.update([{ name: 'plain', norms: plain }, { name: 'residual', norms: new Float32Array(30).fill(0.1) }]);
    const note = el.querySelector<HTMLElement>('.grad-norm-note')!;
    expect(note.hidden).toBe(false);
    expect(note.textContent).toBe('Not drawn — plain, layers 1–27: the gradient is exactly 0 (smaller than float32 can hold), so it has no place on a log axis; plain, layer 29: not a finite number.');
    plot.update([{ name: 'residual', norms: [0.1, 0.2] }]);
    expect(note.hidden).toBe(true);
    expect(undrawnNote([{ name: 'a', norms: [1e-20, 1, 1e-18] }], 1e-16)).toBe('Not drawn — a, layers 1, 3: below the axis (under 1e-16).');
    plot.destroy();
    expect(el.querySelector('.grad-norm-note')).toBeNull();
  });
});
