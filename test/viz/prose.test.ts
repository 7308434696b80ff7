import { describe, it, expect } from 'vitest';
import { renderProse } from '../../src/lib/text/prose';

/** The TeX source KaTeX keeps in its MathML annotation: proves which text became maths. */
function texOf(html: string): string[] {
  return [...html.matchAll(/<annotation encoding="application\/x-tex">([\s\S]*?)<\/annotation>/g)].map((m) => m[1]);
}

describe('renderProse', () => {
  it('renders markdown', () => {
    const html = renderProse('A **bold** word and a [link](#/welcome/2).\n\n- one\n- two');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<a href="#/welcome/2">link</a>');
    expect(html).toMatch(/<ul>\s*<li>one<\/li>/);
  });

  it('renders $inline$ maths inline and $$display$$ maths as a block', () => {
    const html = renderProse('Let $H(x) = F(x) + x$ hold.\n\n$$\ny_{i,j} = \\sum_u x_{i+u}\n$$\n\nAfter.');
    expect(texOf(html)).toEqual(['H(x) = F(x) + x', 'y_{i,j} = \\sum_u x_{i+u}']);
    expect(html).toMatch(/<p>Let <span class="katex">/);
    expect(html).toContain('<div class="math-display" tabindex="0"><span class="katex-display">');
    expect(html).toContain('<p>After.</p>');
  });

  it('leaves dollar amounts, escaped dollars and code alone', () => {
    const html = renderProse('It costs \\$5, or 5$ each. `const $x = 1$;`');
    expect(texOf(html)).toEqual([]);
    expect(html).toContain('$5');
    expect(html).toContain('<code>const $x = 1$;</code>');
  });

  it('shows a broken formula in place instead of throwing', () => {
    const html = renderProse('Oops $\\frac{1}{$ here.');
    expect(html).toContain('katex-error');
    expect(html).toContain('here.');
  });
});
